package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.ModuleVariables;
import org.hsaj.hsail.interp.InterpreterKernelCompiler;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Module;

/**
 * Runs one kernel on the reference interpreter and on the JVM back end (checked and fast mode), each
 * on its own shared memory prepared identically (same buffers at the same addresses, same contents),
 * and compares every buffer byte for byte afterwards.
 */
final class Differential {
    private Differential() {
    }

    /** A dispatch to compare: the kernel, its geometry, the initial buffers, and the kernarg values. */
    record Case(String hsail, DispatchGeometry geometry, List<byte[]> buffers, Function<long[], Object[]> kernargs,
                long dynamicGroup, DataType resultType) {
        Case(String hsail, DispatchGeometry geometry, List<byte[]> buffers, Function<long[], Object[]> kernargs) {
            this(hsail, geometry, buffers, kernargs, 0, null);
        }

        /**
         * The same case whose buffer 0 holds results of type {@code t} (one per register-sized slot), so
         * that float results compare as values where their bits are not pinned down: any NaN equals any
         * NaN (the JVM does not fix NaN payloads and signs when both operands are NaN, and the PRM
         * leaves them free), and for fused multiply-add rounding down an exact zero may be -0 here where
         * the interpreter gives +0 (IEEE 754 6.3 asks for -0).
         */
        Case withResultType(DataType t) {
            return new Case(hsail, geometry, buffers, kernargs, dynamicGroup, t);
        }
    }

    /** The buffers after the run, or the fault message. */
    record Outcome(List<byte[]> buffers, String fault) {
    }

    static Outcome interpret(Case c) {
        Module m = KernelRunner.parse(c.hsail());
        Kernel k = firstKernel(m);
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            long[] addresses = place(r, c.buffers());
            ModuleVariables globals = ModuleVariables.allocate(m, r.memory);
            long kernarg = r.kernarg(c.kernargs().apply(addresses));
            CompiledKernel ck = new InterpreterKernelCompiler().compile(m, k, globals);
            String fault = null;
            try {
                r.run(ck, r.dispatch(ck, c.geometry(), kernarg, c.dynamicGroup()));
            } catch (RuntimeException e) {
                fault = e.getMessage();
            }
            return new Outcome(read(r, addresses, c.buffers()), fault);
        }
    }

    static Outcome compile(Case c, JvmCompilerOptions options) {
        Module m = KernelRunner.parse(c.hsail());
        Kernel k = firstKernel(m);
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            long[] addresses = place(r, c.buffers());
            ModuleVariables globals = ModuleVariables.allocate(m, r.memory);
            long kernarg = r.kernarg(c.kernargs().apply(addresses));
            JvmCompiledKernel ck = (JvmCompiledKernel) new JvmKernelCompiler(options).compile(m, k,
                    globals::addressOf);
            KernelRunner.verify(ck.classFile());
            String fault = null;
            try {
                r.run(ck, r.dispatch(ck, c.geometry(), kernarg, c.dynamicGroup()));
            } catch (RuntimeException e) {
                fault = e.getMessage();
            }
            return new Outcome(read(r, addresses, c.buffers()), fault);
        }
    }

    /** Asserts that both modes of the JVM back end leave the same memory as the interpreter; returns it. */
    static List<byte[]> assertSameAsInterpreter(Case c) {
        Outcome expected = interpret(c);
        assertEquals(null, expected.fault(), "the interpreter faulted");
        for (JvmCompilerOptions o : new JvmCompilerOptions[] {JvmCompilerOptions.checkedMode(),
                JvmCompilerOptions.fastMode()}) {
            Outcome actual = compile(c, o);
            assertEquals(null, actual.fault(), "the jvm back end faulted (" + mode(o) + ")");
            for (int i = 0; i < expected.buffers().size(); i++) {
                byte[] e = expected.buffers().get(i);
                byte[] a = actual.buffers().get(i);
                if (i == 0 && c.resultType() != null && FloatResults.sameValues(c.resultType(), e, a, c.hsail())) {
                    continue;
                }
                if (!java.util.Arrays.equals(e, a)) {
                    int at = java.util.Arrays.mismatch(e, a);
                    int from = Math.max(0, at - at % 16);
                    int to = Math.min(e.length, from + 32);
                    assertArrayEquals(e, a, "buffer " + i + " differs (" + mode(o) + ") at byte " + at
                            + ": interpreter " + HexFormat.of().formatHex(e, from, to) + ", jvm "
                            + HexFormat.of().formatHex(a, from, to) + "\n" + c.hsail());
                }
            }
        }
        return expected.buffers();
    }

    static String mode(JvmCompilerOptions o) {
        return o.checked() ? "checked" : "fast";
    }

    private static Kernel firstKernel(Module m) {
        return m.kernels().stream().filter(Kernel::isDefinition).findFirst().orElseThrow();
    }

    private static long[] place(KernelRunner r, List<byte[]> buffers) {
        long[] addresses = new long[buffers.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = r.allocate(buffers.get(i).length);
            r.memory.write(addresses[i], buffers.get(i), 0, buffers.get(i).length);
        }
        return addresses;
    }

    private static List<byte[]> read(KernelRunner r, long[] addresses, List<byte[]> buffers) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < addresses.length; i++) {
            byte[] b = new byte[buffers.get(i).length];
            r.memory.read(addresses[i], b, 0, b.length);
            out.add(b);
        }
        return out;
    }
}
