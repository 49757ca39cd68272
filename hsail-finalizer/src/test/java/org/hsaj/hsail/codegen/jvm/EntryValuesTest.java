package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterClass;
import org.junit.jupiter.api.Test;

/**
 * Values a work-item can recompute after a barrier instead of saving them (ids, kernarg values and
 * integer arithmetic on them, defined before every use) keep their values across barriers, in loops
 * around barriers and in 2D work-groups; a register set on one side of a branch only is saved as before.
 * So do registers built up by a run of consecutive instructions; runs that read the register's
 * earlier value first, or that another instruction interrupts, are saved.
 */
class EntryValuesTest {
    private static final String KERNEL = """
            module &m:1:0:$full:$large:$default;
            prog kernel &keep(kernarg_u64 %out, kernarg_u32 %scale)
            {
                group_u32 %g[64];
                workitemid_u32 $s0, 0;
                workitemid_u32 $s1, 1;
                workitemabsid_u32 $s2, 0;
                ld_kernarg_u32 $s3, [%scale];
                mad_u32 $s4, $s1, 8, $s0;
                shl_u32 $s5, $s4, 2;
                mov_b32 $s6, 0;
                and_b32 $s7, $s2, 1;
                cmp_eq_b1_u32 $c0, $s7, 0;
                cbr_b1 $c0, @even;
                mul_u32 $s8, $s2, $s3;
                br @joined;
            @even:
                mov_b32 $s8, 5;
            @joined:
                mov_b32 $s9, 0;
            @round:
                st_group_u32 $s4, [%g][$s5];
                barrier;
                xor_b32 $s10, $s4, 1;
                shl_u32 $s10, $s10, 2;
                ld_group_u32 $s11, [%g][$s10];
                add_u32 $s6, $s6, $s11;
                barrier;
                add_u32 $s9, $s9, 1;
                cmp_lt_b1_u32 $c1, $s9, 3;
                cbr_b1 $c1, @round;
                ld_kernarg_u64 $d0, [%out];
                workitemabsid_u32 $s12, 1;
                mad_u32 $s13, $s12, 16, $s2;
                cvt_u64_u32 $d1, $s13;
                shl_u64 $d1, $d1, 4;
                add_u64 $d0, $d0, $d1;
                st_v4_global_u32 ($s6, $s8, $s3, $s4), [$d0];
                cvt_u64_u32 $d2, $s2;
                shl_u64 $d3, $d2, 3;
                ld_kernarg_u64 $d4, [%out];
                add_u64 $d4, $d4, $d3;
                st_global_u64 $d2, [$d4 + 1024];
                ret;
            };
            """;

    @Test
    void recomputedValuesSurviveBarriersAsTheInterpreterSays() {
        DispatchGeometry g = new DispatchGeometry(2, 16, 4, 1, 8, 4, 1);
        List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(KERNEL, g,
                List.of(new byte[1024 + 8 * 16]), a -> new Object[] {a[0], 7}));
        ByteBuffer b = ByteBuffer.wrap(out.getFirst()).order(ByteOrder.LITTLE_ENDIAN);
        int x = 3;
        int y = 2;
        int at = 16 * (16 * y + x);
        int local = 8 * y + x;
        assertEquals(3 * (local ^ 1), b.getInt(at), "three rounds of the neighbour's value");
        assertEquals(x * 7, b.getInt(at + 4), "set on the odd branch");
        assertEquals(7, b.getInt(at + 8), "the kernarg value");
        assertEquals(local, b.getInt(at + 12), "the local flat id");
        assertEquals(x, b.getLong(1024 + 8 * x), "the absolute id widened");
    }

    @Test
    void theIdsAndTheirArithmeticAreRecomputedTheBranchValueIsNot() {
        JvmCompiledKernel k = (JvmCompiledKernel) KernelRunner.compile(new JvmKernelCompiler(
                JvmCompilerOptions.checkedMode()), KERNEL);
        KernelPlan plan = k.generated().plan();
        for (int s : new int[] {0, 1, 2, 3, 4, 5}) {
            int r = plan.registers.indexOf(new Operand.Register(RegisterClass.S, s));
            assertEquals(true, plan.entryValues.recomputes(r), "$s" + s);
        }
        for (int s : new int[] {6, 8, 9}) {
            int r = plan.registers.indexOf(new Operand.Register(RegisterClass.S, s));
            assertEquals(false, plan.entryValues.recomputes(r), "$s" + s);
        }
    }

    /**
     * $s5 is built by a run of three instructions, $s6 by a run whose first instruction reads it (its
     * value from before the kernel's loop), $s7 by two instructions with another between them; all
     * three are used after barriers in a loop.
     */
    private static final String RUNS = """
            module &m:1:0:$full:$large:$default;
            prog kernel &runs(kernarg_u64 %out)
            {
                group_u32 %g[64];
                workitemid_u32 $s0, 0;
                workitemid_u32 $s1, 1;
                shl_u32 $s5, $s1, 4;
                add_u32 $s5, $s5, $s0;
                shl_u32 $s5, $s5, 2;
                mov_b32 $s9, 0;
            @round:
                add_u32 $s6, $s6, 3;
                shl_u32 $s6, $s6, 1;
                mov_b32 $s7, $s0;
                workitemabsid_u32 $s8, 0;
                add_u32 $s7, $s7, $s8;
                st_group_u32 $s5, [%g][$s5];
                barrier;
                ld_group_u32 $s10, [%g][$s5];
                add_u32 $s10, $s10, $s6;
                add_u32 $s10, $s10, $s7;
                barrier;
                add_u32 $s9, $s9, 1;
                cmp_lt_b1_u32 $c1, $s9, 3;
                cbr_b1 $c1, @round;
                workitemflatabsid_u32 $s11;
                cvt_u64_u32 $d1, $s11;
                shl_u64 $d1, $d1, 2;
                ld_kernarg_u64 $d0, [%out];
                add_u64 $d0, $d0, $d1;
                st_global_u32 $s10, [$d0];
                ret;
            };
            """;

    @Test
    void aRunOfInstructionsSettingOneRegisterIsRecomputedAsAWhole() {
        DispatchGeometry g = new DispatchGeometry(2, 16, 4, 1, 8, 4, 1);
        List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(RUNS, g,
                List.of(new byte[4 * 64]), a -> new Object[] {a[0]}));
        ByteBuffer b = ByteBuffer.wrap(out.getFirst()).order(ByteOrder.LITTLE_ENDIAN);
        int x = 11;
        int y = 2;
        int local = 4 * (16 * y + x % 8); // $s5
        assertEquals(local + 42 + (x % 8 + x), b.getInt(4 * (16 * y + x)), "third round: $s5 + $s6 + $s7");
        JvmCompiledKernel k = (JvmCompiledKernel) KernelRunner.compile(new JvmKernelCompiler(
                JvmCompilerOptions.checkedMode()), RUNS);
        KernelPlan plan = k.generated().plan();
        int[] expected = {5, 6, 7};
        boolean[] recomputed = {true, false, false};
        for (int i = 0; i < expected.length; i++) {
            int r = plan.registers.indexOf(new Operand.Register(RegisterClass.S, expected[i]));
            assertEquals(recomputed[i], plan.entryValues.recomputes(r), "$s" + expected[i]);
        }
    }
}
