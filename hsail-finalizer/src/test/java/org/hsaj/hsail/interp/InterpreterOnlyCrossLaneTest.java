package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.text.HsailParser;
import org.junit.jupiter.api.Test;

/**
 * Cross-lane operations the JVM back end refuses and the interpreter runs: 128-bit permutes, and
 * cross-lane operations inside functions, where the work-items waiting together are those that reached
 * the instruction through the same call (the point is the whole call path), checked against plain Java.
 */
class InterpreterOnlyCrossLaneTest {
    /**
     * Per work-item (3 u64 at its id * 24): the low and high halves of the 128-bit value of the next lane
     * (id * 3 and id * 3 << 20 there; the identity where the lane is missing), and an activelanecount of all lanes taken inside &count,
     * called from one of two call sites by parity.
     */
    private static final String KERNEL = """
            module &m:1:0:$full:$large:$default;
            function &count(arg_u32 %r)()
            {
            \tactivelanecount_u32_b1 $s0, 1;
            \tst_arg_u32 $s0, [%r];
            \tret;
            };
            prog kernel &wide(kernarg_u64 %out)
            {
            \tworkitemabsid_u32 $s0, 0;
            \tcvt_u64_u32 $d0, $s0;
            \tmul_u64 $d0, $d0, 24;
            \tld_kernarg_u64 $d1, [%out];
            \tadd_u64 $d1, $d1, $d0;
            \tmul_u32 $s1, $s0, 3;
            \tcvt_u64_u32 $d2, $s1;
            \tshl_u64 $d3, $d2, 20;
            \tcombine_v2_b128_b64 $q0, ($d2, $d3);
            \tlaneid_u32 $s2;
            \tadd_u32 $s2, $s2, 1;
            \tactivelanepermute_b128 $q1, $q0, $s2, u32x4(7, 7, 7, 7), 0;
            \texpand_v2_b64_b128 ($d4, $d5), $q1;
            \tst_global_u64 $d4, [$d1];
            \tst_global_u64 $d5, [$d1 + 8];
            \tand_b32 $s3, $s0, 1;
            \tcmp_eq_b1_u32 $c0, $s3, 0;
            \tcbr_b1 $c0, @even;
            \t{
            \t\targ_u32 %r;
            \t\tcall &count (%r) ();
            \t\tld_arg_u32 $s4, [%r];
            \t}
            \tbr @store;
            @even:
            \t{
            \t\targ_u32 %r;
            \t\tcall &count (%r) ();
            \t\tld_arg_u32 $s4, [%r];
            \t}
            @store:
            \tcvt_u64_u32 $d6, $s4;
            \tst_global_u64 $d6, [$d1 + 16];
            \tret;
            };
            """;

    @Test
    void wideLanesAndCrossLaneOperationsInFunctions() {
        try (Machine m = new Machine(HsailParser.parse("wide.hsail", KERNEL), InterpreterKernelCompiler.Options.DEFAULT)) {
            int n = 100; // work-groups of 64: a full wavefront, then a partial one of 36
            long out = m.alloc(24L * n);
            m.run("&wide", DispatchGeometry.of1D(n, 64), out);
            long[] got = m.readLongs(out, 3 * n);
            for (int id = 0; id < n; id++) {
                int start = id / 64 * 64;
                int size = Math.min(64, n - start);
                int from = start + (id - start + 1) % 64;
                boolean active = from < start + size;
                long identity = 0x0000_0007_0000_0007L;
                long[] want = {active ? from * 3L : identity, active ? from * 3L << 20 : identity,
                    (size + (id % 2 == 0 ? 1 : 0)) / 2};
                assertArrayEquals(want, java.util.Arrays.copyOfRange(got, 3 * id, 3 * id + 3), "work-item " + id);
            }
        }
    }
}
