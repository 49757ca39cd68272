package org.hsaj.hsail.exec;

import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;

/**
 * A finalized kernel ready to run. {@link #runWorkGroup} runs every work-item of one work-group,
 * honouring barriers, and returns when all of them have finished.
 *
 * <p>Threading: one instance serves many dispatches and many compute units at once; calls for
 * different work-groups run concurrently, each with its own {@link WorkGroupMemory}.
 */
public interface CompiledKernel {
    /**
     * Work-items per wavefront in every back end: HSAIL's {@code WAVESIZE}, and the lanes of cross-lane
     * operations (a wavefront is 64 consecutive current flat work-item ids of a work-group).
     */
    int WAVEFRONT_SIZE = 64;

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
     * @throws HsaException ERROR_INVALID_ARGUMENT when the work-group is outside the grid or the dispatch
     *     or memory is too small for the kernel (see {@link #checkWorkGroup})
     */
    void runWorkGroup(DispatchContext dispatch, WorkGroupMemory memory, long groupX, long groupY, long groupZ);

    /**
     * Checks what a back end's {@link #runWorkGroup} is given: the work-group lies in the grid and
     * {@link #checkSegments the segments fit}.
     *
     * @throws HsaException ERROR_INVALID_ARGUMENT naming the kernel and what is too small or outside
     */
    static void checkWorkGroup(CompiledKernel kernel, DispatchContext dispatch, WorkGroupMemory memory, long groupX,
            long groupY, long groupZ) {
        DispatchGeometry g = dispatch.geometry();
        if (groupX < 0 || groupY < 0 || groupZ < 0 || groupX >= g.gridGroups(0) || groupY >= g.gridGroups(1)
                || groupZ >= g.gridGroups(2)) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, String.format(
                    "kernel %s: work-group (%d, %d, %d) is outside the grid's %d x %d x %d work-groups", kernel.name(),
                    groupX, groupY, groupZ, g.gridGroups(0), g.gridGroups(1), g.gridGroups(2)));
        }
        checkSegments(kernel, dispatch, memory);
    }

    /**
     * Checks that the dispatch's segment sizes cover the kernel's and the memory lent covers the
     * dispatch's segments.
     *
     * @throws HsaException ERROR_INVALID_ARGUMENT naming the kernel and what is too small
     */
    static void checkSegments(CompiledKernel kernel, DispatchContext dispatch, WorkGroupMemory memory) {
        DispatchGeometry g = dispatch.geometry();
        require(kernel, dispatch.groupSegmentSize() >= kernel.groupSegmentSize(), "group segment of %d bytes,"
                + " kernel needs %d", dispatch.groupSegmentSize(), kernel.groupSegmentSize());
        require(kernel, dispatch.privateSegmentSize() >= kernel.privateSegmentSize(), "private segment of %d bytes"
                + " per work-item, kernel needs %d", dispatch.privateSegmentSize(), kernel.privateSegmentSize());
        require(kernel, memory.groupCapacity() >= dispatch.groupSegmentSize(), "group memory of %d bytes for a"
                + " %d-byte group segment", memory.groupCapacity(), dispatch.groupSegmentSize());
        long privateNeeded = dispatch.privateSegmentSize() * g.workItemsPerGroup();
        require(kernel, memory.privateCapacity() >= privateNeeded, "private memory of %d bytes, %d work-items need"
                + " %d", memory.privateCapacity(), (long) g.workItemsPerGroup(), privateNeeded);
    }

    private static void require(CompiledKernel kernel, boolean ok, String format, Object... args) {
        if (!ok) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "kernel " + kernel.name()
                    + ": the dispatch gives a " + String.format(format, args));
        }
    }
}
