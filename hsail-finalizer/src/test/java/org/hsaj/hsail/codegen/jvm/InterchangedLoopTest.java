package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.junit.jupiter.api.Test;

class InterchangedLoopTest {
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

    static byte[] words(int n, long seed) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            b.putInt(r.nextInt());
        }
        return b.array();
    }

    @Test
    void reduction() {
        int e = 4;
        int n = 256 * e * 3;
        Differential.Case c = new Differential.Case(REDUCE, DispatchGeometry.of1D(n / e, 256),
                List.of(words(n, 1), new byte[4]), a -> new Object[] {a[0], a[1], n, e});
        long before = WorkGroupState.INTERCHANGED_RUNS.sum();
        Differential.assertSameAsInterpreter(c);
        assertEquals(3, WorkGroupState.INTERCHANGED_RUNS.sum() - before);
    }
}
