package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loops run with the work-items inside ({@link InterchangedLoops}, {@link LoopInterchange}) against the
 * interpreter: every shape the interchange takes gives the interpreter's memory byte for byte, and runs
 * interchanged in every work-group where counter, bound and addresses allow it (counted by
 * {@link WorkGroupState#INTERCHANGED_RUNS}); work-groups where they differ between work-items or an
 * access would leave its window run the loop as written, faulting on the interpreter's work-item and
 * line; kernels the interchange must leave alone compile without it.
 */
class InterchangedLoopTest {
    /**
     * Work-item i runs a loop from %first to %n over the words in[i + 64 k] (BODY, COUNT), then, after a
     * barrier, writes its $s2 to out[i].
     */
    private static final String TEMPLATE = """
            module &m:1:0:$full:$large:$default;
            prog kernel &k(kernarg_u64 %in, kernarg_u64 %out, kernarg_u32 %n, kernarg_u32 %first)
            {
                workitemabsid_u32 $s0, 0;
                ld_kernarg_u64 $d0, [%in];
                cvt_u64_u32 $d1, $s0;
                shl_u64 $d1, $d1, 2;
                add_u64 $d1, $d0, $d1;
                ld_kernarg_u32 $s1, [%n];
                ld_kernarg_u32 $s3, [%first];
                BEFORE
                mov_b32 $s2, 0;
                mov_b64 $d7, 0;
            @loop:
                BODY
                COUNT
                cbr_b1 $c0, @loop;
                AFTER
                barrier;
                RESULT
            };
            """;
    /** How the loop kernels of these tests end: $s2 written to out[i] ($s0 = i). */
    static final String WRITE_RESULT = """
            ld_kernarg_u64 $d4, [%out];
            cvt_u64_u32 $d5, $s0;
            shl_u64 $d5, $d5, 2;
            add_u64 $d4, $d4, $d5;
            st_global_u32 $s2, [$d4];
            ret;
            """;
    /** in[i + 64 k]. */
    private static final String LOAD = """
                cvt_u64_u32 $d2, $s3;
                shl_u64 $d2, $d2, 8;
                add_u64 $d2, $d1, $d2;
                ld_global_u32 $s4, [$d2];
            """;
    private static final String SUM = LOAD + "add_u32 $s2, $s2, $s4;\n";
    private static final String COUNT = "add_u32 $s3, $s3, 1;\ncmp_lt_b1_u32 $c0, $s3, $s1;";

    private static String kernel(String before, String body, String count, String after) {
        return TEMPLATE.replace("RESULT", WRITE_RESULT).replace("BEFORE", before).replace("BODY", body)
                .replace("COUNT", count).replace("AFTER", after);
    }

    private static String kernel(String body) {
        return kernel("", body, COUNT, "");
    }

    static byte[] words(int n, long seed) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            b.putInt(r.nextInt());
        }
        return b.array();
    }

    static byte[] floats(int n, long seed) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            b.putFloat(r.nextFloat() * 1000 - 500);
        }
        return b.array();
    }

    private static Differential.Case walk(String hsail, int items, int group, int first, int n, byte[] in) {
        return new Differential.Case(hsail, DispatchGeometry.of1D(items, group), List.of(in, new byte[4 * items]),
                a -> new Object[] {a[0], a[1], n, first});
    }

    private static Differential.Case walk(String hsail, int items, int group, int first, int n) {
        return walk(hsail, items, group, first, n, words(items + 64 * Math.max(first, n) + 64, 7));
    }

    /**
     * Runs the case against the interpreter in checked and in fast mode; returns the loops run interchanged
     * in each (the same in both).
     */
    private static long interchangedRuns(Differential.Case c) {
        long before = WorkGroupState.INTERCHANGED_RUNS.sum();
        Differential.assertSameAsInterpreter(c);
        long runs = WorkGroupState.INTERCHANGED_RUNS.sum() - before;
        assertEquals(0, runs % 2, "both modes ran the same loops interchanged");
        return runs / 2;
    }

    private static int interchangedLoops(String hsail) {
        JvmCompiledKernel k = (JvmCompiledKernel) KernelRunner.compile(new JvmKernelCompiler(
                JvmCompilerOptions.checkedMode()), hsail);
        return k.generated().plan().interchanges.size();
    }

    static Stream<Arguments> shapes() {
        String ifElse = LOAD + """
                    and_b32 $s5, $s4, 1;
                    cmp_eq_b1_u32 $c1, $s5, 0;
                    cbr_b1 $c1, @even;
                    add_u32 $s2, $s2, $s4;
                    br @next;
                @even:
                    xor_b32 $s2, $s2, $s4;
                @next:
                """;
        String wide = LOAD + "cvt_u64_u32 $d6, $s4;\nmul_u64 $d6, $d6, 3;\nadd_u64 $d7, $d7, $d6;\n";
        String wideAfter = "cvt_u32_u64 $s2, $d7;\nshr_u64 $d7, $d7, 32;\ncvt_u32_u64 $s5, $d7;\nxor_b32 $s2, $s2, $s5;";
        return Stream.of(
                Arguments.of("sums", kernel(SUM), 0, 10),
                Arguments.of("starts at %first", kernel(SUM), 3, 10),
                Arguments.of("one turn when %first passes %n", kernel(SUM), 5, 2),
                Arguments.of("counter on the right (gt)", kernel("", SUM, "add_u32 $s3, $s3, 1;\ncmp_gt_b1_u32 $c0, $s1, $s3;", ""), 0, 9),
                Arguments.of("up to the bound (le), step 3", kernel("", SUM, "add_u32 $s3, $s3, 3;\ncmp_le_b1_u32 $c0, $s3, $s1;", ""), 1, 11),
                Arguments.of("ge, bound on the left", kernel("", SUM, "add_u32 $s3, $s3, 2;\ncmp_ge_b1_u32 $c0, $s1, $s3;", ""), 0, 8),
                Arguments.of("an immediate bound", kernel("", SUM, "add_u32 $s3, $s3, 1;\ncmp_lt_b1_u32 $c0, $s3, 7;", ""), 0, 7),
                Arguments.of("branches inside the loop", kernel(ifElse), 0, 12),
                Arguments.of("a 64-bit register set by the loop", kernel("", wide, COUNT, wideAfter), 0, 6),
                Arguments.of("the last value loaded, live after the loop", kernel("", LOAD, COUNT, "mov_b32 $s2, $s4;"), 0, 5),
                Arguments.of("the work-item id read in the loop", kernel(LOAD + "mad_u32 $s2, $s2, $s0, $s4;\n"), 0, 6),
                Arguments.of("a value per work-item, neither affine nor uniform", kernel(
                        "and_b32 $s6, $s0, 5;\nmul_u32 $s6, $s6, $s6;", LOAD + "mad_u32 $s2, $s2, $s6, $s4;\n", COUNT,
                        ""), 0, 6),
                Arguments.of("a pointer stepped after the load", kernel("""
                        ld_global_u32 $s4, [$d1];
                        add_u64 $d1, $d1, 256;
                        add_u32 $s2, $s2, $s4;
                        """), 0, 9),
                Arguments.of("a pointer stepped before the load, from %first", kernel("""
                        add_u64 $d1, $d1, 256;
                        ld_global_u32 $s4, [$d1 + 4];
                        add_u32 $s2, $s2, $s4;
                        """), 2, 9),
                Arguments.of("a pointer stepped down by a register", kernel(
                        "cvt_u64_u32 $d6, $s1;\nshl_u64 $d6, $d6, 8;\nadd_u64 $d1, $d1, $d6;\nmov_b64 $d8, -256;",
                        """
                        ld_global_u32 $s4, [$d1];
                        add_u64 $d1, $d1, $d8;
                        add_u32 $s2, $s2, $s4;
                        """, COUNT, ""), 0, 9),
                Arguments.of("a pointer stepped by a register, counter step 2", kernel("mov_b64 $d8, 512;", """
                        ld_global_u32 $s4, [$d1];
                        add_u32 $s2, $s2, $s4;
                        add_u64 $d1, $d8, $d1;
                        """, "add_u32 $s3, $s3, 2;\ncmp_lt_b1_u32 $c0, $s3, $s1;",
                        "ld_global_u32 $s5, [$d1];\nxor_b32 $s2, $s2, $s5;"), 1, 12),
                Arguments.of("counter and bound read after the loop", kernel("", SUM, COUNT,
                        "mad_u32 $s2, $s3, $s1, $s2;\nadd_u32 $s2, $s2, $s3;"), 2, 9),
                Arguments.of("a predicate per work-item", kernel("and_b32 $s6, $s0, 2;\ncmp_ne_b1_u32 $c2, $s6, 0;",
                        LOAD + "cmov_b32 $s5, $c2, $s4, 1;\nadd_u32 $s2, $s2, $s5;\n", COUNT, ""), 0, 6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void runsInterchangedLikeTheInterpreter(String what, String hsail, int first, int n) {
        assertEquals(1, interchangedLoops(hsail), "the loop qualifies");
        assertEquals(4, interchangedRuns(walk(hsail, 256, 64, first, n)), "every work-group ran it interchanged");
    }

    /**
     * An outer loop around the loop, with a barrier: the work-items resume after the loop, gather at its
     * head again with what they kept from the first time (a uniform outer counter among it), and run it
     * interchanged three times per work-group.
     */
    @Test
    void workItemsGatherAgainAfterTheLoop() {
        String hsail = kernel("mov_b32 $s12, $s3;\nmov_b32 $s9, 0;\nmov_b32 $s11, 0;\n@outer:\nmov_b32 $s3, $s12;", SUM,
                COUNT, """
                add_u32 $s11, $s11, $s2;
                mad_u32 $s11, $s11, $s9, $s3;
                add_u32 $s9, $s9, 1;
                cmp_lt_b1_u32 $c3, $s9, 3;
                barrier;
                cbr_b1 $c3, @outer;
                mov_b32 $s2, $s11;
                """);
        assertEquals(1, interchangedLoops(hsail), "the loop qualifies");
        assertEquals(12, interchangedRuns(walk(hsail, 256, 64, 1, 7)));
    }

    @Test
    void partialWorkGroupsRunInterchangedToo() {
        assertEquals(4, interchangedRuns(walk(kernel(SUM), 200, 64, 0, 9)));
    }

    @Test
    void floatSumsKeepEachWorkItemsOrder() {
        String hsail = kernel(LOAD + "add_f32 $s2, $s2, $s4;\n");
        assertEquals(4, interchangedRuns(walk(hsail, 256, 64, 0, 20, floats(256 + 64 * 21, 3))));
    }

    @Test
    void boundsThatDifferBetweenWorkItemsRunTheLoopAsWritten() {
        String hsail = kernel("and_b32 $s6, $s0, 1;\nadd_u32 $s1, $s1, $s6;", SUM, COUNT, "");
        assertEquals(1, interchangedLoops(hsail));
        assertEquals(0, interchangedRuns(walk(hsail, 128, 64, 0, 5)));
    }

    /**
     * After {@link WorkGroupState#GATHER_LIMIT} work-groups in a row gathered in vain, the work-items of
     * the others enter the loop as written without stopping at its head; results stay the interpreter's.
     */
    @Test
    void workGroupsStopGatheringAfterTooManyFailures() {
        String hsail = kernel("and_b32 $s6, $s0, 1;\nadd_u32 $s1, $s1, $s6;", SUM, COUNT, "");
        assertEquals(0, interchangedRuns(walk(hsail, 32 * (WorkGroupState.GATHER_LIMIT + 12), 32, 0, 3)));
    }

    /**
     * A kernel that reads ids along x only runs interchanged in two-dimensional work-groups (its values
     * are the same along y), and as written in three-dimensional ones.
     */
    @Test
    void dispatchesInMoreDimensions() {
        Differential.Case flat = new Differential.Case(kernel(SUM), new DispatchGeometry(2, 64, 4, 1, 16, 2, 1),
                List.of(words(64 + 64 * 8, 5), new byte[4 * 64]), a -> new Object[] {a[0], a[1], 6, 0});
        assertEquals(8, interchangedRuns(flat));
        Differential.Case deep = new Differential.Case(kernel(SUM), new DispatchGeometry(3, 32, 2, 2, 16, 2, 2),
                List.of(words(64 + 64 * 8, 5), new byte[4 * 32]), a -> new Object[] {a[0], a[1], 6, 0});
        assertEquals(0, interchangedRuns(deep));
    }

    @Test
    void countersThatDifferBetweenWorkItemsRunTheLoopAsWritten() {
        String hsail = kernel("shr_u32 $s6, $s0, 5;\nadd_u32 $s3, $s3, $s6;", SUM, COUNT, "");
        // Work-group 0: ids 0..63 start at 0 or 1; work-group 1 (ids 64..127) at 2 or 3.
        assertEquals(0, interchangedRuns(walk(hsail, 128, 64, 0, 6)));
        // Groups of 32 start alike.
        assertEquals(4, interchangedRuns(walk(hsail, 128, 32, 0, 6)));
    }

    /** Pages mapped from %in on: the input, the output and the kernarg segment, all far below this. */
    private static final int FAR = 1 << 20;

    @Test
    void accessesLeavingTheirWindowFaultLikeTheInterpreter() {
        // Turn k reads in[i + 64 k]: from some turn on every work-item reads unmapped memory; work-item 0 first.
        Differential.Case c = walk(kernel(SUM), 128, 64, 0, FAR, words(4096, 1));
        Differential.Outcome expected = Differential.interpret(c);
        assertNotNull(expected.fault(), "the interpreter faults");
        long before = WorkGroupState.INTERCHANGED_RUNS.sum();
        Differential.Outcome actual = Differential.compile(c, JvmCompilerOptions.checkedMode());
        assertEquals(0, WorkGroupState.INTERCHANGED_RUNS.sum() - before);
        assertEquals(expected.fault().replace("test.hsail:", "line "), actual.fault());
        assertTrue(java.util.Arrays.equals(expected.buffers().get(1), actual.buffers().get(1)));
    }

    /**
     * Fast mode checks the corners against the shared memory's end: a walk past it runs as written and
     * faults where the interpreter faults, on the same work-item and line (the reason differs: fast mode
     * knows no pages).
     */
    @Test
    void fastModeWalksPastTheMemoryLikeTheInterpreter() {
        Differential.Case c = walk(kernel(SUM), 128, 64, 0, 1 << 21, words(4096, 1));
        Differential.Outcome expected = Differential.interpret(c);
        assertNotNull(expected.fault(), "the interpreter faults");
        long before = WorkGroupState.INTERCHANGED_RUNS.sum();
        Differential.Outcome actual = Differential.compile(c, JvmCompilerOptions.fastMode());
        assertEquals(0, WorkGroupState.INTERCHANGED_RUNS.sum() - before);
        assertNotNull(actual.fault(), "the jvm back end faults");
        String where = expected.fault().substring(0, expected.fault().indexOf("test.hsail:"));
        String line = expected.fault().replaceAll(".*test\\.hsail:(\\d+):.*", "line $1:");
        assertTrue(actual.fault().startsWith(where + line), actual.fault() + " vs " + expected.fault());
    }

    @Test
    void onlyTheWorkGroupWhoseAccessesLeaveTheWindowRunsTheLoopAsWritten() {
        // 16 KiB of input: work-group 1's last turns read past it, into the output (still mapped) and then
        // beyond; work-group 0 stays inside.
        int items = 128;
        Differential.Case c = walk(kernel(SUM), items, 64, 0, 60, words(4096, 2));
        Differential.Outcome expected = Differential.interpret(c);
        long before = WorkGroupState.INTERCHANGED_RUNS.sum();
        Differential.Outcome actual = Differential.compile(c, JvmCompilerOptions.checkedMode());
        long runs = WorkGroupState.INTERCHANGED_RUNS.sum() - before;
        assertEquals(expected.fault() == null ? null : expected.fault().replace("test.hsail:", "line "),
                actual.fault());
        for (int i = 0; i < 2; i++) {
            assertTrue(java.util.Arrays.equals(expected.buffers().get(i), actual.buffers().get(i)));
        }
        assertTrue(runs >= 1, "work-group 0 ran interchanged");
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("a third dimension", kernel("workitemid_u32 $s6, 2;\nadd_u32 $s2, $s2, $s6;", SUM,
                        COUNT, "")),
                Arguments.of("a returning atomic", kernel("", SUM, COUNT,
                        "ld_kernarg_u64 $d6, [%out];\natomic_add_global_rlx_agent_u32 $s5, [$d6], 0;")),
                Arguments.of("an integer division", kernel(LOAD + "div_u32 $s5, $s4, $s1;\nadd_u32 $s2, $s2, $s5;\n")),
                Arguments.of("a global store", kernel(LOAD + "st_global_u32 $s3, [$d2];\nadd_u32 $s2, $s2, $s4;\n")),
                Arguments.of("a memory access before the loop", kernel("ld_global_u32 $s6, [$d1];", SUM, COUNT, "")),
                Arguments.of("each work-item walking its own consecutive words, carrying nothing",
                        kernel(LOAD.replace("shl_u64 $d2, $d2, 8", "shl_u64 $d2, $d2, 2") + "mov_b32 $s2, $s4;\n")),
                Arguments.of("no global access", kernel("add_u32 $s2, $s2, $s3;\n")),
                Arguments.of("a way out of the loop", kernel(LOAD + """
                        add_u32 $s2, $s2, $s4;
                        cmp_eq_b1_u32 $c1, $s4, 7;
                        cbr_b1 $c1, @out;
                        """).replace("barrier;", "@out:\nbarrier;")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void loopsItMustNotInterchangeRunAsWritten(String what, String hsail) {
        assertEquals(0, interchangedLoops(hsail));
        Differential.assertSameAsInterpreter(walk(hsail, 128, 64, 0, 6));
    }

    // ---- group memory ------------------------------------------------------------------------------------

    /**
     * Work-groups of 64 clear 64 group words, run a loop over in[i + 64 k] whose BODY updates them, and
     * write them to out[64 g + i] after a barrier.
     */
    private static final String GROUP_TEMPLATE = """
            module &m:1:0:$full:$large:$default;
            prog kernel &k(kernarg_u64 %in, kernarg_u64 %out, kernarg_u32 %n, kernarg_u32 %first)
            {
                group_u32 %bins[64];
                group_u64 %wide[4];
                workitemid_u32 $s9, 0;
                shl_u32 $s10, $s9, 2;
                st_group_u32 $s9, [%bins][$s10];
                and_b32 $s11, $s9, 3;
                shl_u32 $s11, $s11, 3;
                st_group_u64 0, [%wide][$s11];
                barrier;
                workitemabsid_u32 $s0, 0;
                ld_kernarg_u64 $d0, [%in];
                cvt_u64_u32 $d1, $s0;
                shl_u64 $d1, $d1, 2;
                add_u64 $d1, $d0, $d1;
                ld_kernarg_u32 $s1, [%n];
                ld_kernarg_u32 $s3, [%first];
            @loop:
                cvt_u64_u32 $d2, $s3;
                shl_u64 $d2, $d2, 8;
                add_u64 $d2, $d1, $d2;
                ld_global_u32 $s4, [$d2];
                and_b32 $s5, $s4, 63;
                shl_u32 $s5, $s5, 2;
                BODY
                add_u32 $s3, $s3, 1;
                cmp_lt_b1_u32 $c0, $s3, $s1;
                cbr_b1 $c0, @loop;
                barrier;
                ld_group_u32 $s2, [%bins][$s10];
                ld_group_u64 $d6, [%wide][$s11];
                cvt_u32_u64 $s6, $d6;
                add_u32 $s2, $s2, $s6;
                ld_kernarg_u64 $d4, [%out];
                add_u64 $d4, $d4, $d1;
                ld_kernarg_u64 $d5, [%in];
                sub_u64 $d4, $d4, $d5;
                st_global_u32 $s2, [$d4];
                ret;
            };
            """;

    static Stream<Arguments> groupBodies() {
        return Stream.of(
                Arguments.of("a histogram", "atomicnoret_add_group_rlx_wg_u32 [%bins][$s5], 1;", true, true),
                Arguments.of("adds and subtracts at two offsets", """
                        atomicnoret_add_group_rlx_wg_u32 [%bins][$s5], $s4;
                        and_b32 $s6, $s4, 31;
                        shl_u32 $s6, $s6, 2;
                        atomicnoret_sub_group_rlx_wg_u32 [%bins][$s6 + 128], $s0;
                        """, true, true),
                Arguments.of("ors", "atomicnoret_or_group_rlx_wg_b32 [%bins][$s5], $s0;", true, false),
                Arguments.of("64-bit adds", """
                        and_b32 $s6, $s4, 3;
                        shl_u32 $s6, $s6, 3;
                        atomicnoret_add_group_rlx_wg_u64 [%wide][$s6], 5;
                        """, true, false),
                Arguments.of("group loads and stores of the work-item's own word", """
                        ld_group_u32 $s7, [%bins][$s10];
                        add_u32 $s7, $s7, $s4;
                        st_group_u32 $s7, [%bins][$s10];
                        """.replace("$s10", "$s12").replace("ld_group", "and_b32 $s12, $s0, 63;\nshl_u32 $s12, $s12, 2;\nld_group"),
                        true, false),
                // Orders of different updates, or of updates and plain reads, are visible: left alone.
                Arguments.of("an or beside the add", """
                        atomicnoret_add_group_rlx_wg_u32 [%bins][$s5], 1;
                        atomicnoret_or_group_rlx_wg_b32 [%bins][$s5], $s0;
                        """, false, false),
                Arguments.of("a group load beside the add", """
                        atomicnoret_add_group_rlx_wg_u32 [%bins][$s5], 1;
                        ld_group_u32 $s7, [%bins][$s5];
                        add_u32 $s8, $s8, $s7;
                        """, false, false));
    }

    /**
     * Group accesses in the turns: add and sub on 32-bit words of one variable go to a tally that is added
     * to the variable after the loop; other bounded accesses run as written, turn by turn; loops where
     * the order of group updates could show are left alone.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("groupBodies")
    void groupAccessesInTheTurnsGiveWhatTheInterpreterGives(String what, String body, boolean interchanged,
            boolean tally) {
        String hsail = GROUP_TEMPLATE.replace("BODY", body);
        JvmCompiledKernel k = (JvmCompiledKernel) KernelRunner.compile(new JvmKernelCompiler(
                JvmCompilerOptions.checkedMode()), hsail);
        List<KernelPlan.Interchange> loops = k.generated().plan().interchanges;
        assertEquals(interchanged ? 1 : 0, loops.size(), "the loop qualifies");
        if (interchanged) {
            assertEquals(tally, loops.getFirst().loop().tally() > 0, "tallied");
        }
        assertEquals(interchanged ? 3 : 0, interchangedRuns(walk(hsail, 192, 64, 0, 20)));
    }

    @Test
    void aGroupAccessTheLoopDoesNotBoundIsLeftAlone() {
        String hsail = GROUP_TEMPLATE.replace("BODY", "atomicnoret_add_group_rlx_wg_u32 [%bins][$s4], 1;");
        assertEquals(0, interchangedLoops(hsail));
        String misaligned = GROUP_TEMPLATE.replace("BODY", "atomicnoret_add_group_rlx_wg_u32 [%bins][$s5 + 2], 1;");
        assertEquals(0, interchangedLoops(misaligned));
    }

    // ---- two dimensions ----------------------------------------------------------------------------------

    /** The matrix product of the sample kernels: a loop walking a row of a and a column of b by pointers. */
    static final String MATMUL = """
            module &m:1:0:$full:$large:$default;
            prog kernel &matmul(kernarg_u64 %a, kernarg_u64 %b, kernarg_u64 %c, kernarg_u32 %n)
            {
                workitemabsid_u32 $s0, 0;
                workitemabsid_u32 $s1, 1;
                ld_kernarg_u32 $s2, [%n];
                cmp_ge_b1_u32 $c0, $s0, $s2;
                cbr_b1 $c0, @done;
                cmp_ge_b1_u32 $c0, $s1, $s2;
                cbr_b1 $c0, @done;
                mul_u32 $s3, $s1, $s2;
                cvt_u64_u32 $d2, $s3;
                shl_u64 $d2, $d2, 2;
                ld_kernarg_u64 $d0, [%a];
                add_u64 $d2, $d0, $d2;
                cvt_u64_u32 $d3, $s0;
                shl_u64 $d3, $d3, 2;
                ld_kernarg_u64 $d1, [%b];
                add_u64 $d3, $d1, $d3;
                cvt_u64_u32 $d4, $s2;
                shl_u64 $d4, $d4, 2;
                mov_b32 $s4, 0.0f;
                mov_b32 $s5, 0;
            @next_k:
                ld_global_f32 $s6, [$d2];
                ld_global_f32 $s7, [$d3];
                mul_f32 $s6, $s6, $s7;
                add_f32 $s4, $s4, $s6;
                add_u64 $d2, $d2, 4;
                add_u64 $d3, $d3, $d4;
                add_u32 $s5, $s5, 1;
                cmp_lt_b1_u32 $c1, $s5, $s2;
                cbr_b1 $c1, @next_k;
                add_u32 $s3, $s3, $s0;
                cvt_u64_u32 $d5, $s3;
                shl_u64 $d5, $d5, 2;
                ld_kernarg_u64 $d6, [%c];
                add_u64 $d6, $d6, $d5;
                st_global_f32 $s4, [$d6];
            @done:
                ret;
            };
            """;

    /**
     * The matrix product with a's element fixed at the row's first: each work-item walks only a column
     * of b, a row further each turn (a stride in a register), which consecutive work-items read side by
     * side.
     */
    static final String COLUMNS = MATMUL.replace("add_u64 $d2, $d2, 4;\n", "");

    private static Differential.Case product(String hsail, int n, int grid) {
        return new Differential.Case(hsail, new DispatchGeometry(2, grid, grid, 1, 16, 16, 1),
                List.of(floats(n * n, 1), floats(n * n, 2), new byte[4 * n * n]),
                a -> new Object[] {a[0], a[1], a[2], n});
    }

    /**
     * Each work-item of the matrix product walks a row of a word by word and carries its sum: planned to
     * run work-items together (jammed), which it does only where a walk leaves the cache; a 32 x 32 product
     * stays in it and runs as written.
     */
    @Test
    void theMatrixProductRunsAsWrittenWhileItsWalksStayInTheCache() {
        JvmCompiledKernel k = (JvmCompiledKernel) KernelRunner.compile(new JvmKernelCompiler(
                JvmCompilerOptions.checkedMode()), MATMUL);
        assertEquals(1, k.generated().plan().interchanges.size());
        assertEquals(InterchangedLoops.JAM, k.generated().plan().interchanges.getFirst().loop().jam());
        assertEquals(0, interchangedRuns(product(MATMUL, 32, 32)));
    }

    /** The matrix product with b's rows a pitch apart (bytes, a kernarg). */
    static final String PITCHED = MATMUL.replace("kernarg_u32 %n)", "kernarg_u32 %n, kernarg_u64 %pitch)")
            .replace("cvt_u64_u32 $d4, $s2;\n    shl_u64 $d4, $d4, 2;", "ld_kernarg_u64 $d4, [%pitch];");

    /**
     * Rows of b 64 KiB apart: each work-item's column walk spans over a MiB, and work-items run the loop
     * four at a time along each row of the work-group, the rest of a row (work-groups 6 wide) one at a
     * time; every sum keeps its work-item's order, so the bytes are the interpreter's.
     */
    @Test
    void workItemsRunTogetherWhereTheirWalksLeaveTheCache() {
        assertTrue(PITCHED.contains("[%pitch]"));
        int n = 18;
        int pitch = 64 << 10;
        Differential.Case c = new Differential.Case(PITCHED, new DispatchGeometry(2, n, 8, 1, 6, 4, 1),
                List.of(floats(n * n, 1), floats(pitch / 4 * n, 2), new byte[4 * n * n]),
                a -> new Object[] {a[0], a[1], a[2], n, (long) pitch});
        assertTrue(interchangedRuns(c) > 0, "work-items ran together");
    }

    /** A sum over each work-item's own consecutive words stays in the cache: planned jammed, run as written. */
    @Test
    void aSumOfEachWorkItemsOwnWordsRunsAsWritten() {
        String hsail = kernel(LOAD.replace("shl_u64 $d2, $d2, 8", "shl_u64 $d2, $d2, 2") + "add_u32 $s2, $s2, $s4;\n");
        assertEquals(1, interchangedLoops(hsail));
        assertEquals(0, interchangedRuns(walk(hsail, 128, 64, 0, 6)));
    }

    /**
     * The tiled matrix product of the sample kernels: 16 x 16 tiles of a and b in group memory; after a
     * barrier each work-item sums a row of one tile times a column of the other, walking both by $s
     * offsets: a loop that touches only group memory and carries each work-item's sum from turn to turn.
     */
    static final String TILED = """
            module &m:1:0:$full:$large:$default;
            prog kernel &matmul_tiled(kernarg_u64 %a, kernarg_u64 %b, kernarg_u64 %c, kernarg_u32 %n)
            {
                group_f32 %tile_a[256];
                group_f32 %tile_b[256];
                workitemid_u32 $s0, 0;
                workitemid_u32 $s1, 1;
                workitemabsid_u32 $s2, 0;
                workitemabsid_u32 $s3, 1;
                ld_kernarg_u32 $s4, [%n];
                ld_kernarg_u64 $d0, [%a];
                ld_kernarg_u64 $d1, [%b];
                shl_u32 $s5, $s1, 4;
                add_u32 $s5, $s5, $s0;
                shl_u32 $s5, $s5, 2;
                mov_b32 $s6, 0.0f;
                mov_b32 $s7, 0;
            @next_tile:
                mul_u32 $s8, $s3, $s4;
                add_u32 $s8, $s8, $s7;
                add_u32 $s8, $s8, $s0;
                cvt_u64_u32 $d2, $s8;
                shl_u64 $d2, $d2, 2;
                add_u64 $d2, $d0, $d2;
                ld_global_f32 $s9, [$d2];
                st_group_f32 $s9, [%tile_a][$s5];
                add_u32 $s8, $s7, $s1;
                mul_u32 $s8, $s8, $s4;
                add_u32 $s8, $s8, $s2;
                cvt_u64_u32 $d2, $s8;
                shl_u64 $d2, $d2, 2;
                add_u64 $d2, $d1, $d2;
                ld_global_f32 $s9, [$d2];
                st_group_f32 $s9, [%tile_b][$s5];
                barrier;
                shl_u32 $s10, $s1, 6;
                shl_u32 $s11, $s0, 2;
                mov_b32 $s12, 0;
            @next_k:
                ld_group_f32 $s13, [%tile_a][$s10];
                ld_group_f32 $s14, [%tile_b][$s11];
                mul_f32 $s13, $s13, $s14;
                add_f32 $s6, $s6, $s13;
                add_u32 $s10, $s10, 4;
                add_u32 $s11, $s11, 64;
                add_u32 $s12, $s12, 1;
                cmp_lt_b1_u32 $c0, $s12, 16;
                cbr_b1 $c0, @next_k;
                barrier;
                add_u32 $s7, $s7, 16;
                cmp_lt_b1_u32 $c0, $s7, $s4;
                cbr_b1 $c0, @next_tile;
                mul_u32 $s8, $s3, $s4;
                add_u32 $s8, $s8, $s2;
                cvt_u64_u32 $d2, $s8;
                shl_u64 $d2, $d2, 2;
                ld_kernarg_u64 $d3, [%c];
                add_u64 $d3, $d3, $d2;
                st_global_f32 $s6, [$d3];
                ret;
            };
            """;

    /**
     * Its inner loop reads only group memory, which stays in the cache: run interchanged it saves no memory
     * traffic, a turn costs each work-item more than the loop as written, and gathering costs about 7 ns per
     * work-item and tile (measured: 1.5-1.6 M items/s at 256 x 256 interchanged, 2.0-2.1 as written). It
     * is not interchanged (its 16 turns are written out instead: {@link UnrolledLoopTest}), and gives the
     * interpreter's bytes.
     */
    @Test
    void theTiledMatrixProductIsLeftAsWritten() {
        assertEquals(0, interchangedLoops(TILED));
        Differential.assertSameAsInterpreter(product(TILED, 48, 48));
    }

    @Test
    void columnWalksRunInterchangedInTwoDimensions() {
        assertEquals(1, interchangedLoops(COLUMNS));
        assertEquals(4, interchangedRuns(product(COLUMNS, 32, 32)));
    }

    @Test
    void partialWorkGroupsInTwoDimensions() {
        assertEquals(9, interchangedRuns(product(COLUMNS, 40, 40)));
    }

    /** Work-items past the matrix leave before the loop: their work-groups run it as written. */
    @Test
    void workGroupsWithWorkItemsThatSkipTheLoopRunItAsWritten() {
        assertEquals(4, interchangedRuns(product(COLUMNS, 40, 48)));
    }

    /** Rows of 8 floats: the stride in the register is less than a cache line, and the loop runs as written. */
    @Test
    void shortStridesInARegisterRunTheLoopAsWritten() {
        assertEquals(0, interchangedRuns(product(COLUMNS, 8, 8)));
    }

    /**
     * Values that do not grow evenly from row to row (the square of the row), and counters that differ
     * between rows, leave the loop as written.
     */
    @Test
    void rowsThatDoNotStepEvenlyRunTheLoopAsWritten() {
        String squares = kernel("workitemid_u32 $s6, 1;\nmul_u32 $s6, $s6, $s6;\ncvt_u64_u32 $d6, $s6;\n"
                + "shl_u64 $d6, $d6, 2;\nadd_u64 $d1, $d1, $d6;", SUM, COUNT, "");
        String counters = kernel("workitemid_u32 $s6, 1;\nadd_u32 $s3, $s3, $s6;", SUM, COUNT, "");
        for (String hsail : List.of(squares, counters)) {
            assertEquals(1, interchangedLoops(hsail));
            Differential.Case c = new Differential.Case(hsail, new DispatchGeometry(2, 16, 4, 1, 16, 4, 1),
                    List.of(words(64 + 64 * 8, 5), new byte[4 * 64]), a -> new Object[] {a[0], a[1], 6, 0});
            assertEquals(0, interchangedRuns(c));
        }
    }

    // ---- the sample kernels' tiled reduction and histogram ----------------------------------------------

    static final String REDUCE = """
            module &m:1:0:$full:$large:$default;
            prog kernel &reduce_tiled(kernarg_u64 %in, kernarg_u64 %sum, kernarg_u32 %n, kernarg_u32 %per_work_item)
            {
                group_u32 %group_sum;
                workitemid_u32 $s0, 0;
                cmp_ne_b1_u32 $c0, $s0, 0;
                cbr_b1 $c0, @cleared;
                mov_b32 $s1, 0;
                st_group_u32 $s1, [%group_sum];
            @cleared:
                barrier;
                ld_kernarg_u64 $d0, [%in];
                ld_kernarg_u32 $s1, [%n];
                ld_kernarg_u32 $s3, [%per_work_item];
                workgroupid_u32 $s4, 0;
                shl_u32 $s4, $s4, 8;
                mad_u32 $s4, $s4, $s3, $s0;
                cmp_ge_b1_u32 $c0, $s4, $s1;
                cbr_b1 $c0, @summed;
                sub_u32 $s5, $s1, $s4;
                sub_u32 $s5, $s5, 1;
                shr_u32 $s5, $s5, 8;
                add_u32 $s5, $s5, 1;
                min_u32 $s5, $s5, $s3;
                cvt_u64_u32 $d1, $s4;
                shl_u64 $d1, $d1, 2;
                add_u64 $d1, $d0, $d1;
                mov_b32 $s6, 0;
                mov_b32 $s7, 0;
            @sum:
                cvt_u64_u32 $d2, $s7;
                shl_u64 $d2, $d2, 10;
                add_u64 $d2, $d1, $d2;
                ld_global_u32 $s8, [$d2];
                add_u32 $s6, $s6, $s8;
                add_u32 $s7, $s7, 1;
                cmp_lt_b1_u32 $c1, $s7, $s5;
                cbr_b1 $c1, @sum;
                atomicnoret_add_group_rlx_wg_u32 [%group_sum], $s6;
            @summed:
                barrier;
                cmp_ne_b1_u32 $c0, $s0, 0;
                cbr_b1 $c0, @done;
                ld_group_u32 $s9, [%group_sum];
                ld_kernarg_u64 $d3, [%sum];
                atomicnoret_add_global_rlx_agent_u32 [$d3], $s9;
            @done:
                ret;
            };
            """;

    static final String HISTOGRAM = """
            module &m:1:0:$full:$large:$default;
            prog kernel &histogram_tiled(kernarg_u64 %data, kernarg_u64 %bins, kernarg_u32 %n,
                    kernarg_u32 %per_work_item)
            {
                group_u32 %local_bins[256];
                workitemid_u32 $s0, 0;
                shl_u32 $s1, $s0, 2;
                mov_b32 $s2, 0;
                st_group_u32 $s2, [%local_bins][$s1];
                barrier;
                ld_kernarg_u64 $d0, [%data];
                ld_kernarg_u32 $s2, [%n];
                ld_kernarg_u32 $s4, [%per_work_item];
                workgroupid_u32 $s5, 0;
                shl_u32 $s5, $s5, 8;
                mad_u32 $s5, $s5, $s4, $s0;
                cmp_ge_b1_u32 $c0, $s5, $s2;
                cbr_b1 $c0, @counted;
                sub_u32 $s6, $s2, $s5;
                sub_u32 $s6, $s6, 1;
                shr_u32 $s6, $s6, 8;
                add_u32 $s6, $s6, 1;
                min_u32 $s6, $s6, $s4;
                cvt_u64_u32 $d1, $s5;
                shl_u64 $d1, $d1, 2;
                add_u64 $d1, $d0, $d1;
                mov_b32 $s7, 0;
            @count:
                cvt_u64_u32 $d2, $s7;
                shl_u64 $d2, $d2, 10;
                add_u64 $d2, $d1, $d2;
                ld_global_u32 $s8, [$d2];
                and_b32 $s8, $s8, 255;
                shl_u32 $s8, $s8, 2;
                atomicnoret_add_group_rlx_wg_u32 [%local_bins][$s8], 1;
                add_u32 $s7, $s7, 1;
                cmp_lt_b1_u32 $c1, $s7, $s6;
                cbr_b1 $c1, @count;
            @counted:
                barrier;
                ld_group_u32 $s9, [%local_bins][$s1];
                cmp_eq_b1_u32 $c2, $s9, 0;
                cbr_b1 $c2, @done;
                cvt_u64_u32 $d3, $s1;
                ld_kernarg_u64 $d4, [%bins];
                add_u64 $d4, $d4, $d3;
                atomicnoret_add_global_rlx_agent_u32 [$d4], $s9;
            @done:
                ret;
            };
            """;

    /** The tiled kernels over n elements, e per work-item, in work-groups of 256. */
    private static Differential.Case tiled(String hsail, int n, int e, int resultBytes) {
        int items = (n + e - 1) / e;
        return new Differential.Case(hsail, DispatchGeometry.of1D(items, 256),
                List.of(words(n, 11), new byte[resultBytes]), a -> new Object[] {a[0], a[1], n, e});
    }

    static Stream<Arguments> tiledKernels() {
        return Stream.of(Arguments.of("reduction", REDUCE, 4), Arguments.of("histogram", HISTOGRAM, 1024));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tiledKernels")
    void tiledKernelsRunInterchangedInEveryWholeTile(String what, String hsail, int resultBytes) {
        assertEquals(3, interchangedRuns(tiled(hsail, 256 * 4 * 3, 4, resultBytes)));
    }

    /**
     * A last tile of 300 elements: its work-items take 2 or 1 elements, so it runs the loop as written, in
     * a partial work-group of 75.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("tiledKernels")
    void aLastTileWithDifferentCountsRunsTheLoopAsWritten(String what, String hsail, int resultBytes) {
        assertEquals(2, interchangedRuns(tiled(hsail, 256 * 4 * 2 + 300, 4, resultBytes)));
    }
}
