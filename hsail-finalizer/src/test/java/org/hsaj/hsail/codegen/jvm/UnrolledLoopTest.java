package org.hsaj.hsail.codegen.jvm;

import static org.hsaj.hsail.codegen.jvm.InterchangedLoopTest.floats;
import static org.hsaj.hsail.codegen.jvm.InterchangedLoopTest.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loops of a few constant turns written out turn after turn ({@link UnrolledLoops}) against the
 * interpreter: every shape gives the interpreter's memory byte for byte in checked and fast mode, a
 * fault in a written-out turn names the interpreter's work-item and line, and loops whose turns are
 * not constant or too many stay loops.
 */
class UnrolledLoopTest {
    /**
     * Work-item i runs a loop from START over the words in[i + 64 k] (BODY, COUNT, the counter $s3),
     * then writes $s2 to out[i]. It reads its id flat, which keeps the loop from running with the
     * work-items inside ({@link InterchangedLoops}), which would take precedence.
     */
    private static final String TEMPLATE = """
            module &m:1:0:$full:$large:$default;
            prog kernel &k(kernarg_u64 %in, kernarg_u64 %out, kernarg_u32 %n)
            {
                workitemflatabsid_u32 $s0;
                ld_kernarg_u64 $d0, [%in];
                cvt_u64_u32 $d1, $s0;
                shl_u64 $d1, $d1, 2;
                add_u64 $d1, $d0, $d1;
                ld_kernarg_u32 $s1, [%n];
                mov_b32 $s2, 0;
                START
            @loop:
                cvt_u64_u32 $d2, $s3;
                shl_u64 $d2, $d2, 8;
                add_u64 $d2, $d1, $d2;
                ld_global_u32 $s4, [$d2];
                BODY
                COUNT
                cbr_b1 $c0, @loop;
            @after:
                RESULT
            };
            """;
    private static final String START = "mov_b32 $s3, 0;";
    private static final String SUM = "mul_u32 $s2, $s2, 31;\nadd_u32 $s2, $s2, $s4;";
    private static final String COUNT = "add_u32 $s3, $s3, 1;\ncmp_lt_b1_u32 $c0, $s3, 8;";

    private static String kernel(String start, String body, String count) {
        return TEMPLATE.replace("RESULT", InterchangedLoopTest.WRITE_RESULT).replace("START", start)
                .replace("BODY", body).replace("COUNT", count);
    }

    /** 96 work-items in groups of 32 over in[0 .. words). */
    private static Differential.Case run(String hsail, int words) {
        return new Differential.Case(hsail, DispatchGeometry.of1D(96, 32), List.of(words(words, 3), new byte[4 * 96]),
                a -> new Object[] {a[0], a[1], 7});
    }

    /** The turns the kernel's one counted loop is written out with (0: a loop). */
    private static int turns(String hsail) {
        JvmCompiledKernel k = (JvmCompiledKernel) KernelRunner.compile(new JvmKernelCompiler(
                JvmCompilerOptions.checkedMode()), hsail);
        KernelPlan plan = k.generated().plan();
        int turns = 0;
        for (CountedLoops.Loop loop : plan.loops.loops()) {
            for (KernelPlan.Part part : plan.parts) {
                turns += plan.unrolledTurns(part, loop);
            }
        }
        return turns;
    }

    static Stream<Arguments> writtenOut() {
        String ifElse = """
                and_b32 $s5, $s4, 1;
                cmp_eq_b1_u32 $c1, $s5, 0;
                cbr_b1 $c1, @even;
                add_u32 $s2, $s2, $s4;
                br @next;
            @even:
                xor_b32 $s2, $s2, 77;
            @next:
            """;
        String leaves = SUM + "\nand_b32 $s5, $s4, 3;\ncmp_eq_b1_u32 $c1, $s5, 3;\ncbr_b1 $c1, @after;";
        return Stream.of(
                Arguments.of("lt, 8 turns", kernel(START, SUM, COUNT), 8),
                Arguments.of("le from 2 by 3", kernel("mov_b32 $s3, 2;", SUM,
                        "add_u32 $s3, $s3, 3;\ncmp_le_b1_u32 $c0, $s3, 14;"), 5),
                Arguments.of("gt, the bound on the left", kernel(START, SUM,
                        "add_u32 $s3, $s3, 1;\ncmp_gt_b1_u32 $c0, 5, $s3;"), 5),
                Arguments.of("ge, 16 turns", kernel(START, SUM, "add_u32 $s3, $s3, 1;\ncmp_ge_b1_u32 $c0, 15, $s3;"), 16),
                Arguments.of("one turn when the start passes the bound", kernel("mov_b32 $s3, 9;", SUM, COUNT), 1),
                Arguments.of("branches inside a turn", kernel(START, ifElse, COUNT), 8),
                Arguments.of("a turn that leaves the loop early", kernel(START, leaves, COUNT), 8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writtenOut")
    void loopsWrittenOutGiveWhatTheInterpreterGives(String what, String hsail, int turns) {
        assertEquals(turns, turns(hsail), "written out");
        Differential.assertSameAsInterpreter(run(hsail, 96 + 64 * 16));
    }

    static Stream<Arguments> keptAsLoops() {
        return Stream.of(
                Arguments.of("17 turns", kernel(START, SUM, "add_u32 $s3, $s3, 1;\ncmp_lt_b1_u32 $c0, $s3, 17;")),
                Arguments.of("a bound in a register", kernel(START, SUM, "add_u32 $s3, $s3, 1;\ncmp_lt_b1_u32 $c0, $s3, $s1;")),
                Arguments.of("a start from a kernarg", kernel("ld_kernarg_u32 $s3, [%n];", SUM, COUNT)),
                Arguments.of("turns too large together", kernel(START, (SUM + "\n").repeat(16), COUNT)),
                Arguments.of("a barrier inside", kernel(START, SUM + "\nbarrier;", COUNT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keptAsLoops")
    void loopsOfUnknownOrManyTurnsStayLoops(String what, String hsail) {
        assertEquals(0, turns(hsail));
        Differential.assertSameAsInterpreter(run(hsail, 96 + 64 * 17));
    }

    /**
     * Turns 256 KiB apart over an input of 1 MiB and a little: turn 5 of work-item 0 reads unmapped
     * memory, and the fault names the interpreter's work-item and line.
     */
    @Test
    void aFaultInAWrittenOutTurnIsTheInterpretersFault() {
        String hsail = kernel(START, SUM, COUNT).replace("shl_u64 $d2, $d2, 8", "shl_u64 $d2, $d2, 18");
        assertEquals(8, turns(hsail));
        Differential.Case c = new Differential.Case(hsail, DispatchGeometry.of1D(96, 32), List.of(words((1 << 18) + 256,
                3), new byte[4 * 96]), a -> new Object[] {a[0], a[1], 7});
        Differential.Outcome expected = Differential.interpret(c);
        assertNotNull(expected.fault(), "the interpreter faults");
        Differential.Outcome actual = Differential.compile(c, JvmCompilerOptions.checkedMode());
        assertEquals(expected.fault().replace("test.hsail:", "line "), actual.fault());
        assertTrue(java.util.Arrays.equals(expected.buffers().get(1), actual.buffers().get(1)));
    }

    /**
     * The tiled matrix product of the sample kernels: its 16-turn inner loop over the two group tiles
     * is written out, and the product is the interpreter's, bit for bit.
     */
    @Test
    void theTiledMatrixProductsInnerLoopIsWrittenOut() {
        assertEquals(16, turns(InterchangedLoopTest.TILED));
        int n = 48;
        Differential.assertSameAsInterpreter(new Differential.Case(InterchangedLoopTest.TILED,
                new DispatchGeometry(2, n, n, 1, 16, 16, 1), List.of(floats(n * n, 1), floats(n * n, 2),
                new byte[4 * n * n]), a -> new Object[] {a[0], a[1], a[2], n}));
    }
}
