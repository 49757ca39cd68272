package org.hsaj.hsail.codegen.jvm;

import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.WorkGroupMemory;

/**
 * A compiled kernel that runs several work-groups in one call: consecutive along x, in one row of
 * the grid. Kernels whose work-items do not depend on their work-group (no local ids, group or
 * private memory, synchronisation) run the whole run as one loop over its work-items, which saves
 * the setup of a loop per work-group; others run the work-groups one after another.
 *
 * <p>Threading: as {@link CompiledKernel#runWorkGroup}.
 */
public interface BatchedKernel extends CompiledKernel {
    /**
     * Runs work-groups (groupX .. groupX + countX - 1, groupY, groupZ) of the dispatch.
     *
     * @throws org.hsaj.hsail.exec.KernelFault when a work-item faults or the dispatch is cancelled
     */
    void runWorkGroups(DispatchContext dispatch, WorkGroupMemory memory, long groupX, long groupY, long groupZ,
            int countX);
}
