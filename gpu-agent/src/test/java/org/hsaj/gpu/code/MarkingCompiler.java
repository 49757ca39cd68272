package org.hsaj.gpu.code;

import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.FinalizedKernel;
import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;

/**
 * A back end for tests of the loader: its kernels take their sizes from the IR and, when run, store
 * {@code mark} into the u32 that their first kernarg parameter points at, so that a test can tell which
 * back end's kernel object a dispatch ran.
 */
record MarkingCompiler(String name, int mark) implements KernelCompiler {
    @Override
    public CompiledKernel compile(Module module, Kernel kernel) {
        return new FinalizedKernel(kernel, kernel.groupSegmentSize(), kernel.privateSegmentSize()) {
            @Override
            public void runWorkGroup(DispatchContext d, WorkGroupMemory m, long gx, long gy, long gz) {
                long out = d.memory().loadLong(d.kernargAddress());
                d.memory().storeInt(out, mark);
            }
        };
    }
}
