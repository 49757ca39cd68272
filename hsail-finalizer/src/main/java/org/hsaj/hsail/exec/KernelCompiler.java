package org.hsaj.hsail.exec;

import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;

/**
 * A back end: turns a kernel of a validated module into something that runs (interpreter, JVM code).
 *
 * <p>Global and readonly variables live where the executable loader placed them; a loader hands
 * their addresses to {@link #compile(Module, Kernel, VariableAddresses)}. Without a loader
 * ({@link #compile(Module, Kernel)}) such variables have no address, and a back end reports a kernel
 * that uses one (at compile time or as a kernel fault when it runs).
 *
 * <p>Threading: compiling is safe from any thread.
 */
public interface KernelCompiler {
    /** The back end's name as settings use it: {@code interp}, {@code jvm}. */
    String name();

    /**
     * Compiles {@code kernel} with no loader: global and readonly variables have no address.
     *
     * @throws org.hsaj.hsail.analysis.HsailException when the kernel uses something this back end
     *     cannot run; the message names the instruction and its source position
     */
    CompiledKernel compile(Module module, Kernel kernel);

    /**
     * Compiles {@code kernel} for an executable whose loader placed the module's global and readonly
     * variables at {@code variables} (null: no loader, as {@link #compile(Module, Kernel)}).
     *
     * <p>The default serves back ends that cannot take variable addresses: without them it compiles as
     * {@link #compile(Module, Kernel)}; given some it refuses, rather than run kernels whose variables
     * would be somewhere else than where the loader put them.
     *
     * @throws UnsupportedOperationException (default) when {@code variables} is not null
     * @throws org.hsaj.hsail.analysis.HsailException as {@link #compile(Module, Kernel)}
     */
    default CompiledKernel compile(Module module, Kernel kernel, VariableAddresses variables) {
        if (variables == null) {
            return compile(module, kernel);
        }
        throw new UnsupportedOperationException("the " + name() + " back end cannot use the addresses at which a"
                + " loader placed global and readonly variables");
    }
}
