package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hsaj.hsail.codegen.jvm.JvmCompilerOptions;
import org.hsaj.hsail.codegen.jvm.JvmKernelCompiler;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.hsail.exec.KernelFault;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.text.HsailParser;
import org.hsaj.runtime.memory.MemoryOrder;
import org.junit.jupiter.api.Test;

/**
 * The reference interpreter and the JVM back end (checked and fast mode) agree on what the back-end
 * contract leaves observable: segment sizes and the flat addresses of group and private variables,
 * nullptr, the wavefront size and every cross-lane operation over 64-lane wavefronts with divergent
 * control flow, and cancellation inside a work-group. Where a value follows from the contract's rules
 * alone it is also checked against them here.
 */
class BackEndAgreementTest {
    private static final String MODULE = "module &m:1:0:$full:$large:$default;\n";

    private static List<KernelCompiler> backEnds() {
        return List.of(new InterpreterKernelCompiler(), new JvmKernelCompiler(JvmCompilerOptions.checkedMode()),
                new JvmKernelCompiler(JvmCompilerOptions.fastMode()));
    }

    private static String name(KernelCompiler c) {
        return c instanceof JvmKernelCompiler j ? "jvm " + (j.options().checked() ? "checked" : "fast") : c.name();
    }

    /** What each back end wrote, and where the work-groups' memory was. */
    private record Outcome(List<long[]> outputs, WorkGroupMemory memory, long privateSegmentSize) {
    }

    /**
     * Runs the only kernel of {@code hsail} (one kernarg: the output buffer) on every back end with the
     * same dispatch, kernarg and lent memory, and returns each one's output of {@code words} u64.
     */
    private static Outcome run(Machine m, DispatchGeometry g, int words) {
        Kernel kernel = m.module.kernels().getFirst();
        List<CompiledKernel> compiled = backEnds().stream().map(c -> c.compile(m.module, kernel)).toList();
        for (int i = 1; i < compiled.size(); i++) {
            assertEquals(compiled.getFirst().groupSegmentSize(), compiled.get(i).groupSegmentSize(),
                    "group segment size of " + name(backEnds().get(i)));
            assertEquals(compiled.getFirst().privateSegmentSize(), compiled.get(i).privateSegmentSize(),
                    "private segment size of " + name(backEnds().get(i)));
        }
        long out = m.alloc(8L * words);
        DispatchContext d = m.dispatch(compiled.getFirst(), g, m.kernargs(kernel, out));
        WorkGroupMemory wgm = m.workGroupMemory(d);
        List<long[]> outputs = new ArrayList<>();
        for (CompiledKernel k : compiled) {
            m.memory.fill(out, 8L * words, (byte) 0);
            m.run(k, d, wgm);
            outputs.add(m.readLongs(out, words));
        }
        for (int i = 1; i < outputs.size(); i++) {
            assertArrayEquals(outputs.getFirst(), outputs.get(i), name(backEnds().get(i)) + " differs from the"
                    + " interpreter");
        }
        return new Outcome(outputs, wgm, d.privateSegmentSize());
    }

    // ---- addresses ------------------------------------------------------------------------------------

    /** Stores the b1 results of segmentp group, private and global of flat address $d1 as bits 0, 1, 2 at [$d8 + at]. */
    private static String segmentp(int at) {
        return """
                \tsegmentp_group_b1_u64 $c0, $d1;
                \tsegmentp_private_b1_u64 $c1, $d1;
                \tsegmentp_global_b1_u64 $c2, $d1;
                \tcvt_u32_b1 $s5, $c0;
                \tcvt_u32_b1 $s6, $c1;
                \tshl_u32 $s6, $s6, 1;
                \tor_b32 $s5, $s5, $s6;
                \tcvt_u32_b1 $s6, $c2;
                \tshl_u32 $s6, $s6, 2;
                \tor_b32 $s5, $s5, $s6;
                \tcvt_u64_u32 $d0, $s5;
                \tst_global_u64 $d0, [$d8 + %d];
                """.formatted(at);
    }

    /**
     * Layout (exec.SegmentLayout): group = %g at 0, 20 bytes. Private: kernel frame = %p at 0, %sp at 16,
     * arg area at 32 (12 bytes), 48 bytes; &where's frame at 48 = output at 0, input at 16, %fp at 32: 48
     * bytes; 96 per work-item. Segment address 0 is a real address (nullptr too): its flat address is not
     * null.
     */
    private static final String ADDRESSES = MODULE + """
            function &where(arg_u64 %r)(arg_u32 %which)
            {
            \tprivate_u32 %fp[3];
            \tld_arg_u32 $s0, [%which];
            \tshl_u32 $s0, $s0, 2;
            \tlda_private_u32 $s1, [%fp][$s0];
            \tstof_private_u64_u32 $d0, $s1;
            \tst_arg_u64 $d0, [%r];
            \tret;
            };

            prog kernel &addresses(kernarg_u64 %out)
            {
            \tgroup_u32 %g[5];
            \tprivate_u64 %p[2];
            \tspill_u32 %sp;
            \tworkitemflatabsid_u64 $d9;
            \tshl_u64 $d9, $d9, 7;
            \tld_kernarg_u64 $d8, [%out];
            \tadd_u64 $d8, $d8, $d9;
            \tlda_group_u32 $s0, [%g][4];
            \tcvt_u64_u32 $d0, $s0;
            \tst_global_u64 $d0, [$d8];
            \tstof_group_u64_u32 $d1, $s0;
            \tst_global_u64 $d1, [$d8 + 8];
            \tftos_group_u32_u64 $s1, $d1;
            \tcvt_u64_u32 $d0, $s1;
            \tst_global_u64 $d0, [$d8 + 16];
            """ + segmentp(24) + """
            \tlda_private_u32 $s0, [%p][8];
            \tcvt_u64_u32 $d0, $s0;
            \tst_global_u64 $d0, [$d8 + 32];
            \tstof_private_u64_u32 $d1, $s0;
            \tst_global_u64 $d1, [$d8 + 40];
            \tftos_private_u32_u64 $s1, $d1;
            \tcvt_u64_u32 $d0, $s1;
            \tst_global_u64 $d0, [$d8 + 48];
            """ + segmentp(56) + """
            \tlda_private_u32 $s0, [%p];
            \tst_spill_u32 $s0, [%sp];
            \tcvt_u64_u32 $d0, $s0;
            \tst_global_u64 $d0, [$d8 + 64];
            \tstof_private_u64_u32 $d0, $s0;
            \tst_global_u64 $d0, [$d8 + 72];
            \tnullptr_group_u32 $s0;
            \tnullptr_private_u32 $s1;
            \tcvt_u64_u32 $d0, $s0;
            \tcvt_u64_u32 $d2, $s1;
            \tshl_u64 $d2, $d2, 32;
            \tor_b64 $d0, $d0, $d2;
            \tst_global_u64 $d0, [$d8 + 80];
            \tnullptr_u64 $d1;
            \tst_global_u64 $d1, [$d8 + 88];
            """ + segmentp(96) + """
            \tnullptr_group_u32 $s0;
            \tstof_group_u64_u32 $d0, $s0;
            \tst_global_u64 $d0, [$d8 + 104];
            \t{
            \t\targ_u64 %r;
            \t\targ_u32 %which;
            \t\tst_arg_u32 0, [%which];
            \t\tcall &where (%r) (%which);
            \t\tld_arg_u64 $d0, [%r];
            \t}
            \tst_global_u64 $d0, [$d8 + 112];
            \t{
            \t\targ_u64 %r;
            \t\targ_u32 %which;
            \t\tst_arg_u32 1, [%which];
            \t\tcall &where (%r) (%which);
            \t\tld_arg_u64 $d0, [%r];
            \t}
            \tst_global_u64 $d0, [$d8 + 120];
            \tret;
            };
            """;

    @Test
    void flatAddressesOfGroupAndPrivateVariablesAndNullPointers() {
        try (Machine m = new Machine(HsailParser.parse("addresses.hsail", ADDRESSES),
                InterpreterKernelCompiler.Options.DEFAULT)) {
            int items = 6;
            Outcome o = run(m, DispatchGeometry.of1D(items, 3), 16 * items);
            assertEquals(20, m.compile("&addresses").groupSegmentSize());
            assertEquals(96, o.privateSegmentSize());
            long group = o.memory().groupBase();
            long[] got = o.outputs().getFirst();
            for (int id = 0; id < items; id++) {
                long ownPrivate = o.memory().privateBase() + (id % 3) * 96L;
                long[] want = {4, group + 4, 4, 0b001, 8, ownPrivate + 8, 8, 0b010, 0, ownPrivate, 0, 0, 0b111,
                    group, ownPrivate + 48 + 32, ownPrivate + 48 + 32 + 4};
                long[] actual = java.util.Arrays.copyOfRange(got, 16 * id, 16 * id + 16);
                assertArrayEquals(want, actual, "work-item " + id);
            }
        }
    }

    // ---- wavefronts and cross-lane operations -------------------------------------------------------

    /**
     * Per work-item (12 u64 at flat absolute id * 96): laneid, waveid, maxwaveid, WAVESIZE; in a
     * divergent if/else: activelanemask and activelaneid where the current flat id c % 3 != 0, activelanecount
     * of odd lanes where c % 3 == 0 (999 where not run); a loop of c % 4 iterations, each with an
     * activelanecount of the lanes still looping, folded into one number; after reconvergence a 32-bit
     * permute from the next lane (identity 77, forced for odd c) and a 64-bit permute from the mirror lane
     * (identity 5); the second word of the mask; the current flat id.
     */
    private static final String LANES = MODULE + """
            prog kernel &lanes(kernarg_u64 %out)
            {
            \tworkitemflatabsid_u64 $d9;
            \tmul_u64 $d9, $d9, 96;
            \tld_kernarg_u64 $d8, [%out];
            \tadd_u64 $d8, $d8, $d9;
            \tcurrentworkitemflatid_u32 $s0;
            \tlaneid_u32 $s1;
            \tcvt_u64_u32 $d0, $s1;
            \tst_global_u64 $d0, [$d8];
            \twaveid_u32 $s2;
            \tcvt_u64_u32 $d0, $s2;
            \tst_global_u64 $d0, [$d8 + 8];
            \tmaxwaveid_u32 $s3;
            \tcvt_u64_u32 $d0, $s3;
            \tst_global_u64 $d0, [$d8 + 16];
            \tmov_b32 $s3, WAVESIZE;
            \tcvt_u64_u32 $d0, $s3;
            \tst_global_u64 $d0, [$d8 + 24];
            \tcvt_u64_u32 $d0, $s0;
            \tst_global_u64 $d0, [$d8 + 88];
            \tmov_b32 $s7, 999;
            \tmov_b32 $s6, 999;
            \tmov_b64 $d2, 0;
            \tmov_b64 $d3, 0;
            \trem_u32 $s5, $s0, 3;
            \tcmp_eq_b1_u32 $c0, $s5, 0;
            \tcbr_b1 $c0, @three;
            \trem_u32 $s5, $s0, 5;
            \tcmp_eq_b1_u32 $c1, $s5, 0;
            \tactivelanemask_v4_b64_b1 ($d2, $d3, $d4, $d5), $c1;
            \tactivelaneid_u32 $s7;
            \tbr @join;
            @three:
            \tand_b32 $s5, $s0, 1;
            \tcmp_ne_b1_u32 $c1, $s5, 0;
            \tactivelanecount_u32_b1 $s6, $c1;
            @join:
            \tst_global_u64 $d2, [$d8 + 32];
            \tcvt_u64_u32 $d0, $s7;
            \tst_global_u64 $d0, [$d8 + 40];
            \tcvt_u64_u32 $d0, $s6;
            \tst_global_u64 $d0, [$d8 + 48];
            \tst_global_u64 $d3, [$d8 + 80];
            \tand_b32 $s8, $s0, 3;
            \tmov_b32 $s9, 0;
            \tmov_b32 $s10, 0;
            @loop:
            \tcmp_ge_b1_u32 $c2, $s9, $s8;
            \tcbr_b1 $c2, @done;
            \tactivelanecount_u32_b1 $s11, 1;
            \tmul_u32 $s10, $s10, 131;
            \tadd_u32 $s10, $s10, $s11;
            \tadd_u32 $s9, $s9, 1;
            \tbr @loop;
            @done:
            \tcvt_u64_u32 $d0, $s10;
            \tst_global_u64 $d0, [$d8 + 56];
            \tmul_u32 $s12, $s0, 10;
            \tadd_u32 $s13, $s1, 1;
            \tand_b32 $s14, $s0, 1;
            \tcmp_ne_b1_u32 $c3, $s14, 0;
            \tactivelanepermute_b32 $s15, $s12, $s13, 77, $c3;
            \tcvt_u64_u32 $d0, $s15;
            \tst_global_u64 $d0, [$d8 + 64];
            \tcvt_u64_u32 $d6, $s0;
            \tshl_u64 $d6, $d6, 33;
            \tsub_u32 $s16, 63, $s1;
            \tactivelanepermute_b64 $d7, $d6, $s16, 5, 0;
            \tst_global_u64 $d7, [$d8 + 72];
            \tret;
            };
            """;

    /** The 12 words work-item {@code c} (current flat id) of a work-group of {@code n} work-items writes, in plain Java. */
    private static long[] lanes(int c, int n) {
        int wave = c / 64;
        int lane = c % 64;
        int start = wave * 64;
        int end = Math.min(n, start + 64);
        long mask = 0;
        long idInElse = 999;
        long countInThree = 999;
        if (c % 3 != 0) {
            idInElse = 0;
            for (int j = start; j < end; j++) {
                if (j % 3 != 0 && j % 5 == 0) {
                    mask |= 1L << (j - start);
                }
                if (j % 3 != 0 && j < c) {
                    idInElse++;
                }
            }
        } else {
            countInThree = 0;
            for (int j = start; j < end; j++) {
                if (j % 3 == 0 && j % 2 == 1) {
                    countInThree++;
                }
            }
        }
        int folded = 0;
        for (int k = 0; k < c % 4; k++) {
            int looping = 0;
            for (int j = start; j < end; j++) {
                if (j % 4 > k) {
                    looping++;
                }
            }
            folded = folded * 131 + looping;
        }
        int next = start + (lane + 1) % 64;
        long permuted32 = c % 2 == 1 || next >= end ? 77 : next * 10L;
        int mirror = start + 63 - lane;
        long permuted64 = mirror < end ? (long) mirror << 33 : 5;
        return new long[] {lane, wave, 1, 64, mask, idInElse, countInThree, Integer.toUnsignedLong(folded),
            permuted32, permuted64, 0, c};
    }

    private static void checkLanes(DispatchGeometry g) {
        try (Machine m = new Machine(HsailParser.parse("lanes.hsail", LANES), InterpreterKernelCompiler.Options.DEFAULT)) {
            int items = (int) (g.gridX() * g.gridY());
            long[] got = run(m, g, 12 * items).outputs().getFirst();
            for (long gy = 0; gy < g.gridGroups(1); gy++) {
                for (long gx = 0; gx < g.gridGroups(0); gx++) {
                    int sx = g.currentWorkgroupSize(0, gx);
                    int sy = g.currentWorkgroupSize(1, gy);
                    for (int y = 0; y < sy; y++) {
                        for (int x = 0; x < sx; x++) {
                            long absolute = gx * g.workgroupX() + x + (gy * g.workgroupY() + y) * g.gridX();
                            int c = x + sx * y;
                            long[] actual = java.util.Arrays.copyOfRange(got, (int) (12 * absolute),
                                    (int) (12 * absolute + 12));
                            assertArrayEquals(lanes(c, sx * sy), actual, "work-item " + absolute + " (current flat id "
                                    + c + " of work-group (" + gx + ", " + gy + "))");
                        }
                    }
                }
            }
        }
    }

    @Test
    void crossLaneOperationsInWorkGroupsOf128WithDivergence() {
        // Two full work-groups of two wavefronts, then one of 72 work-items: a full and a partial wavefront.
        checkLanes(DispatchGeometry.of1D(328, 128));
    }

    @Test
    void wavefrontsFollowTheCurrentFlatIdOfPartialTwoDimensionalWorkGroups() {
        // Work-groups of 16 x 8; the second along x has 8 x 8 work-items, whose wavefront is all 64 of them.
        checkLanes(new DispatchGeometry(2, 24, 8, 1, 16, 8, 1));
    }

    // ---- cancellation -----------------------------------------------------------------------------

    /** Counts itself in the u32 at %flag, then loops for ever (with a barrier in the loop when asked). */
    private static String endless(boolean barrier) {
        return MODULE + """
                prog kernel &endless(kernarg_u64 %flag)
                {
                \tld_kernarg_u64 $d0, [%flag];
                \tatomicnoret_add_global_rlx_system_u32 [$d0], 1;
                @forever:
                """ + (barrier ? "\tbarrier;\n" : "\tnop;\n") + """
                \tbr @forever;
                };
                """;
    }

    private static void checkCancellation(boolean barrier) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Machine m = new Machine(HsailParser.parse("endless.hsail", endless(barrier)),
                InterpreterKernelCompiler.Options.DEFAULT)) {
            Kernel kernel = m.module.kernels().getFirst();
            for (KernelCompiler backEnd : backEnds()) {
                CompiledKernel k = backEnd.compile(m.module, kernel);
                long flag = m.alloc(4);
                DispatchContext d = m.dispatch(k, DispatchGeometry.of1D(256, 128), m.kernargs(kernel, flag));
                WorkGroupMemory wgm = m.workGroupMemory(d);
                Future<?> running = pool.submit(() -> k.runWorkGroup(d, wgm, 1, 0, 0));
                long waited = 0;
                while (m.memory.atomicLoadInt(flag, MemoryOrder.ACQUIRE) == 0 && waited < 60_000) {
                    Thread.sleep(1);
                    waited++;
                }
                d.cancel("stopped by the test");
                ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> running.get(60, TimeUnit.SECONDS), name(backEnd) + " did not stop");
                KernelFault fault = assertInstanceOf(KernelFault.class, e.getCause(), name(backEnd));
                // Any work-item of work-group 1 (ids 128..255) may be the one that notices.
                // The position as the back end writes it: file:line:column, or line L:C (jvm, for now).
                String loop = barrier ? "[78]" : "8";
                assertTrue(fault.getMessage().matches("HSA_STATUS_ERROR_EXCEPTION \\(0x1016\\): kernel &endless,"
                        + " work-item \\((1\\d\\d|2[0-4]\\d|25[0-5]), 0, 0\\) of work-group \\(1, 0, 0\\), (endless\\.hsail:|line )" + loop
                        + ":2: dispatch cancelled: stopped by the test"), name(backEnd) + ": " + fault.getMessage());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEndlessLoopStopsWhenTheDispatchIsCancelled() throws Exception {
        checkCancellation(false);
    }

    @Test
    void anEndlessLoopWithABarrierStopsWhenTheDispatchIsCancelled() throws Exception {
        checkCancellation(true);
    }
}
