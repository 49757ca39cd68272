package org.hsaj.gpu.code;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hsaj.gpu.dispatch.GpuAgent;
import org.hsaj.hsail.analysis.HsailException;
import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.text.HsailParser;
import org.hsaj.runtime.api.Agent;
import org.hsaj.runtime.api.AgentDevice;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.api.HsaStatus;

/**
 * An HSA executable: code objects loaded onto agents, their kernels registered as kernel objects and
 * found by name ({@code hsa_executable_create}, {@code _load_code_object}, {@code _freeze},
 * {@code _get_symbol}, {@code _iterate_symbols}). The usual flow:
 * <pre>
 *   Executable exe = Executable.fromHsail(runtime, gpu, Path.of("vector_add.hsail"),
 *           Backends.standard().compilers(List.of("jvm", "interp")));
 *   KernelSymbol jvm = exe.symbol("&amp;vector_add", "jvm");      // one kernel object per back end
 *   KernelSymbol interp = exe.symbol("&amp;vector_add", "interp");
 * </pre>
 *
 * <p>Threading: safe from any thread. Loading and freezing are serialized; symbol lookups do not block.
 */
public final class Executable {
    /** {@code hsa_executable_state_t}: code objects may be loaded only while UNFROZEN. */
    public enum State { UNFROZEN, FROZEN }

    private final HsaRuntime runtime;
    private final List<KernelSymbol> symbols = new CopyOnWriteArrayList<>();
    private final List<CodeObject> codeObjects = new CopyOnWriteArrayList<>();
    private volatile State state = State.UNFROZEN;

    private Executable(HsaRuntime runtime) {
        this.runtime = runtime;
    }

    /** {@code hsa_executable_create}: an empty, unfrozen executable. */
    public static Executable create(HsaRuntime runtime) {
        if (!runtime.isInitialized()) {
            throw new HsaException(HsaStatus.ERROR_NOT_INITIALIZED, "hsa_init has not been called");
        }
        return new Executable(runtime);
    }

    /**
     * Like {@link #fromHsail(HsaRuntime, Agent, Path, List)} with the default back end (the system
     * property {@value Backends#PROPERTY}, else {@code jvm}).
     */
    public static Executable fromHsail(HsaRuntime runtime, Agent agent, Path file) {
        Backends backends = Backends.standard();
        return fromHsail(runtime, agent, file, List.of(backends.compiler(backends.defaultName())));
    }

    /**
     * Parses and validates the HSAIL file {@code file}, places its global and readonly variables in the
     * platform's memory, finalizes its kernels with {@code compilers}, and loads them onto {@code agent}
     * in a new, frozen executable.
     *
     * @throws HsailException listing every problem in the file, each with {@code file:line:column}
     * @throws HsaException ERROR_INVALID_ARGUMENT when the file cannot be read; the failures of
     *     {@link CodeObject#finalize} and {@link #loadCodeObject}
     */
    public static Executable fromHsail(HsaRuntime runtime, Agent agent, Path file, List<KernelCompiler> compilers) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "cannot read HSAIL file " + file + ": " + e, e);
        }
        return fromHsail(runtime, agent, file.toString(), text, compilers);
    }

    /** Like {@link #fromHsail(HsaRuntime, Agent, Path, List)} for HSAIL text; {@code fileName} is for diagnostics. */
    public static Executable fromHsail(HsaRuntime runtime, Agent agent, String fileName, String text,
            List<KernelCompiler> compilers) {
        Module module = HsailParser.parse(fileName, text);
        Executable executable = create(runtime);
        executable.loadCodeObject(agent, CodeObject.finalize(module, compilers, runtime.memory()));
        executable.freeze();
        return executable;
    }

    /**
     * {@code hsa_executable_load_code_object}: registers every kernel of {@code code}, for each of its back
     * ends, as a kernel object of {@code agent}.
     *
     * @throws HsaException ERROR_FROZEN_EXECUTABLE once frozen; ERROR_INVALID_AGENT when the agent cannot
     *     run HSAIL kernels; ERROR_INVALID_CODE_OBJECT when a kernel of the same name and back end is
     *     loaded on that agent already
     */
    public synchronized void loadCodeObject(Agent agent, CodeObject code) {
        if (state == State.FROZEN) {
            throw new HsaException(HsaStatus.ERROR_FROZEN_EXECUTABLE, "cannot load module " + code.module().name()
                    + " into a frozen executable");
        }
        AgentDevice device = runtime.device(agent);
        if (!(device instanceof GpuAgent gpu)) {
            throw new HsaException(HsaStatus.ERROR_INVALID_AGENT, agent + " does not run HSAIL kernels");
        }
        for (CodeObject.FinalizedKernel k : code.finalizedKernels()) {
            for (KernelSymbol s : symbols) {
                if (s.name().equals(k.kernel().name()) && s.agent().equals(agent) && s.backend().equals(k.backend())) {
                    throw new HsaException(HsaStatus.ERROR_INVALID_CODE_OBJECT, "kernel " + s.name() + " ("
                            + s.backend() + ") of module " + code.module().name() + " is loaded already from module "
                            + s.moduleName());
                }
            }
        }
        List<KernelSymbol> loaded = new ArrayList<>();
        for (CodeObject.FinalizedKernel k : code.finalizedKernels()) {
            long kernelObject = gpu.registerKernel(k.compiled());
            loaded.add(new KernelSymbol(k.kernel().name(), code.module().name(), k.kernel().linkage(), agent,
                    k.backend(), kernelObject, k.compiled().kernargSegmentSize(),
                    k.compiled().kernargSegmentAlignment(), k.compiled().groupSegmentSize(),
                    k.compiled().privateSegmentSize(),
                    k.kernel().parameters().stream().map(KernelArgument::of).toList()));
        }
        symbols.addAll(loaded);
        codeObjects.add(code);
    }

    /**
     * The address of the global or readonly variable {@code name} ({@code &counter}) of a loaded module
     * ({@code HSA_EXECUTABLE_SYMBOL_INFO_VARIABLE_ADDRESS}), for the host to read or write it.
     *
     * @throws HsaException ERROR_INVALID_SYMBOL_NAME when no loaded module defines it
     */
    public long variableAddress(String name) {
        for (CodeObject code : codeObjects) {
            if (code.module().variable(name) != null) {
                return code.variableAddress(name);
            }
        }
        throw new HsaException(HsaStatus.ERROR_INVALID_SYMBOL_NAME, "no module of this executable defines a variable "
                + name);
    }

    /** {@code hsa_executable_freeze}: no more code objects; kernel objects stay valid. */
    public synchronized void freeze() {
        state = State.FROZEN;
    }

    public State state() {
        return state;
    }

    /** {@code hsa_executable_iterate_symbols}: every kernel symbol, in load order. */
    public List<KernelSymbol> symbols() {
        return List.copyOf(symbols);
    }

    /**
     * The kernel {@code name} ({@code &vector_add}) as the first back end of its code object finalized it.
     *
     * @throws HsaException ERROR_INVALID_SYMBOL_NAME naming the kernels there are
     */
    public KernelSymbol symbol(String name) {
        return symbol(name, null, null);
    }

    /** The kernel {@code name} as back end {@code backend} finalized it. */
    public KernelSymbol symbol(String name, String backend) {
        return symbol(name, null, backend);
    }

    /**
     * {@code hsa_executable_get_symbol}: kernel {@code name} loaded on {@code agent} (null: any agent) and
     * finalized by {@code backend} (null: the first back end it was finalized with).
     *
     * @throws HsaException ERROR_INVALID_SYMBOL_NAME naming the kernels (or, when the name exists, the
     *     agents and back ends) there are
     */
    public KernelSymbol symbol(String name, Agent agent, String backend) {
        List<KernelSymbol> named = symbols.stream().filter(s -> s.name().equals(name)).toList();
        if (named.isEmpty()) {
            LinkedHashSet<String> names = new LinkedHashSet<>();
            symbols.forEach(s -> names.add(s.name()));
            throw new HsaException(HsaStatus.ERROR_INVALID_SYMBOL_NAME, "no kernel named '" + name
                    + "' in this executable (kernels: " + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
        }
        for (KernelSymbol s : named) {
            if ((agent == null || s.agent().equals(agent)) && (backend == null || s.backend().equals(backend))) {
                return s;
            }
        }
        throw new HsaException(HsaStatus.ERROR_INVALID_SYMBOL_NAME, "kernel " + name + " is not loaded"
                + (agent == null ? "" : " on " + agent) + (backend == null ? "" : " for back end " + backend)
                + " (loaded: " + String.join(", ", named.stream().map(s -> s.backend() + " on " + s.agent()).toList())
                + ")");
    }
}
