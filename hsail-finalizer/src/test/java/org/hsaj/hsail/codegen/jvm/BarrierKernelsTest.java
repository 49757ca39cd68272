package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.junit.jupiter.api.Test;

/** Kernels with barriers in loops and branches, against plain Java and the reference interpreter. */
class BarrierKernelsTest {
    @Test
    void treeReductionInGroupMemoryWithABarrierInsideTheLoop() {
        int groups = 7;
        int wg = 256;
        int[] in = new Random(3).ints(groups * wg, -1000, 1000).toArray();
        List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(Resources.kernel("reduction.hsail"),
                DispatchGeometry.of1D((long) groups * wg, wg), List.of(Resources.ints(in), new byte[4 * groups]),
                a -> new Object[] {a[0], a[1]}));
        int[] sums = Resources.toInts(out.get(1));
        for (int g = 0; g < groups; g++) {
            int expected = 0;
            for (int i = 0; i < wg; i++) {
                expected += in[g * wg + i];
            }
            assertEquals(expected, sums[g], "sum of work-group " + g);
        }
    }

    @Test
    void reductionWithSmallWorkGroupsRunsTheLoopFewerTimes() {
        int groups = 5;
        int wg = 16;
        int[] in = new Random(4).ints(groups * wg, 0, 100).toArray();
        List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(Resources.kernel("reduction.hsail"),
                DispatchGeometry.of1D((long) groups * wg, wg), List.of(Resources.ints(in), new byte[4 * groups]),
                a -> new Object[] {a[0], a[1]}));
        int[] sums = Resources.toInts(out.get(1));
        for (int g = 0; g < groups; g++) {
            int expected = 0;
            for (int i = 0; i < wg; i++) {
                expected += in[g * wg + i];
            }
            assertEquals(expected, sums[g]);
        }
    }

    @Test
    void tiledMatrixMultiplyWithBarriersInTheTileLoop() {
        int n = 48;
        Random r = new Random(5);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(17) - 8 + r.nextFloat();
            b[i] = r.nextInt(9) - 4 + r.nextFloat();
        }
        List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(Resources.kernel("matmul.hsail"),
                new DispatchGeometry(2, n, n, 1, 16, 16, 1), List.of(Resources.floats(a), Resources.floats(b),
                new byte[4 * n * n]), x -> new Object[] {x[0], x[1], x[2], n}));
        float[] c = Resources.toFloats(out.get(2));
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                float acc = 0;
                for (int t = 0; t < n; t += 16) {
                    for (int k = 0; k < 16; k++) {
                        acc += a[row * n + t + k] * b[(t + k) * n + col];
                    }
                }
                assertEquals(acc, c[row * n + col], "C[" + row + "][" + col + "]");
            }
        }
    }

    @Test
    void barrierInsideAUniformBranchAndValuesLiveAcrossIt() {
        String hsail = """
                module &m:1:0:$full:$large:$default;
                prog kernel &k(kernarg_u64 %out, kernarg_u32 %flag)
                {
                    group_u32 %slots[64];
                    workitemid_u32 $s0, 0;
                    mul_u32 $s1, $s0, 3;
                    cvt_u64_u32 $d5, $s0;
                    mul_u64 $d5, $d5, 1000000007;
                    shl_u32 $s2, $s0, 2;
                    st_group_u32 $s1, [%slots][$s2];
                    ld_kernarg_u32 $s3, [%flag];
                    cmp_ne_b1_u32 $c0, $s3, 0;
                    cbr_b1 $c0, @other;
                    barrier;
                    // read the neighbour's value written before the barrier
                    add_u32 $s4, $s0, 1;
                    and_b32 $s4, $s4, 63;
                    shl_u32 $s4, $s4, 2;
                    ld_group_u32 $s5, [%slots][$s4];
                    br @join;
                @other:
                    mov_b32 $s5, 77;
                @join:
                    barrier;
                    add_u32 $s5, $s5, $s1;
                    cvt_u32_u64 $s6, $d5;
                    add_u32 $s5, $s5, $s6;
                    workitemabsid_u64 $d0, 0;
                    shl_u64 $d0, $d0, 2;
                    ld_kernarg_u64 $d1, [%out];
                    add_u64 $d1, $d1, $d0;
                    st_global_u32 $s5, [$d1];
                    ret;
                };
                """;
        for (int flag : new int[] {0, 1}) {
            List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(hsail,
                    DispatchGeometry.of1D(128, 64), List.of(new byte[4 * 128]), a -> new Object[] {a[0], flag}));
            int[] v = Resources.toInts(out.get(0));
            for (int i = 0; i < 128; i++) {
                int local = i % 64;
                int neighbour = flag == 0 ? ((local + 1) % 64) * 3 : 77;
                assertEquals(neighbour + local * 3 + (int) (local * 1000000007L), v[i], "work-item " + i);
            }
        }
    }

    @Test
    void partialWorkGroupsRunOnlyTheirWorkItemsAndBarriersStillRelease() {
        int n = 200;
        int wg = 64;
        int[] in = new Random(6).ints(n, 0, 50).toArray();
        // The last work-group has 8 work-items: the tree starts from the current work-group size.
        String kernel = Resources.kernel("reduction.hsail").replace("workgroupsize_u32 $s3, 0;",
                "currentworkgroupsize_u32 $s3, 0;");
        List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(kernel,
                DispatchGeometry.of1D(n, wg), List.of(Resources.ints(in), new byte[4 * 4]), a -> new Object[] {a[0],
                a[1]}));
        int[] sums = Resources.toInts(out.get(1));
        for (int g = 0; g < 4; g++) {
            int expected = 0;
            for (int i = g * wg; i < Math.min(n, (g + 1) * wg); i++) {
                expected += in[i];
            }
            assertEquals(expected, sums[g], "work-group " + g);
        }
    }

    @Test
    void barriersInsideFunctionsAreInlinedIntoTheKernel() {
        String hsail = """
                module &m:1:0:$full:$large:$default;
                // Stores this work-item's value in the group array at %slots, waits for the group, returns
                // the value plus its neighbour's.
                function &exchange(arg_u32 %r)(arg_u32 %value, arg_u32 %local, arg_u32 %slots)
                {
                    private_u32 %keep;
                    ld_arg_u32 $s0, [%value];
                    ld_arg_u32 $s1, [%local];
                    ld_arg_u32 $s6, [%slots];
                    st_private_u32 $s0, [%keep];
                    shl_u32 $s2, $s1, 2;
                    add_u32 $s2, $s2, $s6;
                    st_group_u32 $s0, [$s2];
                    barrier;
                    xor_b32 $s3, $s1, 1;
                    shl_u32 $s3, $s3, 2;
                    add_u32 $s3, $s3, $s6;
                    ld_group_u32 $s4, [$s3];
                    // nobody may overwrite a slot before every work-item has read it
                    barrier;
                    ld_private_u32 $s5, [%keep];
                    add_u32 $s4, $s4, $s5;
                    st_arg_u32 $s4, [%r];
                    ret;
                };
                function &twice(arg_u32 %r)(arg_u32 %value, arg_u32 %local, arg_u32 %slots)
                {
                    ld_arg_u32 $s0, [%value];
                    {
                        arg_u32 %o;
                        arg_u32 %v;
                        arg_u32 %l;
                        arg_u32 %g;
                        st_arg_u32 $s0, [%v];
                        ld_arg_u32 $s1, [%local];
                        st_arg_u32 $s1, [%l];
                        ld_arg_u32 $s1, [%slots];
                        st_arg_u32 $s1, [%g];
                        call &exchange (%o) (%v, %l, %g);
                        ld_arg_u32 $s2, [%o];
                    }
                    mul_u32 $s2, $s2, 2;
                    st_arg_u32 $s2, [%r];
                };
                prog kernel &k(kernarg_u64 %out)
                {
                    group_u32 %area[64];
                    workitemabsid_u32 $s0, 0;
                    workitemid_u32 $s1, 0;
                    lda_group_u32 $s3, [%area];
                    mul_u32 $s2, $s0, 7;
                    mov_b32 $s7, 0;
                @loop:
                    {
                        arg_u32 %o;
                        arg_u32 %v;
                        arg_u32 %l;
                        arg_u32 %g;
                        st_arg_u32 $s2, [%v];
                        st_arg_u32 $s1, [%l];
                        st_arg_u32 $s3, [%g];
                        call &twice (%o) (%v, %l, %g);
                        ld_arg_u32 $s2, [%o];
                    }
                    add_u32 $s7, $s7, 1;
                    cmp_lt_b1_u32 $c0, $s7, 2;
                    cbr_b1 $c0, @loop;
                    cvt_u64_u32 $d0, $s0;
                    shl_u64 $d0, $d0, 2;
                    ld_kernarg_u64 $d1, [%out];
                    add_u64 $d1, $d1, $d0;
                    st_global_u32 $s2, [$d1];
                    ret;
                };
                """;
        int n = 128;
        List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(hsail,
                DispatchGeometry.of1D(n, 64), List.of(new byte[4 * n]), a -> new Object[] {a[0]}));
        int[] v = Resources.toInts(out.get(0));
        int[] value = new int[n];
        for (int i = 0; i < n; i++) {
            value[i] = 7 * i;
        }
        for (int round = 0; round < 2; round++) {
            int[] next = new int[n];
            for (int i = 0; i < n; i++) {
                next[i] = 2 * (value[i ^ 1] + value[i]);
            }
            value = next;
        }
        for (int i = 0; i < n; i++) {
            assertEquals(value[i], v[i], "work-item " + i);
        }
    }
}
