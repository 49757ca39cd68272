package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** cvt in every direction and rounding, and the packed-data instructions, against Java. */
class ConversionAndPackedKernelsTest {
    private static final int CVT_OPS = 26;
    private static final int PACKED_OPS = 30;

    static long clamp(double v, double lo, double hi) {
        return Double.isNaN(v) ? 0 : (long) Math.max(lo, Math.min(hi, v));
    }

    static long[] expectedCvt(float a, int b, double c) {
        long ub = Integer.toUnsignedLong(b);
        double tc = c < 0 ? Math.ceil(c) : Math.floor(c);
        long u64 = Double.isNaN(c) || tc <= 0 ? 0 : tc >= 0x1p64 ? -1L : new BigDecimal(tc).toBigInteger().longValue();
        float zero = Double.isFinite(c) && c != 0 ? FloatKernelsTest.round(new BigDecimal(c), FloatKernelsTest.Mode.ZERO)
                : (float) c;
        return new long[] {
            (int) a, (int) Math.ceil(a), (int) Math.floor(a), (int) Math.rint(a),
            clamp(a < 0 ? Math.ceil(a) : Math.floor(a), 0, 4294967295.0) & 0xffffffffL, clamp(Math.rint(a), 0, 255),
            clamp(a < 0 ? Math.ceil(a) : Math.floor(a), -128, 127) & 0xffffffffL,
            bits((float) b), bits(FloatKernelsTest.round(BigDecimal.valueOf(b), FloatKernelsTest.Mode.UP)),
            bits((float) ub), Float.floatToFloat16(a) & 0xffffL, bits((float) c), bits(zero), a != 0 ? 1 : 0,
            b > 0 ? 0xffffffffL : 0, b & 0xff, (short) b & 0xffffffffL, (byte) b & 0xffffffffL, b,
            Double.doubleToRawLongBits(a), u64, (long) Math.rint(c), Double.doubleToRawLongBits(ub),
            Float.floatToFloat16((float) b) & 0xffffL, bits(1.5f), bits(b != 0 ? 1f : 0f),
        };
    }

    static long bits(float f) {
        return Float.floatToRawIntBits(f) & 0xffffffffL;
    }

    @Test
    void conversionsMatchJava() {
        float[] fa = {1.6f, -1.6f, 2.5f, -2.5f, 0.5f, 3e9f, -3e9f, Float.NaN, Float.POSITIVE_INFINITY, 255.5f, -129.7f,
            1e-40f, 0f, 100.25f};
        int[] ib = {0, 1, -1, 16777217, Integer.MAX_VALUE, Integer.MIN_VALUE, 65519, 70000, 0x12345678, -300, 200,
            -40000, 7, 33};
        double[] dc = {1.1, -1.5, 2.5, 1e300, -1e300, Double.NaN, 3e19, -7.5, 0.1, 1.0000000000000002, 4e9, 16777217.0,
            123456.789, -0.0};
        int n = fa.length;
        try (Machine m = new Machine("conversions.hsail")) {
            long out = m.alloc(8L * CVT_OPS * n);
            m.run("&cvt_ops", n, 7, m.floats(fa), m.ints(ib), m.doubles(dc), out);
            long[] got = m.readLongs(out, CVT_OPS * n);
            for (int i = 0; i < n; i++) {
                long[] want = expectedCvt(fa[i], ib[i], dc[i]);
                assertEquals(CVT_OPS, want.length);
                for (int k = 0; k < CVT_OPS; k++) {
                    long g = got[i * CVT_OPS + k];
                    if (k == 10 || k == 23) {
                        g &= 0xffff; // f16 in an $s register: the upper half is undefined
                    }
                    long w = want[k];
                    if (k <= 3 || k == 15) {
                        w &= 0xffffffffL;
                    }
                    assertEquals(w, g, "conversion " + k + " of a=" + fa[i] + " b=" + ib[i] + " c=" + dc[i]);
                }
            }
        }
    }

    // ---- packed ------------------------------------------------------------------------------------

    static int el(int v, int bits, int i) {
        return (v >>> (i * bits)) & ((1 << bits) - 1);
    }

    static int sel(int v, int bits, int i) {
        return el(v, bits, i) << (32 - bits) >> (32 - bits);
    }

    interface Elementwise {
        int apply(int x, int y);
    }

    static int map(int a, int b, int bits, boolean signed, Elementwise f) {
        int r = 0;
        for (int i = 0; i < 32 / bits; i++) {
            int x = signed ? sel(a, bits, i) : el(a, bits, i);
            int y = signed ? sel(b, bits, i) : el(b, bits, i);
            r |= (f.apply(x, y) & ((1 << bits) - 1)) << (i * bits);
        }
        return r;
    }

    static int sat(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    static int[] expectedPacked(int a, int b) {
        int sad = 0;
        for (int i = 0; i < 4; i++) {
            sad += Math.abs(el(a, 8, i) - el(b, 8, i));
        }
        // f32x2(1.0f, 2.0f) lists the high element first; combine puts ($s0, $s1) low to high.
        int fy = Float.floatToRawIntBits(Float.intBitsToFloat(b) + 1.0f);
        int hiSat = sat(el(a, 16, 1) * 2, 0, 65535) << 16 | sat(el(a, 16, 0) * 2, 0, 65535); // $d13 holds ($s0, $s1) again
        return new int[] {
            map(a, b, 8, false, Integer::sum), map(a, b, 8, false, (x, y) -> sat(x + y, 0, 255)),
            map(a, b, 8, true, (x, y) -> sat(x - y, -128, 127)), map(a, b & 0xffff | (b << 16), 16, false, Integer::sum),
            map(a, b, 16, true, (x, y) -> x * y), map(a, b, 16, false, (x, y) -> (x * y) >>> 16),
            map(a, b, 8, true, Math::max), map(a, b, 8, false, Math::min), map(a, 0, 8, true, (x, y) -> Math.abs(x)),
            (b & 0xffff0000) | (-sel(a, 16, 0) & 0xffff), map(a, 0, 8, false, (x, y) -> x << 3),
            map(a, 0, 16, true, (x, y) -> x >> 5), map(a, b, 8, true, (x, y) -> x < y ? -1 : 0),
            map(a, b, 8, false, (x, y) -> 0) | cmov(a, b),
            el(a, 8, 3) | el(a, 8, 2) << 8 | el(b, 8, 1) << 16 | el(b, 8, 0) << 24,
            el(a, 8, 0) | el(b, 8, 0) << 8 | el(a, 8, 1) << 16 | el(b, 8, 1) << 24,
            el(a, 16, 1) | el(b, 16, 1) << 16, (a & 0xff00ffff) | 0xab << 16, sel(a, 8, 3),
            map(a, b, 8, false, (x, y) -> (x + y + (y & 1)) >> 1), sad + 7, ((sad << 16) + 0x00010002),
            2 | 255 << 8 | 0 << 16 | 254 << 24, bits(el(a, 8, 1)), map(a, 0x01020304, 8, false, Integer::sum), fy,
            4 /* u32x4(1, 2, 3, 4) lists element 3 first: element 0, the low word, is 4 */, hiSat, map(a, 0xffe90038, 16, false, Integer::sum), map(a, 0x00170038, 16, false, (x, y) -> x - y),
        };
    }

    static int cmov(int a, int b) {
        int r = 0;
        for (int i = 0; i < 4; i++) {
            r |= (el(a, 8, i) != 0 ? el(a, 8, i) : el(b, 8, i)) << (8 * i);
        }
        return r;
    }

    static int bits(int u8) {
        return Float.floatToRawIntBits((float) u8);
    }

    @Test
    void packedOperationsMatchJava() {
        Random r = new Random(9);
        int n = 24;
        int[] a = new int[n];
        int[] b = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i == 0 ? 0x7f80ff01 : r.nextInt();
            b[i] = i == 0 ? 0x01ff0180 : r.nextInt();
        }
        try (Machine m = new Machine("packed_ops.hsail")) {
            long out = m.alloc(4L * PACKED_OPS * n);
            m.run("&packed_ops", n, 8, m.ints(a), m.ints(b), out);
            int[] got = m.readInts(out, PACKED_OPS * n);
            for (int i = 0; i < n; i++) {
                int[] want = expectedPacked(a[i], b[i]);
                assertEquals(PACKED_OPS, want.length);
                for (int k = 0; k < PACKED_OPS; k++) {
                    assertEquals(want[k], got[i * PACKED_OPS + k], String.format("packed operation %d of a=%08x b=%08x:"
                            + " expected %08x got %08x", k, a[i], b[i], want[k], got[i * PACKED_OPS + k]));
                }
            }
        }
    }
}
