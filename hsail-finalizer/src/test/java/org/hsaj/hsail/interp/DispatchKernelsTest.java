package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.runtime.queue.QueueLayout;
import org.hsaj.runtime.signal.SignalLayout;
import org.junit.jupiter.api.Test;

/** Signals, queue indices, dispatch packet values, 3-D identities, cross-lane ops, switches, exceptions. */
class DispatchKernelsTest {
    @Test
    void signalsAndQueueIndices() {
        try (Machine m = new Machine("signals_queues.hsail")) {
            long signal = m.alloc(64);
            m.memory.storeLong(signal + SignalLayout.VALUE, 10);
            long queue = m.alloc(256);
            m.memory.storeLong(queue + QueueLayout.READ_INDEX, 7);
            m.memory.storeLong(queue + QueueLayout.WRITE_INDEX, 10);
            long out = m.alloc(88);
            Kernel k = m.kernel("&signals_queues");
            CompiledKernel ck = m.compile("&signals_queues");
            m.run(ck, new DispatchContext(m.memory, DispatchGeometry.of1D(1, 1), m.kernargs(k, signal, queue, out),
                    ck.groupSegmentSize(), ck.privateSegmentSize(), 0, 42, 0, 0xabc000));
            assertArrayEquals(new long[] {10, 10, 15, 2, 2, 7, 10, 13, 13, 0xabc000, 42}, m.readLongs(out, 11));
            assertEquals(0, m.memory.loadLong(signal + SignalLayout.VALUE), "signal stored last");
            assertEquals(9, m.memory.loadLong(queue + QueueLayout.READ_INDEX));
            assertEquals(13, m.memory.loadLong(queue + QueueLayout.WRITE_INDEX));
        }
    }

    @Test
    void identitiesOfAThreeDimensionalDispatchWithPartialGroups() {
        try (Machine m = new Machine("dispatch_ops.hsail")) {
            DispatchGeometry g = new DispatchGeometry(3, 5, 3, 2, 2, 2, 1);
            long out = m.alloc(96L * 30);
            m.run("&dispatch_ops", g, out);
            int[] all = m.readInts(out, 24 * 30);
            for (int z = 0; z < 2; z++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 5; x++) {
                        int flat = x + y * 5 + z * 15;
                        int[] r = Arrays.copyOfRange(all, 24 * flat, 24 * flat + 24);
                        int cx = Math.min(2, 5 - (x / 2) * 2);
                        int cy = Math.min(2, 3 - (y / 2) * 2);
                        int lane = x % 2 + y % 2 * cx;
                        int lx = x % 2;
                        int ly = y % 2;
                        String at = "work-item (" + x + "," + y + "," + z + ")";
                        assertEquals(x, r[0], at);
                        assertEquals(y, r[1], at);
                        assertEquals(z, r[2], at);
                        assertEquals(0, r[3], at + " local z");
                        assertEquals(y / 2, r[4], at + " group y");
                        assertEquals(2, r[5], at + " workgroupsize");
                        assertEquals(cx, r[6], at + " currentworkgroupsize");
                        assertEquals(3, r[7], at + " gridsize y");
                        assertEquals(3, r[8], at + " gridgroups x");
                        assertEquals(3, r[9], at + " dim");
                        assertEquals(lx + ly * 2, r[10], at + " workitemflatid");
                        assertEquals(lx + ly * cx, r[11], at + " currentworkitemflatid");
                        // One wavefront per work-group (at most 4 work-items), all of them active.
                        assertEquals(lane, r[12], at + " laneid");
                        assertEquals(0, r[13], at + " waveid");
                        assertEquals(cx * cy, r[14], at + " activelanecount");
                        assertEquals(lane, r[15], at + " activelaneid");
                        assertEquals((1 << (cx * cy)) - 1, r[16], at + " activelanemask");
                        assertEquals(x / 2 * 2, r[17], at + " activelanepermute of lane 0's x id");
                        assertEquals(64, r[18], at + " WAVESIZE");
                        assertEquals(100 * (x % 3 + 1), r[19], at + " sbr");
                        assertEquals(x * (x + 1) / 2, r[20], at + " loop");
                        assertEquals(2, r[21], at + " DIVIDE_BY_ZERO detected");
                        assertEquals(-1, r[22], at + " division by zero gives all ones");
                        assertEquals(0, r[23], at + " maxwaveid");
                    }
                }
            }
        }
    }
}
