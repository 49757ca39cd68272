package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** vector_copy, vector_add, saxpy and a group-memory reduction, checked against plain Java. */
class BasicKernelsTest {

    @Test
    void vectorCopyCopiesExactlyNElements() {
        try (Machine m = new Machine("vector_copy.hsail")) {
            int n = 1000;
            int[] data = new Random(1).ints(n).toArray();
            long in = m.ints(data);
            long out = m.alloc(4L * (n + 24));
            m.memory.storeInt(out + 4L * n, 0xdeadbeef);
            // 1024 work-items in groups of 256: the last 24 must not write.
            m.run("&vector_copy", 1024, 256, in, out, n);
            assertArrayEquals(data, m.readInts(out, n));
            assertEquals(0xdeadbeef, m.memory.loadInt(out + 4L * n));
        }
    }

    @Test
    void vectorAddWithPartialWorkGroup() {
        try (Machine m = new Machine("vector_add.hsail")) {
            int n = 777;
            Random r = new Random(2);
            int[] a = r.ints(n).toArray();
            int[] b = r.ints(n).toArray();
            long pa = m.ints(a);
            long pb = m.ints(b);
            long pc = m.alloc(4L * n);
            m.run("&vector_add", n, 64, pa, pb, pc, n);
            int[] expected = new int[n];
            for (int i = 0; i < n; i++) {
                expected[i] = a[i] + b[i];
            }
            assertArrayEquals(expected, m.readInts(pc, n));
        }
    }

    @Test
    void saxpySeparateAndFusedMatchJava() {
        try (Machine m = new Machine("saxpy.hsail")) {
            int n = 512;
            Random r = new Random(3);
            float a = 1.7f;
            float[] x = new float[n];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextFloat() * 100 - 50;
                y[i] = r.nextFloat() * 100 - 50;
            }
            long px = m.floats(x);
            long py = m.floats(y);
            long py2 = m.floats(y);
            m.run("&saxpy", n, 128, Float.floatToRawIntBits(a), px, py);
            m.run("&saxpy_fma", n, 128, Float.floatToRawIntBits(a), px, py2);
            float[] got = m.readFloats(py, n);
            float[] fused = m.readFloats(py2, n);
            for (int i = 0; i < n; i++) {
                assertEquals(a * x[i] + y[i], got[i], "element " + i);
                assertEquals(Math.fma(a, x[i], y[i]), fused[i], "fused element " + i);
            }
        }
    }

    @Test
    void groupReductionWithBarriersInALoop() {
        try (Machine m = new Machine("reduction.hsail")) {
            int n = 1000;
            int[] data = new Random(4).ints(n, -1000, 1000).toArray();
            int groups = (n + 63) / 64;
            long in = m.ints(data);
            long partial = m.alloc(4L * groups);
            long total = m.alloc(4);
            m.run("&reduce", groups * 64L, 64, in, partial, total, n);
            int sum = 0;
            for (int g = 0; g < groups; g++) {
                int expected = 0;
                for (int i = g * 64; i < Math.min(n, g * 64 + 64); i++) {
                    expected += data[i];
                }
                assertEquals(expected, m.readInts(partial, groups)[g], "partial sum of group " + g);
                sum += expected;
            }
            assertEquals(sum, m.memory.loadInt(total));
        }
    }
}
