package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every integer instruction of integer_ops.hsail on edge cases and random inputs, against Java
 * computations written from the PRM's definitions.
 */
class IntegerKernelsTest {
    private static final int OPS32 = 43;
    private static final int OPS64 = 20;

    private static int[][] pairs32() {
        Random r = new Random(5);
        int[][] p = new int[64][];
        int[][] edge = {{0, 0}, {7, 0}, {Integer.MIN_VALUE, -1}, {-5, 3}, {5, -3}, {-1, -1}, {123456789, -987654},
            {0x00ffffff, 0x7fffffff}, {0xffff0f00, 33}, {-8388608, 8388607}, {1, 31}, {0x80000000, 0x80000000}};
        for (int i = 0; i < p.length; i++) {
            p[i] = i < edge.length ? edge[i] : new int[] {r.nextInt(), i % 3 == 0 ? r.nextInt(64) : r.nextInt()};
        }
        return p;
    }

    static int firstbitU(long u, int bits) {
        if (u == 0) {
            return -1;
        }
        return bits - 64 + Long.numberOfLeadingZeros(u);
    }

    private static int[] expected32(int a, int b) {
        long ua = Integer.toUnsignedLong(a);
        long ub = Integer.toUnsignedLong(b);
        int sh = b & 31;
        int off = b & 31;
        int bsel = 0x0f0f0f0f;
        long al = (ub << 32) | ua;
        int mul24s = (a << 8 >> 8) * (b << 8 >> 8);
        long mul24sFull = (long) (a << 8 >> 8) * (b << 8 >> 8);
        long mul24u = (ua & 0xffffff) * (ub & 0xffffff);
        int bitInsertMask = (1 << 9) - 1;
        int w8 = 8;
        return new int[] {
            a + b, a - b, a * b, (int) (((long) a * b) >> 32), (int) ((ua * ub) >>> 32),
            b == 0 ? -1 : a / b, b == 0 ? a : a % b,
            b == 0 ? -1 : Integer.divideUnsigned(a, b), b == 0 ? a : Integer.remainderUnsigned(a, b),
            Math.max(a, b), Integer.compareUnsigned(a, b) <= 0 ? a : b, Math.abs(a), -a,
            a << sh, a >> sh, a >>> sh, a & b, a | b, a ^ b, ~a, a * b + a,
            mul24s, (int) (mul24sFull >> 32), (int) (mul24u + 7), (int) ((mul24u >>> 32) + 7),
            Integer.compareUnsigned(a, b) < 0 ? 1 : 0, ((ua + ub) >>> 32) == 1 ? 1 : 0,
            Integer.bitCount(a), firstbitU(a < 0 ? ~ua & 0xffffffffL : ua, 32), a == 0 ? -1 : Integer.numberOfTrailingZeros(a),
            (a << (32 - 7 - 3)) >> (32 - 7), (a & ~(bitInsertMask << 5)) | ((b & bitInsertMask) << 5),
            ((1 << 4) - 1) << off, Integer.reverse(a), (a & bsel) | (b & ~bsel),
            (int) (al >>> (b & 31)), (int) (al >>> ((b & 3) * 8)), firstbitU(ua, 32),
            a < b ? -1 : 0, Integer.compareUnsigned(a, b) > 0 ? 1 : 0, a == b ? 111 : 222,
            off + w8 > 32 ? Integer.MIN_VALUE : (int) ((ua << (64 - w8 - off)) >>> (64 - w8)), a + 64 /* WAVESIZE */,
        };
    }

    @Test
    void int32OperationsMatchJava() {
        try (Machine m = new Machine("integer_ops.hsail")) {
            int[][] p = pairs32();
            int[] a = new int[p.length];
            int[] b = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                a[i] = p[i][0];
                b[i] = p[i][1];
            }
            long out = m.alloc(4L * OPS32 * p.length);
            m.run("&int32_ops", p.length, 16, m.ints(a), m.ints(b), out);
            int[] got = m.readInts(out, OPS32 * p.length);
            for (int i = 0; i < p.length; i++) {
                int[] want = expected32(a[i], b[i]);
                assertEquals(OPS32, want.length);
                for (int k = 0; k < OPS32; k++) {
                    if (k == 41 && (b[i] & 31) + 8 > 32) {
                        continue; // bitextract with offset + width > 32 is undefined (PRM 5.7)
                    }
                    assertEquals(want[k], got[i * OPS32 + k], "operation " + k + " of a=" + a[i] + " b=" + b[i]);
                }
            }
        }
    }

    private static long[] expected64(long a, long b) {
        int s = (int) b;
        return new long[] {
            a + b, a - b, a * b, Math.unsignedMultiplyHigh(a, b), Math.multiplyHigh(a, b),
            b == 0 ? -1 : a / b, b == 0 ? a : Long.remainderUnsigned(a, b),
            a << (s & 63), a >> (s & 63), Math.min(a, b), Long.compareUnsigned(a, b) >= 0 ? a : b,
            Long.bitCount(a), a == 0 ? 0xffffffffL : Integer.toUnsignedLong(firstbitU(a, 64)),
            a == 0 ? 0xffffffffL : Long.numberOfTrailingZeros(a), (a << (64 - 20 - 10)) >>> (64 - 20),
            Long.reverse(a), Long.compareUnsigned(a + b, a) < 0 ? 1 : 0, Long.compareUnsigned(a, b) < 0 ? 1 : 0,
            a <= b ? -1 : 0, a * b + 12345,
        };
    }

    @Test
    void int64OperationsMatchJava() {
        try (Machine m = new Machine("integer_ops.hsail")) {
            Random r = new Random(6);
            int n = 40;
            long[] a = new long[n];
            long[] b = new long[n];
            long[][] edge = {{0, 0}, {9, 0}, {Long.MIN_VALUE, -1}, {-7, 2}, {-1, Long.MAX_VALUE}, {1L << 40, 3}};
            for (int i = 0; i < n; i++) {
                a[i] = i < edge.length ? edge[i][0] : r.nextLong();
                b[i] = i < edge.length ? edge[i][1] : (i % 2 == 0 ? r.nextInt(70) : r.nextLong());
            }
            long out = m.alloc(8L * OPS64 * n);
            m.run("&int64_ops", n, 8, m.longs(a), m.longs(b), out);
            long[] got = m.readLongs(out, OPS64 * n);
            for (int i = 0; i < n; i++) {
                long[] want = expected64(a[i], b[i]);
                assertEquals(OPS64, want.length);
                for (int k = 0; k < OPS64; k++) {
                    assertEquals(want[k], got[i * OPS64 + k], "operation " + k + " of a=" + a[i] + " b=" + b[i]);
                }
            }
        }
    }
}
