package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The f32, f64 and f16 instructions of float_ops.hsail under every rounding mode, with flush to zero
 * and special values, against Java: IEEE results from Java arithmetic for round to nearest, and for
 * the directed modes the nearest result moved by one unit when an exact BigDecimal comparison says so.
 */
class FloatKernelsTest {
    private static final int OPS32 = 40;
    private static final int OPS64 = 17;
    private static final int OPS16 = 13;

    enum Mode { UP, DOWN, ZERO }

    /** The exact value {@code x} rounded to float by {@code mode} (BigDecimal.floatValue is round to nearest). */
    static float round(BigDecimal x, Mode mode) {
        float f = x.floatValue();
        if (Float.isInfinite(f)) {
            boolean pos = f > 0;
            return switch (mode) {
                case UP -> pos ? f : -Float.MAX_VALUE;
                case DOWN -> pos ? Float.MAX_VALUE : f;
                case ZERO -> pos ? Float.MAX_VALUE : -Float.MAX_VALUE;
            };
        }
        int cmp = new BigDecimal(f).compareTo(x);
        boolean up = mode == Mode.UP || (mode == Mode.ZERO && x.signum() < 0);
        if (up && cmp < 0) {
            return Math.nextUp(f);
        }
        if (!up && cmp > 0) {
            return Math.nextDown(f);
        }
        return f;
    }

    static double round(BigDecimal x, Mode mode, boolean isDouble) {
        double f = x.doubleValue();
        if (Double.isInfinite(f)) {
            boolean pos = f > 0;
            return switch (mode) {
                case UP -> pos ? f : -Double.MAX_VALUE;
                case DOWN -> pos ? Double.MAX_VALUE : f;
                case ZERO -> pos ? Double.MAX_VALUE : -Double.MAX_VALUE;
            };
        }
        int cmp = new BigDecimal(f).compareTo(x);
        boolean up = mode == Mode.UP || (mode == Mode.ZERO && x.signum() < 0);
        if (up && cmp < 0) {
            return Math.nextUp(f);
        }
        if (!up && cmp > 0) {
            return Math.nextDown(f);
        }
        return f;
    }

    /** {@code x} rounded, or {@code ieee} (the round-to-nearest result) when x is unknown or an exact zero, whose sign IEEE fixes. */
    static float exactOr(BigDecimal x, Mode mode, float ieee) {
        return x == null || x.signum() == 0 ? ieee : round(x, mode);
    }

    static BigDecimal bd(double x) {
        return new BigDecimal(x);
    }

    static boolean finite(float... xs) {
        for (float x : xs) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    static float sqrtRounded(float a, Mode mode) {
        float s = (float) Math.sqrt(a);
        if (!Float.isFinite(s) || a <= 0) {
            return s;
        }
        int cmp = bd(s).multiply(bd(s)).compareTo(bd(a));
        if (mode == Mode.UP && cmp < 0) {
            return Math.nextUp(s);
        }
        if (mode == Mode.DOWN && cmp > 0) {
            return Math.nextDown(s);
        }
        return s;
    }

    static float divRounded(float a, float b, Mode mode) {
        float q = a / b;
        if (!finite(a, b, q) || b == 0) {
            return q;
        }
        // q vs a/b: compare q*b with a (flipped when b < 0).
        int cmp = bd(q).multiply(bd(b)).compareTo(bd(a)) * (b < 0 ? -1 : 1);
        boolean up = mode == Mode.UP || (mode == Mode.ZERO && (a < 0) != (b < 0));
        if (up && cmp < 0) {
            return Math.nextUp(q);
        }
        if (!up && cmp > 0) {
            return Math.nextDown(q);
        }
        return q;
    }

    static float flush(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? Math.copySign(0f, x) : x;
    }

    static float maxNum(float a, float b) {
        return Float.isNaN(a) ? b : Float.isNaN(b) ? a : Math.max(a, b);
    }

    static float minNum(float a, float b) {
        return Float.isNaN(a) ? b : Float.isNaN(b) ? a : Math.min(a, b);
    }

    static float fract(float a) {
        if (a == 0 || Float.isNaN(a)) {
            return a;
        }
        if (Float.isInfinite(a)) {
            return a > 0 ? 0f : -0f;
        }
        return Math.min(a - (float) Math.floor(a), 0x1.fffffep-1f);
    }

    static int bits(float f) {
        return Float.floatToRawIntBits(f);
    }

    static Object[] expected32(float a, float b, float c) {
        boolean fin = finite(a, b);
        BigDecimal sum = fin ? bd(a).add(bd(b)) : null;
        BigDecimal prod = fin ? bd(a).multiply(bd(b)) : null;
        return new Object[] {
            a + b, a - b, a * b, a / b, (float) Math.sqrt(a), Math.fma(a, b, c), maxNum(a, b), minNum(a, b),
            Math.abs(a), -a, Math.copySign(a, b), (float) Math.ceil(a), (float) Math.floor(a), (float) Math.rint(a),
            (float) (a < 0 ? Math.ceil(a) : Math.floor(a)), fract(a),
            exactOr(sum, Mode.UP, a + b), sum != null && sum.signum() == 0 && (bits(a) < 0) != (bits(b) < 0) ? -0f
                    : exactOr(sum, Mode.DOWN, a + b),
            exactOr(sum, Mode.ZERO, a + b), exactOr(prod, Mode.UP, a * b), exactOr(prod, Mode.DOWN, a * b), divRounded(a, b, Mode.ZERO), divRounded(a, b, Mode.UP),
            sqrtRounded(a, Mode.DOWN), sqrtRounded(a, Mode.UP),
            exactOr(finite(a, b, c) ? bd(a).multiply(bd(b)).add(bd(c)) : null, Mode.ZERO, Math.fma(a, b, c)),
            flush(flush(a) + flush(b)), flush(flush(a) * flush(b)),
            Float.isNaN(a) ? 1 : 0, a != 0 && Math.abs(a) < Float.MIN_NORMAL ? 1 : 0,
            a < b ? 1.0f : 0.0f, Float.isNaN(a) || Float.isNaN(b) || a == b ? 1 : 0,
            Float.isNaN(a) || Float.isNaN(b) ? 1 : 0, a >= b ? -1 : 0, Math.fma(a, b, c), (float) (1.0 / a),
            (float) Math.sqrt(a), a - 1.5f, a * 2f, a + -3f,
        };
    }

    static void check(Object want, int got, String what) {
        if (want instanceof Float f) {
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(Float.intBitsToFloat(got)), what + ": expected NaN, got " + Float.intBitsToFloat(got));
            } else {
                assertEquals(bits(f), got, what + ": expected " + f + " got " + Float.intBitsToFloat(got));
            }
        } else {
            assertEquals((int) (Integer) want, got, what);
        }
    }

    @Test
    void f32OperationsMatchJava() {
        float[][] t = {
            {1f, 3f, 0.5f}, {0.1f, 0.2f, -0.3f}, {-1.5f, 2.5f, 1f}, {2.5f, -0f, 3f}, {Float.NaN, 1f, 2f},
            {Float.POSITIVE_INFINITY, -2f, 1f}, {3e38f, 3e38f, -1f}, {-3e38f, 3e38f, 1e-30f},
            {Float.MIN_VALUE * 5, Float.MIN_NORMAL / 2, 1f}, {1e-20f, 1e-20f, 0f}, {-0f, 0f, -0f}, {7f, -7f, 0f},
            {16777216f, 1f, 1f}, {-5.5f, 0.3f, 2f}, {Float.MIN_NORMAL, 0.5f, Float.MIN_NORMAL},
        };
        Random r = new Random(7);
        int n = t.length + 40;
        float[] a = new float[n];
        float[] b = new float[n];
        float[] c = new float[n];
        for (int i = 0; i < n; i++) {
            boolean edge = i < t.length;
            a[i] = edge ? t[i][0] : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(10) - 5));
            b[i] = edge ? t[i][1] : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(10) - 5));
            c[i] = edge ? t[i][2] : (float) r.nextGaussian();
        }
        try (Machine m = new Machine("float_ops.hsail")) {
            long out = m.alloc(4L * OPS32 * n);
            m.run("&f32_ops", n, 8, m.floats(a), m.floats(b), m.floats(c), out);
            int[] got = m.readInts(out, OPS32 * n);
            for (int i = 0; i < n; i++) {
                Object[] want = expected32(a[i], b[i], c[i]);
                assertEquals(OPS32, want.length);
                for (int k = 0; k < OPS32; k++) {
                    check(want[k], got[i * OPS32 + k], "operation " + k + " of " + a[i] + ", " + b[i] + ", " + c[i]);
                }
            }
        }
    }

    static double dmaxmin(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    static double ddiv(double a, double b, Mode mode) {
        double q = a / b;
        if (!Double.isFinite(q) || b == 0 || !Double.isFinite(a) || !Double.isFinite(b)) {
            return q;
        }
        int cmp = bd(q).multiply(bd(b)).compareTo(bd(a)) * (b < 0 ? -1 : 1);
        if (mode == Mode.UP && cmp < 0) {
            return Math.nextUp(q);
        }
        if (mode == Mode.DOWN && cmp > 0) {
            return Math.nextDown(q);
        }
        return q;
    }

    static double dsqrtUp(double a) {
        double s = Math.sqrt(a);
        if (!Double.isFinite(s) || a <= 0) {
            return s;
        }
        return bd(s).multiply(bd(s)).compareTo(bd(a)) < 0 ? Math.nextUp(s) : s;
    }

    static double[] expected64(double a, double b) {
        boolean fin = Double.isFinite(a) && Double.isFinite(b);
        double fl = Math.floor(a);
        double fract = a == 0 || Double.isNaN(a) ? a : Double.isInfinite(a) ? (a > 0 ? 0.0 : -0.0)
                : Math.min(a - fl, Math.nextDown(1.0));
        return new double[] {
            a + b, a - b, a * b, a / b, Math.sqrt(a), Math.fma(a, b, a),
            fin ? round(bd(a).add(bd(b)), Mode.UP, true) : a + b, fin ? round(bd(a).add(bd(b)), Mode.DOWN, true) : a + b,
            fin ? round(bd(a).multiply(bd(b)), Mode.ZERO, true) : a * b, ddiv(a, b, Mode.UP), ddiv(a, b, Mode.DOWN),
            dsqrtUp(a), dmaxmin(a, b), fl, fract, Double.longBitsToDouble(a > b ? 0x3ff0000000000000L : 0), a * 2.5,
        };
    }

    @Test
    void f64OperationsMatchJava() {
        Random r = new Random(8);
        int n = 30;
        double[] a = new double[n];
        double[] b = new double[n];
        double[][] t = {{1, 3}, {0.1, 0.2}, {1e308, 1e308}, {Double.NaN, 2}, {-2.5, 1e-300}, {Double.MIN_VALUE, 3},
            {-7, -0.0}};
        for (int i = 0; i < n; i++) {
            a[i] = i < t.length ? t[i][0] : r.nextGaussian() * 1e3;
            b[i] = i < t.length ? t[i][1] : r.nextGaussian() * 1e-3;
        }
        try (Machine m = new Machine("float_ops.hsail")) {
            long out = m.alloc(8L * OPS64 * n);
            m.run("&f64_ops", n, 4, m.doubles(a), m.doubles(b), out);
            long[] got = m.readLongs(out, OPS64 * n);
            for (int i = 0; i < n; i++) {
                double[] want = expected64(a[i], b[i]);
                for (int k = 0; k < OPS64; k++) {
                    double g = Double.longBitsToDouble(got[i * OPS64 + k]);
                    String what = "operation " + k + " of " + a[i] + ", " + b[i];
                    if (Double.isNaN(want[k])) {
                        assertTrue(Double.isNaN(g), what);
                    } else {
                        assertEquals(Double.doubleToRawLongBits(want[k]), got[i * OPS64 + k], what + ": got " + g);
                    }
                }
            }
        }
    }

    static int h(float f) {
        return Float.floatToFloat16(f) & 0xffff;
    }

    static float hf(int bits) {
        return Float.float16ToFloat((short) bits);
    }

    @Test
    void f16OperationsMatchJava() {
        float[][] t = {{1f, 3f}, {0.1f, 0.2f}, {65504f, 2f}, {-2.5f, 0.5f}, {6e-8f, 1f}, {100f, -0.001f}, {2f, 2f}};
        int n = t.length;
        try (Machine m = new Machine("float_ops.hsail")) {
            long pa = m.alloc(2L * n);
            long pb = m.alloc(2L * n);
            for (int i = 0; i < n; i++) {
                m.memory.storeShort(pa + 2L * i, (short) h(t[i][0]));
                m.memory.storeShort(pb + 2L * i, (short) h(t[i][1]));
            }
            long out = m.alloc(4L * OPS16 * n);
            m.run("&f16_ops", n, 1, pa, pb, out);
            int[] got = m.readInts(out, OPS16 * n);
            for (int i = 0; i < n; i++) {
                float a = hf(h(t[i][0]));
                float b = hf(h(t[i][1]));
                float prod = a * b; // exact in float for f16 operands
                float up = hf(h(prod)) < prod ? hf(h(prod) + (prod > 0 ? 1 : -1)) : hf(h(prod));
                float sum = a + b; // exact in float for these operands
                float towardZero = Math.abs(hf(h(sum))) > Math.abs(sum) ? hf(h(sum) - 1) : hf(h(sum));
                int[] want = {h(a + b), h(a - b), h(a * b), h(a / b), h((float) Math.sqrt(a)), h(Math.max(a, b)), h(up),
                    h(towardZero), h(-a), Float.floatToRawIntBits(a), a <= b ? 1 : 0, h(a + 1f), h(a * 2f)};
                for (int k = 0; k < OPS16; k++) {
                    int g = got[i * OPS16 + k];
                    if (k != 9 && k != 10) {
                        g &= 0xffff;
                    }
                    assertEquals(want[k], g, "operation " + k + " of " + a + ", " + b);
                }
            }
        }
    }
}
