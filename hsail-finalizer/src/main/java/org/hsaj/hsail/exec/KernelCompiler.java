package org.hsaj.hsail.exec;

import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;

/** A back end: turns a kernel of a validated module into something that runs (interpreter, JVM code). */
public interface KernelCompiler {
    /** The back end's name as settings use it: {@code interp}, {@code jvm}. */
    String name();

    /**
     * @throws org.hsaj.hsail.analysis.HsailException when the kernel uses something this back end
     *     cannot run; the message names the instruction and its source position
     */
    CompiledKernel compile(Module module, Kernel kernel);
}
