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
}
