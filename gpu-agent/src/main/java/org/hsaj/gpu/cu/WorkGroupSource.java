package org.hsaj.gpu.cu;

/**
 * The work-groups of one dispatch as a scheduling policy hands them out. Work-groups are numbered
 * 0 .. total-1 in x-fastest order.
 *
 * <p>Threading: {@link #next} is called concurrently, each compute unit passing its own index.
 */
public interface WorkGroupSource {
    /** The next work-group for compute unit {@code computeUnit}, or -1 when it has nothing left to run. */
    long next(int computeUnit);
}
