package org.hsaj.gpu.code;

import org.hsaj.hsail.codegen.jvm.JvmKernelCompiler;
import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.hsail.interp.InterpreterKernelCompiler;

/** Makes the compilers of the back ends this build has. */
final class StandardBackends {
    private StandardBackends() {
    }

    /** The JVM bytecode back end, in checked or fast mode as {@code hsaj.gpu.checked} says. */
    static KernelCompiler jvm() {
        return new JvmKernelCompiler();
    }

    /** The reference interpreter. */
    static KernelCompiler interpreter() {
        return new InterpreterKernelCompiler();
    }
}
