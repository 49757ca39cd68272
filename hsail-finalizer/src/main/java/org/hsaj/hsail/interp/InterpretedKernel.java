package org.hsaj.hsail.interp;

import java.util.IdentityHashMap;
import java.util.Map;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.FinalizedKernel;
import org.hsaj.hsail.exec.SegmentLayout;
import org.hsaj.hsail.exec.VariableAddresses;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;

/**
 * A kernel as the reference interpreter runs it: straight from the IR, work-item by work-item, favouring
 * being obviously right over being fast.
 *
 * <p>Semantics: PRM 1.0 for every supported instruction, with the platform's choices where the PRM
 * leaves one, the same as every back end's (org.hsaj.hsail.exec): segments in the shared virtual memory
 * at the {@link WorkGroupMemory} addresses, laid out by {@link SegmentLayout}; nullptr 0 in every
 * segment; wavefronts of {@link CompiledKernel#WAVEFRONT_SIZE} consecutive current flat ids; integer
 * division by zero gives all ones (remainder: the dividend), see {@code IntegerOps}; out-of-range float
 * to integer conversions clamp; native float functions are computed accurately. Every access is checked
 * (group and private against the dispatch's segment sizes, everything else against the page table), so
 * a bad one becomes a {@code KernelFault} naming the kernel, work-item, work-group and HSAIL source
 * position.
 *
 * <p>How a work-group runs ({@link WorkGroupRun}): each work-item runs until it reaches a synchronising
 * instruction (barrier, wavebarrier, cross-lane operation) or ends; then the work-items waiting at the
 * earliest such point in program order go past it together (a barrier only when all work-items wait
 * there), and so on. The work-items that reach a cross-lane operation together are its active lanes, so
 * divergent work-items reconverge at the earliest waiting point. A cancelled dispatch faults at the next
 * backward branch, synchronising point or signal wait.
 *
 * <p>Immutable; {@link #runWorkGroup} may be called concurrently for different work-groups.
 */
final class InterpretedKernel extends FinalizedKernel {
    final Module module;
    final SegmentLayout layout;
    /** Where the loader placed global and readonly variables; null without a loader. */
    final VariableAddresses variables;
    final InterpreterKernelCompiler.Options options;
    private final Map<Body, Code> code = new IdentityHashMap<>();

    InterpretedKernel(Module module, Kernel kernel, SegmentLayout layout, VariableAddresses variables,
            InterpreterKernelCompiler.Options options) {
        super(kernel, layout.groupSegmentSize(), layout.privateSegmentSize());
        this.module = module;
        this.layout = layout;
        this.variables = variables;
        this.options = options;
        Body body = kernel.body().orElseThrow();
        code.put(body, Code.of(body));
        for (Function f : layout.functions()) {
            Body fb = f.body().orElseThrow();
            code.put(fb, Code.of(fb));
        }
    }

    /** The prepared code of the kernel or a callable function's body. */
    Code code(Body body) {
        return code.get(body);
    }

    @Override
    public void runWorkGroup(DispatchContext dispatch, WorkGroupMemory memory, long groupX, long groupY, long groupZ) {
        CompiledKernel.checkWorkGroup(this, dispatch, memory, groupX, groupY, groupZ);
        new WorkGroupRun(this, dispatch, memory, groupX, groupY, groupZ).run();
    }
}
