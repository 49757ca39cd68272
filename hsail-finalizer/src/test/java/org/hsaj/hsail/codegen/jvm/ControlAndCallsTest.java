package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.junit.jupiter.api.Test;

/** Loops, branches, sbr, calls and scall, against plain Java and the reference interpreter. */
class ControlAndCallsTest {
    @Test
    void loopsBranchesAndSwitches() {
        int n = 300;
        List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(Resources.kernel("control.hsail"),
                DispatchGeometry.of1D(n, 64), List.of(new byte[8 * n]), a -> new Object[] {a[0]}));
        int[] v = Resources.toInts(out.get(0));
        for (int id = 0; id < n; id++) {
            long x = id + 1;
            int steps = 0;
            while (x > 1 && steps < 1000) {
                x = (x & 1) == 0 ? x >>> 1 : (3 * x + 1) & 0xffffffffL;
                steps++;
            }
            int expected = switch (id & 3) {
                case 0 -> steps * 10;
                case 1 -> steps + 1000;
                case 2 -> ~steps;
                default -> 7;
            };
            assertEquals(steps, v[2 * id], "steps of " + id);
            assertEquals(expected, v[2 * id + 1], "switch of " + id);
        }
    }

    @Test
    void callsPassArgumentsThroughArgBlocksAndKeepFramesApart() {
        int n = 100;
        List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(Resources.kernel("functions.hsail"),
                DispatchGeometry.of1D(n, 32), List.of(new byte[16 * n]), a -> new Object[] {a[0]}));
        ByteBuffer b = ByteBuffer.wrap(out.get(0)).order(ByteOrder.LITTLE_ENDIAN);
        for (int id = 0; id < n; id++) {
            long a = id;
            long c = id + 1;
            assertEquals(a * a + c * c, b.getLong(16 * id), "sumsq of " + id);
            int viaScall = (id & 1) == 0 ? (id + 1) * (id + 1) : 2 * (id + 1);
            assertEquals(viaScall, b.getInt(16 * id + 8), "scall of " + id);
            assertEquals(id, b.getInt(16 * id + 12), "the kernel's private variable after the calls");
        }
    }

    @Test
    void recursionVariadicArgumentsAndAlloca() {
        int n = 70;
        List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(Resources.kernel("recursion.hsail"),
                DispatchGeometry.of1D(n, 32), List.of(new byte[16 * n]), a -> new Object[] {a[0]}));
        ByteBuffer b = ByteBuffer.wrap(out.get(0)).order(ByteOrder.LITTLE_ENDIAN);
        for (int id = 0; id < n; id++) {
            long f = 1;
            for (int k = 2; k <= id % 15; k++) {
                f *= k;
            }
            assertEquals(f, b.getLong(16 * id), "factorial of " + id % 15);
            assertEquals((id & 0xff) + 1 + 2 + 3 + id % 15, b.getInt(16 * id + 8), "variadic byte sum of " + id);
            assertEquals(id, b.getInt(16 * id + 12), "alloca'd memory of " + id + " survives the calls");
        }
    }

    @Test
    void recursionDeeperThanThePrivateStackFaults() {
        String hsail = """
                module &m:1:0:$full:$large:$default;
                function &down(arg_u32 %r)(arg_u32 %n)
                {
                    private_u32 %pad[64];
                    ld_arg_u32 $s0, [%n];
                    st_private_u32 $s0, [%pad];
                    add_u32 $s0, $s0, 1;
                    {
                        arg_u32 %o;
                        arg_u32 %i;
                        st_arg_u32 $s0, [%i];
                        call &down (%o) (%i);
                    }
                };
                prog kernel &k()
                {
                    {
                        arg_u32 %o;
                        arg_u32 %i;
                        call &down (%o) (%i);
                    }
                };
                """;
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            var k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.fastMode()), hsail);
            var f = org.junit.jupiter.api.Assertions.assertThrows(org.hsaj.hsail.exec.KernelFault.class,
                    () -> r.run(k, DispatchGeometry.of1D(2, 2), r.kernarg(0)));
            assertEquals("HSA_STATUS_ERROR_EXCEPTION (0x1016): kernel &k, work-item (0, 0, 0) of work-group (0, 0, 0),"
                    + " line 12:9: private stack overflow: the recursion needs more than the " + k.privateSegmentSize()
                    + " bytes of private memory per work-item", f.getMessage());
        }
    }
}
