package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterClass;
import org.junit.jupiter.api.Test;

/**
 * Registers uniform across a work-group at a barrier are kept once per work-group there: a counter
 * in a loop around barriers is, a value set on one side of a branch on the work-item id, or counted in
 * a loop whose exit depends on the work-item, is not; results match the interpreter either way.
 */
class UniformityTest {
    /**
     * $s5 halves around a barrier (uniform); $s6 is set by a branch on the id (not); $s7 counts in a
     * loop that each work-item leaves at its own turn (not); $c1 is reused for a uniform and a
     * non-uniform condition.
     */
    private static final String KERNEL = """
            module &m:1:0:$full:$large:$default;
            prog kernel &mixed(kernarg_u64 %out)
            {
                group_u32 %g[64];
                workitemid_u32 $s0, 0;
                shl_u32 $s1, $s0, 2;
                mov_b32 $s6, 1;
                and_b32 $s2, $s0, 1;
                cmp_eq_b1_u32 $c0, $s2, 0;
                cbr_b1 $c0, @even;
                mov_b32 $s6, 3;
            @even:
                mov_b32 $s7, 0;
            @count:
                add_u32 $s7, $s7, 1;
                cmp_lt_b1_u32 $c2, $s7, $s0;
                cbr_b1 $c2, @count;
                st_group_u32 $s0, [%g][$s1];
                mov_b32 $s5, 32;
                mov_b32 $s8, 0;
            @halve:
                barrier;
                cmp_ge_b1_u32 $c1, $s0, $s5;
                cbr_b1 $c1, @skip;
                add_u32 $s8, $s8, $s5;
            @skip:
                barrier;
                shr_u32 $s5, $s5, 1;
                cmp_ne_b1_u32 $c1, $s5, 0;
                cbr_b1 $c1, @halve;
                add_u32 $s9, $s6, $s7;
                add_u32 $s9, $s9, $s8;
                workitemabsid_u32 $s3, 0;
                cvt_u64_u32 $d0, $s3;
                shl_u64 $d0, $d0, 2;
                ld_kernarg_u64 $d1, [%out];
                add_u64 $d1, $d1, $d0;
                st_global_u32 $s9, [$d1];
                ret;
            };
            """;

    @Test
    void resultsMatchTheInterpreter() {
        Differential.assertSameAsInterpreter(new Differential.Case(KERNEL, DispatchGeometry.of1D(128, 64),
                List.of(new byte[4 * 128]), a -> new Object[] {a[0]}));
    }

    @Test
    void theHalvingCounterIsUniformAtTheBarriersTheOthersAreNot() {
        Body body = BlockSplitter.withEntryBlock(KernelRunner.parse(KERNEL).kernels().getFirst().body().orElseThrow());
        RegisterIndex registers = new RegisterIndex(body);
        Uniformity u = new Uniformity(body, registers);
        int halve = blockOf(body, "@halve");
        int skip = blockOf(body, "@skip");
        assertEquals(true, u.isUniformAt(s(registers, 5), halve, 0), "$s5 at the first barrier");
        assertEquals(true, u.isUniformAt(s(registers, 5), skip, 0), "$s5 at the second barrier");
        assertEquals(false, u.isUniformAt(s(registers, 6), skip, 0), "$s6, set by a branch on the id");
        assertEquals(false, u.isUniformAt(s(registers, 7), skip, 0), "$s7, counted to the id");
        assertEquals(false, u.isUniformAt(s(registers, 8), skip, 0), "$s8, added to on one side of a branch");
        assertEquals(false, u.isUniformAt(s(registers, 0), halve, 0), "$s0, the id");
    }

    private static int s(RegisterIndex registers, int n) {
        return registers.indexOf(new Operand.Register(RegisterClass.S, n));
    }

    private static int blockOf(Body body, String label) {
        for (int b = 0; b < body.blocks().size(); b++) {
            if (label.equals(body.blocks().get(b).label())) {
                return b;
            }
        }
        throw new IllegalArgumentException("no block " + label);
    }
}
