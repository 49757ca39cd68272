package org.hsaj.gpu.code;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hsaj.hsail.analysis.HsailException;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;

/**
 * A validated HSAIL module with every kernel it defines finalized by one or more back ends
 * ({@code hsa_ext_program_finalize} once per back end): what {@link Executable#loadCodeObject} loads
 * onto an agent. Finalizing for two back ends gives each kernel two compiled forms, so that a host can
 * pick the back end per dispatch.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class CodeObject {
    /** One kernel as one back end finalized it. */
    record FinalizedKernel(String backend, Kernel kernel, CompiledKernel compiled) {
    }

    private final Module module;
    private final List<String> backends;
    private final List<FinalizedKernel> kernels;

    private CodeObject(Module module, List<String> backends, List<FinalizedKernel> kernels) {
        this.module = module;
        this.backends = List.copyOf(backends);
        this.kernels = List.copyOf(kernels);
    }

    /**
     * Finalizes every kernel definition of {@code module} with each of {@code compilers}.
     *
     * @throws HsailException when a back end cannot run a kernel (the message names the instruction and
     *     its source position)
     * @throws HsaException ERROR_INVALID_ARGUMENT for no compilers or two of the same name;
     *     EXT_ERROR_FINALIZATION_FAILED when a back end fails in another way
     */
    public static CodeObject finalize(Module module, List<KernelCompiler> compilers) {
        if (compilers.isEmpty()) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "finalizing module " + module.name()
                    + " needs at least one back end");
        }
        Set<String> names = new HashSet<>();
        List<FinalizedKernel> kernels = new ArrayList<>();
        for (KernelCompiler compiler : compilers) {
            if (!names.add(compiler.name())) {
                throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "back end " + compiler.name()
                        + " is named twice");
            }
            for (Kernel kernel : module.kernels()) {
                if (kernel.isDefinition()) {
                    kernels.add(new FinalizedKernel(compiler.name(), kernel, compile(compiler, module, kernel)));
                }
            }
        }
        return new CodeObject(module, compilers.stream().map(KernelCompiler::name).toList(), kernels);
    }

    private static CompiledKernel compile(KernelCompiler compiler, Module module, Kernel kernel) {
        try {
            return compiler.compile(module, kernel);
        } catch (HsaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new HsaException(HsaStatus.EXT_ERROR_FINALIZATION_FAILED, "the " + compiler.name()
                    + " back end failed to finalize kernel " + kernel.name() + " (" + kernel.position() + "): " + e, e);
        }
    }

    public Module module() {
        return module;
    }

    /** The back ends it was finalized with, in the order given. */
    public List<String> backends() {
        return backends;
    }

    /** The names of the kernels it defines, in source order. */
    public List<String> kernelNames() {
        return kernels.stream().filter(k -> k.backend().equals(backends.getFirst())).map(k -> k.kernel().name())
                .toList();
    }

    /**
     * Kernel {@code name} as back end {@code backend} finalized it, to run outside any queue (tests,
     * benchmarks).
     *
     * @throws HsaException ERROR_INVALID_SYMBOL_NAME naming the kernels and back ends there are
     */
    public CompiledKernel kernel(String name, String backend) {
        return find(name, backend).compiled();
    }

    FinalizedKernel find(String name, String backend) {
        for (FinalizedKernel k : kernels) {
            if (k.kernel().name().equals(name) && k.backend().equals(backend)) {
                return k;
            }
        }
        throw new HsaException(HsaStatus.ERROR_INVALID_SYMBOL_NAME, "module " + module.name() + " has no kernel "
                + name + " finalized by " + backend + " (kernels: " + String.join(", ", kernelNames())
                + "; back ends: " + String.join(", ", backends) + ")");
    }

    List<FinalizedKernel> finalizedKernels() {
        return kernels;
    }
}
