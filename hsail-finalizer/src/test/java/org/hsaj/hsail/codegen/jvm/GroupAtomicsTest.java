package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.KernelFault;
import org.junit.jupiter.api.Test;

/**
 * Atomics on group memory, which the back end performs as plain reads and writes (a work-group runs on
 * one thread), and read-modify-write atomics on global memory through VarHandles: every operation,
 * 32 and 64 bits, gives what the interpreter gives; a misaligned one faults.
 */
class GroupAtomicsTest {
    /**
     * Each work-item applies every commutative operation to group counters with an operand made from its
     * id, counts a compare-and-swap loop, and work-item 0 copies the counters to global memory, where the
     * same operations run on a second set.
     */
    private static final String EVERY_OPERATION = """
            module &m:1:0:$full:$large:$default;
            prog kernel &ops(kernarg_u64 %out)
            {
                group_u32 %c[9];
                group_u64 %w[3];
                workitemid_u32 $s0, 0;
                cmp_ne_b1_u32 $c0, $s0, 0;
                cbr_b1 $c0, @ready;
                st_group_u32 0, [%c];
                st_group_u32 1000000, [%c][4];
                st_group_u32 4294967295, [%c][8];
                st_group_u32 0, [%c][12];
                st_group_u32 0, [%c][16];
                st_group_u32 2147483647, [%c][20];
                st_group_u32 0, [%c][24];
                st_group_u32 7, [%c][28];
                st_group_u32 0, [%c][32];
                st_group_u64 0, [%w];
                st_group_u64 9223372036854775807, [%w][8];
                st_group_u64 0, [%w][16];
            @ready:
                barrier;
                mul_u32 $s1, $s0, 2654435761;
                atomicnoret_add_group_rlx_wg_u32 [%c], $s0;
                atomicnoret_sub_group_rlx_wg_u32 [%c][4], $s0;
                atomicnoret_and_group_rlx_wg_b32 [%c][8], $s1;
                atomicnoret_or_group_rlx_wg_b32 [%c][12], $s1;
                atomicnoret_xor_group_rlx_wg_b32 [%c][16], $s1;
                atomicnoret_min_group_rlx_wg_s32 [%c][20], $s1;
                atomicnoret_max_group_rlx_wg_u32 [%c][24], $s1;
                atomic_add_group_rlx_wg_u32 $s2, [%c][32], 1;
                cvt_u64_u32 $d0, $s1;
                shl_u64 $d0, $d0, 20;
                atomicnoret_add_group_rlx_wg_u64 [%w], $d0;
                atomicnoret_min_group_rlx_wg_s64 [%w][8], $d0;
                atomicnoret_max_group_rlx_wg_u64 [%w][16], $d0;
            @cas:
                atomic_ld_group_rlx_wg_b32 $s3, [%c][28];
                mad_u32 $s4, $s3, 3, 1;
                atomic_cas_group_rlx_wg_b32 $s5, [%c][28], $s3, $s4;
                cmp_ne_b1_u32 $c1, $s5, $s3;
                cbr_b1 $c1, @cas;
                ld_kernarg_u64 $d1, [%out];
                atomicnoret_add_global_rlx_agent_u32 [$d1 + 48], $s0;
                atomicnoret_sub_global_rlx_agent_u32 [$d1 + 52], $s0;
                atomicnoret_and_global_rlx_agent_b32 [$d1 + 56], $s1;
                atomicnoret_or_global_rlx_agent_b32 [$d1 + 60], $s1;
                atomicnoret_xor_global_rlx_agent_b32 [$d1 + 64], $s1;
                atomicnoret_min_global_rlx_agent_s32 [$d1 + 68], $s1;
                atomicnoret_max_global_rlx_agent_u32 [$d1 + 72], $s1;
                atomicnoret_max_global_rlx_agent_s64 [$d1 + 80], $d0;
                atomicnoret_xor_global_rlx_agent_b64 [$d1 + 88], $d0;
                barrier;
                cbr_b1 $c0, @done;
                ld_group_u32 $s6, [%c];
                st_global_u32 $s6, [$d1];
                ld_group_u32 $s6, [%c][4];
                st_global_u32 $s6, [$d1 + 4];
                ld_group_u32 $s6, [%c][8];
                st_global_u32 $s6, [$d1 + 8];
                ld_group_u32 $s6, [%c][12];
                st_global_u32 $s6, [$d1 + 12];
                ld_group_u32 $s6, [%c][16];
                st_global_u32 $s6, [$d1 + 16];
                ld_group_u32 $s6, [%c][20];
                st_global_u32 $s6, [$d1 + 20];
                ld_group_u32 $s6, [%c][24];
                st_global_u32 $s6, [$d1 + 24];
                ld_group_u32 $s6, [%c][28];
                st_global_u32 $s6, [$d1 + 28];
                ld_group_u32 $s6, [%c][32];
                st_global_u32 $s6, [$d1 + 32];
                ld_group_u64 $d2, [%w];
                st_global_u64 $d2, [$d1 + 96];
                ld_group_u64 $d2, [%w][8];
                st_global_u64 $d2, [$d1 + 104];
                ld_group_u64 $d2, [%w][16];
                st_global_u64 $d2, [$d1 + 112];
            @done:
                ret;
            };
            """;

    @Test
    void everyOperationGivesWhatTheInterpreterGives() {
        Differential.assertSameAsInterpreter(new Differential.Case(EVERY_OPERATION, DispatchGeometry.of1D(100, 100),
                List.of(new byte[128]), a -> new Object[] {a[0]}));
    }

    @Test
    void aMisalignedGroupAtomicFaults() {
        String hsail = """
                module &m:1:0:$full:$large:$default;
                prog kernel &odd(kernarg_u32 %at)
                {
                    group_u32 %c[4];
                    ld_kernarg_u32 $s0, [%at];
                    atomicnoret_add_group_rlx_wg_u32 [%c][$s0], 1;
                    ret;
                };
                """;
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()), hsail);
            var d = r.dispatch(k, DispatchGeometry.of1D(4, 4), r.kernarg(2), 0);
            KernelFault f = assertThrows(KernelFault.class, () -> r.run(k, d));
            assertEquals(String.format("HSA_STATUS_ERROR_EXCEPTION (0x1016): kernel &odd, work-item (0, 0, 0) of"
                    + " work-group (0, 0, 0), line 6:5: write of 4 bytes at 0x%x: atomic access is not naturally"
                    + " aligned", r.groupBase() + 2), f.getMessage());
        }
    }
}
