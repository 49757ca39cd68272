package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.junit.jupiter.api.Test;

/**
 * Cross-lane operations with 64-lane wavefronts formed from consecutive current flat ids. The
 * reference interpreter models one-lane wavefronts, so these are checked against plain Java.
 */
class CrossLaneTest {
    private static final String KERNEL = """
            module &m:1:0:$full:$large:$default;
            prog kernel &lanes(kernarg_u64 %out)
            {
                workitemabsid_u32 $s0, 0;
                laneid_u32 $s9;
                // odd work-items vote
                and_b32 $s1, $s0, 1;
                cmp_ne_b1_u32 $c0, $s1, 0;
                activelanecount_u32_b1 $s2, $c0;
                activelanemask_v4_b64_b1 ($d0, $d1, $d2, $d3), $c0;
                // only work-items with id % 3 == 0 take part in the next two
                rem_u32 $s3, $s0, 3;
                cmp_ne_b1_u32 $c1, $s3, 0;
                mov_b32 $s4, 999;
                mov_b32 $s5, 999;
                cbr_b1 $c1, @skip;
                activelaneid_u32 $s4;
                // each active lane takes the value of the lane after it, or 5000 when that lane is inactive
                add_u32 $s6, $s9, 1;
                mul_u32 $s7, $s0, 10;
                activelanepermute_b32 $s5, $s7, $s6, 5000, 0;
            @skip:
                activelanecount_u32_b1 $s8, 1;
                cvt_u64_u32 $d4, $s0;
                mul_u64 $d4, $d4, 32;
                ld_kernarg_u64 $d5, [%out];
                add_u64 $d5, $d5, $d4;
                st_v4_global_u32 ($s2, $s4, $s5, $s8), [$d5];
                st_v2_global_u64 ($d0, $d1), [$d5 + 16];
                ret;
            };
            """;

    /**
     * Each work-item takes the absolute id of the lane 5 after it in its wavefront, counting round
     * (its own id + 1000 when a partial wavefront has no such lane): the source is a value the back end
     * would otherwise recompute after the cross-lane operation rather than keep in memory.
     */
    @Test
    void aPermuteOfAWorkItemIdReadsTheOtherLanesId() {
        String hsail = """
                module &m:1:0:$full:$large:$default;
                prog kernel &shift(kernarg_u64 %out)
                {
                    workitemabsid_u32 $s0, 0;
                    laneid_u32 $s1;
                    add_u32 $s2, $s1, 5;
                    add_u32 $s3, $s0, 1000;
                    activelanepermute_b32 $s4, $s0, $s2, $s3, 0;
                    cvt_u64_u32 $d0, $s0;
                    shl_u64 $d0, $d0, 2;
                    ld_kernarg_u64 $d1, [%out];
                    add_u64 $d1, $d1, $d0;
                    st_global_u32 $s4, [$d1];
                    ret;
                };
                """;
        int n = 200;
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            long out = r.allocate(4L * n);
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()), hsail);
            r.run(k, DispatchGeometry.of1D(n, 100), r.kernarg(out));
            for (int id = 0; id < n; id++) {
                int local = id % 100;
                int lane = local % 64;
                int waveEnd = Math.min(100, local - lane + 64);
                int from = (lane + 5) % 64;
                int expected = local - lane + from < waveEnd ? id - lane + from : id + 1000;
                assertEquals(expected, r.memory.loadInt(out + 4L * id), "work-item " + id);
            }
        }
    }

    @Test
    void votesPrefixCountsMasksAndPermutesPerWavefront() {
        int n = 200;
        int wg = 100;
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            long out = r.allocate(32L * n);
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()), KERNEL);
            r.run(k, DispatchGeometry.of1D(n, wg), r.kernarg(out));
            byte[] bytes = new byte[32 * n];
            r.memory.read(out, bytes, 0, bytes.length);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int id = 0; id < n; id++) {
                int local = id % wg;
                int waveStart = id - local + (local / 64) * 64;
                int waveEnd = Math.min(id - local + wg, waveStart + 64);
                int odd = 0;
                long mask = 0;
                int before = 0;
                for (int j = waveStart; j < waveEnd; j++) {
                    if ((j & 1) != 0) {
                        odd++;
                        mask |= 1L << (j - waveStart);
                    }
                    if (j < id && j % 3 == 0) {
                        before++;
                    }
                }
                assertEquals(odd, b.getInt(32 * id), "activelanecount of " + id);
                assertEquals(mask, b.getLong(32 * id + 16), "activelanemask of " + id);
                assertEquals(0, b.getLong(32 * id + 24), "activelanemask lanes 64..127 of " + id);
                int from = waveStart + (id - waveStart + 1) % 64;
                int permuted = id % 3 != 0 ? 999 : from < waveEnd && from % 3 == 0 ? from * 10 : 5000;
                assertEquals(id % 3 == 0 ? before : 999, b.getInt(32 * id + 4), "activelaneid of " + id);
                assertEquals(permuted, b.getInt(32 * id + 8), "activelanepermute of " + id);
                assertEquals(waveEnd - waveStart, b.getInt(32 * id + 12), "all lanes active again after the branch");
            }
        }
    }
}
