package org.hsaj.hsail.interp;

import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;
import org.hsaj.hsail.analysis.Diagnostic;
import org.hsaj.hsail.analysis.HsailException;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.hsail.exec.SegmentLayout;
import org.hsaj.hsail.exec.VariableAddresses;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;

/**
 * The {@code interp} back end: the reference interpreter, the oracle every other back end is compared
 * with. Finalizing prepares the kernel's code and lays out its segments ({@link SegmentLayout});
 * running interprets the IR work-item by work-item (see {@link InterpretedKernel}).
 *
 * <p>Thread-safe: compiling keeps no state.
 */
public final class InterpreterKernelCompiler implements KernelCompiler {
    /** The back end's name. */
    public static final String NAME = "interp";

    /**
     * Settings of the interpreter.
     *
     * @param instructionLimit       instructions one work-item may run before it faults (guards tests
     *                               against endless loops where no watchdog cancels the dispatch)
     * @param signalWaitTimeoutNanos longest a signal wait without its own timeout waits before returning
     *                               the value it sees (the PRM lets waits return early)
     * @param indirectFunctions      the indirect function whose code object address {@code icall} is
     *                               given, or null
     */
    public record Options(long instructionLimit, long signalWaitTimeoutNanos, LongFunction<String> indirectFunctions) {
        /** No instruction limit, 1 ms signal waits, no indirect function addresses. */
        public static final Options DEFAULT = new Options(Long.MAX_VALUE, 1_000_000L, address -> null);

        public Options {
            Objects.requireNonNull(indirectFunctions);
        }

        public Options withInstructionLimit(long limit) {
            return new Options(limit, signalWaitTimeoutNanos, indirectFunctions);
        }

        public Options withIndirectFunctions(LongFunction<String> functions) {
            return new Options(instructionLimit, signalWaitTimeoutNanos, functions);
        }
    }

    private final Options options;

    public InterpreterKernelCompiler() {
        this(Options.DEFAULT);
    }

    public InterpreterKernelCompiler(Options options) {
        this.options = Objects.requireNonNull(options);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Compiles {@code kernel} without a loader: an access to a global or readonly variable faults. */
    @Override
    public CompiledKernel compile(Module module, Kernel kernel) {
        return compile(module, kernel, null);
    }

    /**
     * Compiles {@code kernel} for global and readonly variables at {@code variables} (null: none placed,
     * an access to one faults).
     *
     * @throws HsailException when the kernel is only declared
     */
    @Override
    public CompiledKernel compile(Module module, Kernel kernel, VariableAddresses variables) {
        if (!kernel.isDefinition()) {
            throw new HsailException(List.of(Diagnostic.error(kernel.position(), "interp back end: kernel "
                    + kernel.name() + " is only declared; it has no code to run")));
        }
        return new InterpretedKernel(module, kernel, new SegmentLayout(module, kernel), variables, options);
    }
}
