package org.hsaj.hsail.codegen.jvm;

import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;

/**
 * A kernel finalized into a hidden class. Immutable; {@link #runWorkGroup} and {@link #runWorkGroups}
 * may be called concurrently for different work-groups (each thread has its own {@link WorkGroupState}).
 */
final class JvmCompiledKernel implements BatchedKernel {
    private final Kernel kernel;
    private final WorkGroupProgram program;
    private final KernelClassGenerator.Generated generated;
    /** See {@link KernelPlan#fusesWorkGroups}. */
    private final boolean fusesWorkGroups;
    /** The pointer windows of the dispatch that started last, shared by the compute units running it. */
    private volatile PointerWindows windows = PointerWindows.NONE;
    /** Each compute unit thread's state for the dispatch it runs last (see {@link WorkGroupState}). */
    private final ThreadLocal<WorkGroupState> states = new ThreadLocal<>();

    JvmCompiledKernel(Kernel kernel, WorkGroupProgram program, KernelClassGenerator.Generated generated) {
        this.kernel = kernel;
        this.program = program;
        this.generated = generated;
        this.fusesWorkGroups = generated.plan().fusesWorkGroups();
    }

    @Override
    public String name() {
        return kernel.name();
    }

    @Override
    public long kernargSegmentSize() {
        return kernel.kernargSegmentSize();
    }

    @Override
    public int kernargSegmentAlignment() {
        return kernel.kernargSegmentAlignment();
    }

    @Override
    public long groupSegmentSize() {
        return generated.layout().groupSegmentSize;
    }

    @Override
    public long privateSegmentSize() {
        return generated.layout().privateSegmentSize;
    }

    @Override
    public void runWorkGroup(DispatchContext dispatch, WorkGroupMemory memory, long groupX, long groupY, long groupZ) {
        WorkGroupState state = stateFor(dispatch, memory);
        state.begin(groupX, groupY, groupZ, 1);
        program.run(state);
    }

    @Override
    public void runWorkGroups(DispatchContext dispatch, WorkGroupMemory memory, long groupX, long groupY, long groupZ,
            int countX) {
        WorkGroupState state = stateFor(dispatch, memory);
        if (fusesWorkGroups) {
            state.begin(groupX, groupY, groupZ, countX);
            program.run(state);
            return;
        }
        for (int i = 0; i < countX; i++) {
            state.begin(groupX + i, groupY, groupZ, 1);
            program.run(state);
        }
    }

    private WorkGroupState stateFor(DispatchContext dispatch, WorkGroupMemory memory) {
        WorkGroupState state = states.get();
        if (state == null || !state.serves(dispatch, memory)) {
            state = prepare(dispatch, memory);
            states.set(state);
        }
        return state;
    }

    /** Checks that the dispatch and memory fit the kernel and makes this thread's state for them. */
    private WorkGroupState prepare(DispatchContext dispatch, WorkGroupMemory memory) {
        DispatchGeometry g = dispatch.geometry();
        require(dispatch.groupSegmentSize() >= groupSegmentSize(), "group segment of %d bytes, kernel needs %d",
                dispatch.groupSegmentSize(), groupSegmentSize());
        require(dispatch.privateSegmentSize() >= privateSegmentSize(), "private segment of %d bytes per work-item,"
                + " kernel needs %d", dispatch.privateSegmentSize(), privateSegmentSize());
        require(memory.groupCapacity() >= dispatch.groupSegmentSize(), "group memory of %d bytes for a %d-byte group"
                + " segment", memory.groupCapacity(), dispatch.groupSegmentSize());
        long privateNeeded = dispatch.privateSegmentSize() * g.workItemsPerGroup();
        require(memory.privateCapacity() >= privateNeeded, "private memory of %d bytes, %d work-items need %d",
                memory.privateCapacity(), (long) g.workItemsPerGroup(), privateNeeded);
        KernelPlan plan = generated.plan();
        PointerWindows w = windows;
        if (w.dispatch != dispatch) {
            w = PointerWindows.of(generated.info(), dispatch);
            windows = w;
        }
        return new WorkGroupState(generated.info(), dispatch, memory, w, plan.intSlots, plan.longSlots,
                !plan.isSinglePass());
    }

    private void require(boolean ok, String format, Object... args) {
        if (!ok) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "kernel " + name() + ": the dispatch gives a "
                    + String.format(format, args));
        }
    }

    /** The generated class file (for tests and dumps). */
    byte[] classFile() {
        return generated.bytes().clone();
    }

    KernelClassGenerator.Generated generated() {
        return generated;
    }
}
