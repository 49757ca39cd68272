package org.hsaj.hsail.codegen.jvm;

import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.FinalizedKernel;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.hsail.ir.Kernel;

/**
 * A kernel finalized into a hidden class. Immutable; {@link #runWorkGroup} and {@link #runWorkGroups}
 * may be called concurrently for different work-groups (each thread has its own {@link WorkGroupState}).
 */
final class JvmCompiledKernel extends FinalizedKernel implements BatchedKernel {
    private final WorkGroupProgram program;
    private final KernelClassGenerator.Generated generated;
    /** See {@link KernelPlan#fusesWorkGroups}. */
    private final boolean fusesWorkGroups;
    /** The pointer windows of the dispatch that started last, shared by the compute units running it. */
    private volatile PointerWindows windows = PointerWindows.NONE;
    /** Each compute unit thread's state for the dispatch it runs last (see {@link WorkGroupState}). */
    private final ThreadLocal<WorkGroupState> states = new ThreadLocal<>();

    JvmCompiledKernel(Kernel kernel, WorkGroupProgram program, KernelClassGenerator.Generated generated) {
        super(kernel, generated.layout().groupSegmentSize(), generated.layout().privateSegmentSize());
        this.program = program;
        this.generated = generated;
        this.fusesWorkGroups = generated.plan().fusesWorkGroups();
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
        CompiledKernel.checkSegments(this, dispatch, memory);
        KernelPlan plan = generated.plan();
        PointerWindows w = windows;
        if (w.dispatch != dispatch) {
            w = PointerWindows.of(generated.info(), dispatch);
            windows = w;
        }
        return new WorkGroupState(generated.info(), dispatch, memory, w, plan);
    }

    /** The generated class file (for tests and dumps). */
    byte[] classFile() {
        return generated.bytes().clone();
    }

    KernelClassGenerator.Generated generated() {
        return generated;
    }
}
