package org.hsaj.gpu.dispatch;

/**
 * A function an agent dispatch packet can call by number ({@code type} field). Runs on the queue's
 * processor thread; its result is stored at the packet's return address when that is not 0.
 */
@FunctionalInterface
public interface AgentFunction {
    long call(long arg0, long arg1, long arg2, long arg3);
}
