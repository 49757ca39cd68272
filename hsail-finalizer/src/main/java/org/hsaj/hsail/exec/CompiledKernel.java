package org.hsaj.hsail.exec;

/**
 * A finalized kernel ready to run. {@link #runWorkGroup} runs every work-item of one work-group,
 * honouring barriers, and returns when all of them have finished.
 *
 * <p>Threading: one instance serves many dispatches and many compute units at once; calls for
 * different work-groups run concurrently, each with its own {@link WorkGroupMemory}.
 */
public interface CompiledKernel {
    /** The kernel's name, with its sigil ({@code &vector_add}). */
    String name();

    /** Bytes of kernarg the kernel reads (the dispatch must provide at least this many). */
    long kernargSegmentSize();

    /** Alignment the kernarg segment needs. */
    int kernargSegmentAlignment();

    /** Bytes of group memory the kernel's own variables need, before dynamic group memory. */
    long groupSegmentSize();

    /** Bytes of private and spill memory per work-item, callees included. */
    long privateSegmentSize();

    /**
     * Runs work-group ({@code groupX}, {@code groupY}, {@code groupZ}) of the dispatch.
     *
     * @throws KernelFault when a work-item faults (bad memory access, trap) or the dispatch is cancelled
     */
    void runWorkGroup(DispatchContext dispatch, WorkGroupMemory memory, long groupX, long groupY, long groupZ);
}
