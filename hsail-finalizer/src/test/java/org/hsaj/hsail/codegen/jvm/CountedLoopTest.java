package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loops that count a u32 register to a bound run a copy that compares signed when the counter and the
 * bound allow it, and the loop as written otherwise: counters and bounds at and past 2^31, counters
 * starting past their bound, large steps and each comparison form give what the interpreter gives.
 */
class CountedLoopTest {
    /**
     * Each work-item counts from %start + its id by STEP while COMPARE holds, summing the counter, and
     * writes the turns taken and the sum. A cap of 5000 turns stops loops that would wrap around.
     */
    private static String kernel(int step, String compare) {
        return """
                module &m:1:0:$full:$large:$default;
                prog kernel &count(kernarg_u64 %out, kernarg_u32 %start, kernarg_u32 %bound)
                {
                    workitemabsid_u32 $s0, 0;
                    ld_kernarg_u32 $s1, [%start];
                    add_u32 $s1, $s1, $s0;
                    ld_kernarg_u32 $s2, [%bound];
                    mov_b32 $s3, 0;
                    mov_b32 $s4, 0;
                @loop:
                    add_u32 $s4, $s4, $s1;
                    add_u32 $s3, $s3, 1;
                    cmp_ge_b1_u32 $c1, $s3, 5000;
                    cbr_b1 $c1, @done;
                    add_u32 $s1, $s1, STEP;
                    COMPARE;
                    cbr_b1 $c0, @loop;
                @done:
                    cvt_u64_u32 $d0, $s0;
                    shl_u64 $d0, $d0, 3;
                    ld_kernarg_u64 $d1, [%out];
                    add_u64 $d1, $d1, $d0;
                    st_v2_global_u32 ($s3, $s4), [$d1];
                    ret;
                };
                """.replace("STEP", Integer.toString(step)).replace("COMPARE", compare);
    }

    static Stream<Arguments> loops() {
        String lt = "cmp_lt_b1_u32 $c0, $s1, $s2";
        String le = "cmp_le_b1_u32 $c0, $s1, $s2";
        String gt = "cmp_gt_b1_u32 $c0, $s2, $s1";
        String ge = "cmp_ge_b1_u32 $c0, $s2, $s1";
        String constant = "cmp_lt_b1_u32 $c0, $s1, 2000";
        return Stream.of(
                Arguments.of(1, lt, 0, 1000),
                Arguments.of(3, le, 0, 1000),
                Arguments.of(2, gt, 10, 777),
                Arguments.of(1, ge, 10, 777),
                Arguments.of(5, constant, 7, 0),
                Arguments.of(1, lt, 500, 100),                   // starts past the bound: one turn
                Arguments.of(4, lt, 0x7fffff00, 0x80000100),     // crosses 2^31
                Arguments.of(1, lt, 0x7ffffff0, 0x7fffffff),     // ends at Integer.MAX_VALUE
                Arguments.of(1, le, 0x7ffffff0, 0x7fffffff),     // would step past it
                Arguments.of(1, lt, 0xfffffff0, 0xffffffff),     // up near 2^32
                Arguments.of(1, lt, 0xffffff00, 0x20),           // starts past a bound it would wrap to
                Arguments.of(65536, lt, 0, 0x7fff0000),          // the largest step, near the limit
                Arguments.of(65536, lt, 0x7fff8000, 0x7fffffff));
    }

    @ParameterizedTest
    @MethodSource("loops")
    void countsLikeTheInterpreter(int step, String compare, int start, int bound) {
        int items = 40;
        List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(kernel(step, compare),
                DispatchGeometry.of1D(items, 8), List.of(new byte[8 * items]), a -> new Object[] {a[0], start, bound}));
        ByteBuffer b = ByteBuffer.wrap(out.getFirst()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < items; i++) {
            assertEquals(expectedTurns(step, compare, start + i, bound), b.getInt(8 * i), "turns of item " + i);
        }
    }

    @Test
    void theLoopGetsACopyThatComparesSigned() {
        JvmCompiledKernel k = (JvmCompiledKernel) KernelRunner.compile(new JvmKernelCompiler(
                JvmCompilerOptions.checkedMode()), kernel(1, "cmp_lt_b1_u32 $c0, $s1, $s2"));
        Set<String> calls = new HashSet<>();
        GeneratedCalls.in(k).forEach(c -> calls.add(c.qualifiedName()));
        assertEquals(true, calls.contains("java/lang/Integer.compare"), "the signed copy's comparison: " + calls);
        assertEquals(true, calls.contains("java/lang/Integer.compareUnsigned"), "the loop as written: " + calls);
    }

    /** The turns of the do-while loop counted in Java (unsigned comparisons), capped at 5000. */
    private static int expectedTurns(int step, String compare, int start, int bound) {
        int i = start;
        int turns = 0;
        while (true) {
            turns++;
            if (turns >= 5000) {
                return turns;
            }
            i += step;
            boolean again = compare.contains("2000") ? Integer.compareUnsigned(i, 2000) < 0
                    : compare.startsWith("cmp_lt") || compare.startsWith("cmp_gt") ? Integer.compareUnsigned(i, bound) < 0
                    : Integer.compareUnsigned(i, bound) <= 0;
            if (!again) {
                return turns;
            }
        }
    }
}
