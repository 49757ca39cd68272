package org.hsaj.gpu.code;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hsaj.hsail.analysis.HsailException;
import org.hsaj.hsail.codegen.jvm.JvmKernelCompiler;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.hsail.exec.ModuleVariables;
import org.hsaj.hsail.exec.VariableAddresses;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.Variable;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * A validated HSAIL module with every kernel it defines finalized by one or more back ends
 * ({@code hsa_ext_program_finalize} once per back end): what {@link Executable#loadCodeObject} loads
 * onto an agent. Finalizing for two back ends gives each kernel two compiled forms, so that a host can
 * pick the back end per dispatch. Finalized for a platform's memory, a code object also holds the
 * module's global and readonly variables, placed there and initialised; kernels of every back end use
 * the same ones.
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
    private final ModuleVariables variables;

    private CodeObject(Module module, List<String> backends, List<FinalizedKernel> kernels, ModuleVariables variables) {
        this.module = module;
        this.backends = List.copyOf(backends);
        this.kernels = List.copyOf(kernels);
        this.variables = variables;
    }

    /**
     * Finalizes every kernel definition of {@code module} with each of {@code compilers}, for running
     * outside an executable: no loader places the module's global or readonly variables, so kernels that
     * use them are refused (jvm) or fault when they reach one (interp).
     *
     * @throws HsailException when a back end cannot run a kernel (the message names the instruction and
     *     its source position)
     * @throws HsaException ERROR_INVALID_ARGUMENT for no compilers or two of the same name;
     *     EXT_ERROR_FINALIZATION_FAILED when a back end fails in another way
     */
    public static CodeObject finalize(Module module, List<KernelCompiler> compilers) {
        return finalize(module, compilers, (ModuleVariables) null);
    }

    /**
     * Places the global and readonly variables of {@code module} in {@code memory} (initialised from
     * their initializers, else zero), then finalizes every kernel with each of {@code compilers} for
     * those addresses: what the executable loader does.
     *
     * @throws HsailException and HsaException as {@link #finalize(Module, List)}
     */
    public static CodeObject finalize(Module module, List<KernelCompiler> compilers, SharedVirtualMemory memory) {
        return finalize(module, compilers, ModuleVariables.defines(module) ? ModuleVariables.allocate(module, memory)
                : null);
    }

    private static CodeObject finalize(Module module, List<KernelCompiler> compilers, ModuleVariables variables) {
        if (compilers.isEmpty()) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "finalizing module " + module.name()
                    + " needs at least one back end");
        }
        Set<String> names = new HashSet<>();
        for (KernelCompiler compiler : compilers) {
            if (!names.add(compiler.name())) {
                throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "back end " + compiler.name()
                        + " is named twice");
            }
        }
        List<FinalizedKernel> kernels = new ArrayList<>();
        try {
            for (KernelCompiler compiler : compilers) {
                for (Kernel kernel : module.kernels()) {
                    if (kernel.isDefinition()) {
                        kernels.add(new FinalizedKernel(compiler.name(), kernel,
                                compile(compiler, module, kernel, variables)));
                    }
                }
            }
        } catch (RuntimeException e) {
            if (variables != null) {
                variables.release();
            }
            throw e;
        }
        return new CodeObject(module, compilers.stream().map(KernelCompiler::name).toList(), kernels, variables);
    }

    /**
     * One kernel by one back end, with the variables' addresses when there are any. The JVM back end
     * still takes them through its own method rather than the contract's.
     */
    private static CompiledKernel compile(KernelCompiler compiler, Module module, Kernel kernel,
            VariableAddresses variables) {
        try {
            if (variables != null && compiler instanceof JvmKernelCompiler jvm) {
                return jvm.compile(module, kernel, variables::addressOf);
            }
            return compiler.compile(module, kernel, variables);
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
     * The address of the module-scope global or readonly variable {@code name} ({@code &counter}), as
     * {@code HSA_EXECUTABLE_SYMBOL_INFO_VARIABLE_ADDRESS} gives it.
     *
     * @throws HsaException ERROR_INVALID_SYMBOL_NAME when the module defines no such variable;
     *     ERROR_VARIABLE_UNDEFINED when it was finalized without a memory to place variables in
     */
    public long variableAddress(String name) {
        Variable v = module.variable(name);
        if (v == null || !v.isDefinition() || (v.segment() != Segment.GLOBAL && v.segment() != Segment.READONLY)) {
            throw new HsaException(HsaStatus.ERROR_INVALID_SYMBOL_NAME, "module " + module.name()
                    + " defines no global or readonly variable " + name + " (variables: " + String.join(", ",
                            module.variables().stream().filter(Variable::isDefinition).map(Variable::name).toList())
                    + ")");
        }
        if (variables == null) {
            throw new HsaException(HsaStatus.ERROR_VARIABLE_UNDEFINED, "module " + module.name()
                    + " was finalized without a memory to place its variables in");
        }
        return variables.addressOf(v);
    }

    /**
     * Kernel {@code name} as back end {@code backend} finalized it, to run outside any queue (tests,
     * benchmarks).
     *
     * @throws HsaException ERROR_INVALID_SYMBOL_NAME naming the kernels and back ends there are
     */
    public CompiledKernel kernel(String name, String backend) {
        for (FinalizedKernel k : kernels) {
            if (k.kernel().name().equals(name) && k.backend().equals(backend)) {
                return k.compiled();
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
