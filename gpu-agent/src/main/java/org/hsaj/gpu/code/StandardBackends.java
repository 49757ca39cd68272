package org.hsaj.gpu.code;

import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;

/** Makes the compilers of the back ends this build has. */
final class StandardBackends {
    private StandardBackends() {
    }

    static KernelCompiler jvm() {
        throw new HsaException(HsaStatus.EXT_ERROR_FINALIZATION_FAILED, "the jvm back end is not in this build yet");
    }

    static KernelCompiler interpreter() {
        return new InterpreterKernelCompiler();
    }
}
