package org.hsaj.hsail.interp;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;
import org.hsaj.hsail.ir.BasicBlock;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.ModuleStatement;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * The reference interpreter: runs HSAIL kernels straight from the IR, work-item by work-item. It is
 * the oracle that every other back end is compared with, so it favours being obviously right over
 * being fast.
 *
 * <p>Semantics: PRM 1.0 for every supported instruction, with this platform's choices where the PRM
 * leaves one: wavefront size 1 ({@link PlatformLayout#WAVEFRONT_SIZE}); integer division by zero gives
 * all ones (remainder: the dividend), see {@code IntegerOps}; out-of-range float to integer
 * conversions clamp; native float functions are computed accurately; signal waits return after
 * {@link Options#signalWaitTimeoutNanos()} at most (the PRM allows spurious returns). Flat addresses
 * reach group and private memory through the apertures of {@link PlatformLayout}; global accesses go
 * through the shared virtual memory's checked accessors, so a bad address becomes a
 * {@link KernelFaultException} naming the kernel, work-item, work-group and HSAIL source position.
 *
 * <p>Work-items of a work-group run one at a time, each until it reaches a barrier or ends; when
 * all have reached the barrier they all continue. Barriers may sit in loops and called functions.
 *
 * <p>Thread safety: an instance is immutable; {@link #runWorkGroup} may be called concurrently for
 * different work-groups (each call has its own group memory and work-item state).
 */
public final class KernelInterpreter {
    /**
     * Settings of an interpreter.
     *
     * @param signalWaitTimeoutNanos longest a signal wait blocks before returning the value it sees
     * @param instructionLimit       instructions one work-item may execute before the dispatch faults
     *                               (guards tests against endless loops)
     * @param indirectFunctions      the indirect function at a code object address (icall), or null
     * @param computeUnits           {@code maxcuid} + 1
     * @param computeUnitId          {@code cuid}
     */
    public record Options(long signalWaitTimeoutNanos, long instructionLimit, LongFunction<String> indirectFunctions,
                          int computeUnits, int computeUnitId) {
        public static final Options DEFAULT = new Options(100_000_000L, Long.MAX_VALUE, address -> null, 1, 0);

        public Options {
            Objects.requireNonNull(indirectFunctions);
        }

        public Options withInstructionLimit(long limit) {
            return new Options(signalWaitTimeoutNanos, limit, indirectFunctions, computeUnits, computeUnitId);
        }
    }

    private final Module module;
    private final SharedVirtualMemory memory;
    private final VariableAddresses globals;
    private final Options options;
    private final Map<Body, Instruction[][]> code = new IdentityHashMap<>();

    public KernelInterpreter(Module module, SharedVirtualMemory memory, VariableAddresses globals) {
        this(module, memory, globals, Options.DEFAULT);
    }

    public KernelInterpreter(Module module, SharedVirtualMemory memory, VariableAddresses globals, Options options) {
        this.module = Objects.requireNonNull(module);
        this.memory = Objects.requireNonNull(memory);
        this.globals = Objects.requireNonNull(globals);
        this.options = Objects.requireNonNull(options);
        for (ModuleStatement s : module.statements()) {
            switch (s) {
                case Kernel k -> k.body().ifPresent(this::prepare);
                case Function f -> f.body().ifPresent(this::prepare);
                default -> {
                }
            }
        }
    }

    private void prepare(Body body) {
        Instruction[][] blocks = new Instruction[body.blocks().size()][];
        for (int i = 0; i < blocks.length; i++) {
            BasicBlock b = body.blocks().get(i);
            blocks[i] = b.instructions().toArray(Instruction[]::new);
        }
        code.put(body, blocks);
    }

    Module module() {
        return module;
    }

    SharedVirtualMemory memory() {
        return memory;
    }

    VariableAddresses globals() {
        return globals;
    }

    Options options() {
        return options;
    }

    Instruction[][] code(Body body) {
        return code.get(body);
    }

    /** The kernel definition named {@code name} ({@code &k}) in the module. */
    public Kernel kernel(String name) {
        Kernel k = module.kernel(name);
        if (k == null || !k.isDefinition()) {
            throw new IllegalArgumentException("module " + module.name() + " defines no kernel " + name);
        }
        return k;
    }

    /** Runs every work-group of the dispatch, in work-group flattened id order, on the calling thread. */
    public void run(Kernel kernel, KernelDispatch dispatch) {
        DispatchGeometry g = dispatch.geometry();
        for (long z = 0; z < g.groups(2); z++) {
            for (long y = 0; y < g.groups(1); y++) {
                for (long x = 0; x < g.groups(0); x++) {
                    runWorkGroup(kernel, dispatch, x, y, z);
                }
            }
        }
    }

    /**
     * Runs work-group ({@code x}, {@code y}, {@code z}) of the dispatch to completion on the calling thread.
     *
     * @throws KernelFaultException when a work-item faults
     */
    public void runWorkGroup(Kernel kernel, KernelDispatch dispatch, long x, long y, long z) {
        if (!kernel.isDefinition() || code(kernel.body().get()) == null) {
            throw new IllegalArgumentException("kernel " + kernel.name() + " is not defined in module " + module.name());
        }
        DispatchGeometry g = dispatch.geometry();
        if (x < 0 || y < 0 || z < 0 || x >= g.groups(0) || y >= g.groups(1) || z >= g.groups(2)) {
            throw new IllegalArgumentException("work-group (" + x + "," + y + "," + z + ") is outside the grid");
        }
        new WorkGroupRun(this, kernel, dispatch, x, y, z).run();
    }
}
