package org.hsaj.gpu.dispatch;

/**
 * Runs the work-groups of a kernel dispatch to completion. The packet processor calls it on the queue's
 * thread and waits for it to return before it completes the packet; the executor may spread the
 * work-groups over compute-unit threads meanwhile.
 */
@FunctionalInterface
public interface KernelExecutor {
    /**
     * @throws org.hsaj.runtime.api.HsaException when the dispatch fails (unknown kernel object, memory
     *     violation, trap, watchdog): its status and message reach the queue's error callback
     */
    void execute(KernelDispatch dispatch);

    /** An executor that knows no kernel: every dispatch fails with ERROR_INVALID_CODE_OBJECT. */
    KernelExecutor NONE = dispatch -> {
        throw new org.hsaj.runtime.api.HsaException(org.hsaj.runtime.api.HsaStatus.ERROR_INVALID_CODE_OBJECT,
                String.format("kernel_object 0x%x of packet %d: no kernel executor is attached to this agent",
                        dispatch.packet().kernelObject(), dispatch.packetId()));
    };
}
