package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Stream;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checked mode checks a counted loop's strided accesses through a kernarg pointer once, before the
 * loop, against the pointer's window ({@link StridedAccesses}): loops whose addresses all stay inside
 * give what the interpreter gives, and loops that walk out of the buffer, forwards or backwards, fault
 * on the same work-item, work-group, line and address as the interpreter, after the same work-items
 * wrote the same results.
 */
class StridedLoopAccessTest {
    private static final int ITEMS = 64;
    /** Input words: enough for 64 work-items walking 40 turns of up to 64 words. */
    private static final int WORDS = 4096;

    /**
     * Work-item i sums %n u32 words of %in, the first at byte %first + 4 * i + 8, the next STRIDE bytes
     * further each turn (%stride in a register, or an immediate), and writes the sum to out[i]; or
     * steps first and then loads. The
     * offsets come from 32-bit values, so that the address stays "%in plus an offset" (a window).
     */
    private static String kernel(String stride, String body, String compare) {
        return """
                module &m:1:0:$full:$large:$default;
                prog kernel &walk(kernarg_u64 %in, kernarg_u64 %out, kernarg_u32 %first, kernarg_s32 %stride,
                        kernarg_u32 %n)
                {
                    workitemabsid_u32 $s0, 0;
                    cvt_u64_u32 $d0, $s0;
                    shl_u64 $d0, $d0, 2;
                    ld_kernarg_u64 $d1, [%in];
                    add_u64 $d1, $d1, $d0;
                    ld_kernarg_u32 $s1, [%first];
                    cvt_u64_u32 $d2, $s1;
                    add_u64 $d1, $d1, $d2;
                    ld_kernarg_s32 $s1, [%stride];
                    cvt_s64_s32 $d3, $s1;
                    ld_kernarg_u32 $s2, [%n];
                    mov_b32 $s3, 0;
                    mov_b32 $s4, 0;
                @loop:
                    BODY
                    add_u32 $s3, $s3, 1;
                    COMPARE;
                    cbr_b1 $c0, @loop;
                    ld_kernarg_u64 $d4, [%out];
                    add_u64 $d4, $d4, $d0;
                    st_global_u32 $s4, [$d4];
                    ret;
                };
                """.replace("BODY", body).replace("STRIDE", stride).replace("COMPARE", compare);
    }

    private static String kernel(String stride) {
        return kernel(stride, LOAD_THEN_STEP, LESS);
    }

    private static final String LOAD_THEN_STEP = """
            ld_global_u32 $s5, [$d1 + 8];
                    add_u32 $s4, $s4, $s5;
                    add_u64 $d1, $d1, STRIDE;""";
    private static final String STEP_THEN_LOAD = """
            add_u64 $d1, $d1, STRIDE;
                    ld_global_u32 $s5, [$d1 + 8];
                    add_u32 $s4, $s4, $s5;""";
    /** Turns while the count is below %n (at least one), or up to it (one more). */
    private static final String LESS = "cmp_lt_b1_u32 $c0, $s3, $s2";
    private static final String UP_TO = "cmp_ge_b1_u32 $c0, $s2, $s3";

    private static Differential.Case walk(String stride, int first, int strideBytes, int n) {
        return walkKernel(kernel(stride), first, strideBytes, n);
    }

    private static Differential.Case walkKernel(String hsail, int first, int strideBytes, int n) {
        byte[] in = new byte[4 * WORDS];
        ByteBuffer b = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < WORDS; i++) {
            b.putInt(4 * i, i * 7 + 1);
        }
        return new Differential.Case(hsail, DispatchGeometry.of1D(ITEMS, 16), List.of(in, new byte[4 * ITEMS]),
                a -> new Object[] {a[0], a[1], first, strideBytes, n});
    }

    static Stream<Arguments> inside() {
        return Stream.of(
                Arguments.of("$d3", 0, 256, 15),                // a column: down the rows
                Arguments.of("$d3", 4 * (WORDS - 128), -256, 15), // up the rows
                Arguments.of("$d3", 0, 0, 40),                  // the same word every turn
                Arguments.of("$d3", 0, 4, 1),                   // one turn
                Arguments.of("$d3", 0, 256, 0),                 // n = 0: still one turn (do-while)
                Arguments.of("12", 0, 0, 40),                   // an immediate stride
                Arguments.of("-4", 1024, 0, 40));
    }

    @ParameterizedTest
    @MethodSource("inside")
    void walksInsideTheBufferLikeTheInterpreter(String stride, int first, int strideBytes, int n) {
        Differential.assertSameAsInterpreter(walk(stride, first, strideBytes, n));
    }

    /**
     * The pages mapped from %in on are 36 KiB here (input, output, kernarg): starting this far in, the
     * last of 80 turns of 4 bytes leaves them from work-item 32 on.
     */
    private static final int LATER_FIRST = 0x9000 - 8 - 4 * 32 - 4 * 79;

    static Stream<Arguments> outside() {
        return Stream.of(
                Arguments.of("$d3", 0, 4096, 1000),             // pages past the end of everything mapped
                Arguments.of("$d3", 0, -256, 3),                // before the start
                Arguments.of("$d3", LATER_FIRST, 4, 80),        // work-items from 32 on walk off the end
                Arguments.of("-4", 0, 0, 5));                   // an immediate stride walking backwards
    }

    /**
     * Walking far enough out of the buffer reaches unmapped pages. Both back ends must fault on the same
     * access of the same work-item and leave the same results behind.
     */
    @ParameterizedTest
    @MethodSource("outside")
    void walksOutOfTheBufferAndFaultsLikeTheInterpreter(String stride, int first, int strideBytes, int n) {
        Differential.Case c = walk(stride, first, strideBytes, n);
        Differential.Outcome expected = Differential.interpret(c);
        assertNotNull(expected.fault(), "the interpreter faults");
        Differential.Outcome actual = Differential.compile(c, JvmCompilerOptions.checkedMode());
        if (first == LATER_FIRST) {
            assertTrue(expected.fault().contains("work-item (32, 0, 0)"), expected.fault());
        }
        // The interpreter names the source file where the compiled kernel says "line".
        assertEquals(expected.fault().replace("test.hsail:", "line "), actual.fault());
        assertTrue(java.util.Arrays.equals(expected.buffers().get(1), actual.buffers().get(1)),
                "the work-items before the fault wrote the same results");
    }

    /**
     * The last turn's access lands on the last word before the end of the mapped pages (from work-item
     * 32 on: one word past it), for each order of access and step and each form of bound: the check
     * before the loop counts the steps exactly, and a walk one word too long still faults like the
     * interpreter.
     */
    @ParameterizedTest
    @MethodSource("orders")
    void walksToTheEdgeFaultLikeTheInterpreter(String body, String compare) {
        boolean upTo = compare.equals(UP_TO);
        boolean stepFirst = body.equals(STEP_THEN_LOAD);
        int turns = 80;
        int steps = turns - 1 + (stepFirst ? 1 : 0);
        int first = 0x9000 - 8 - 4 * 32 - 4 * steps;
        Differential.Case c = walkKernel(kernel("$d3", body, compare), first, 4, upTo ? turns - 1 : turns);
        Differential.Outcome expected = Differential.interpret(c);
        assertNotNull(expected.fault(), "the interpreter faults");
        assertTrue(expected.fault().contains("work-item (32, 0, 0)"), expected.fault());
        Differential.Outcome actual = Differential.compile(c, JvmCompilerOptions.checkedMode());
        assertEquals(expected.fault().replace("test.hsail:", "line "), actual.fault());
        assertTrue(java.util.Arrays.equals(expected.buffers().get(1), actual.buffers().get(1)),
                "the work-items before the fault wrote the same results");
    }

    static Stream<Arguments> orders() {
        return Stream.of(Arguments.of(LOAD_THEN_STEP, LESS), Arguments.of(LOAD_THEN_STEP, UP_TO),
                Arguments.of(STEP_THEN_LOAD, LESS), Arguments.of(STEP_THEN_LOAD, UP_TO));
    }

    @Test
    void theSignedCopyHasNoWindowCheckOfItsOwnForTheStridedLoad() {
        assertEquals(1, windowChecksMinusCopies(kernel("$d3")),
                "the loop as written checks the load against its window, the copy does not");
    }

    /**
     * Window checks (pairs of {@code Objects.checkIndex(long, long)} calls) of the kernel's parts, less
     * one per part: the store after the loop has one of its own.
     */
    private static int windowChecksMinusCopies(String hsail) {
        JvmCompiledKernel k = (JvmCompiledKernel) KernelRunner.compile(new JvmKernelCompiler(
                JvmCompilerOptions.checkedMode()), hsail);
        long checks = GeneratedCalls.in(k).stream().filter(c -> c.qualifiedName().equals("java/util/Objects.checkIndex")
                && c.descriptor().equals("(JJ)J")).count();
        return (int) checks / 2 - 1;
    }
}
