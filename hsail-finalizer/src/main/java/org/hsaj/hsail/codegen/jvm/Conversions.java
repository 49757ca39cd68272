package org.hsaj.hsail.codegen.jvm;

/**
 * The cvt instruction's conversions that are more than a JVM cast (PRM 5.19): float to integer with
 * the integer rounding modes, integer to float and float to float with the float rounding modes,
 * flush-to-zero of sources and results. Values are register bits, as in {@link FloatOps}.
 *
 * <p>Out-of-range float to integer conversions without {@code _sat} are undefined in the PRM; this
 * back end saturates them as the {@code _sat} forms do (NaN gives 0).
 */
final class Conversions {
    /** Integer rounding directions, as the translator passes them. */
    static final int UPI = 0;
    static final int DOWNI = 1;
    static final int ZEROI = 2;
    static final int NEARI = 3;

    private static final int MODE = 3;

    private Conversions() {
    }

    /** The value of float register bits of {@code format}, after flush-to-zero under {@code ctl}. */
    static double f16Value(int bits, int ctl) {
        return FloatOps.h(FloatOps.in16(bits, ctl));
    }

    static double f32Value(int bits, int ctl) {
        return Float.intBitsToFloat(FloatOps.in32(bits, ctl));
    }

    static double f64Value(long bits, int ctl) {
        return Double.longBitsToDouble(FloatOps.in64(bits, ctl));
    }

    /**
     * Float to integer: rounds {@code x} to an integral value in direction {@code dir}, then clamps it
     * to the {@code bits}-bit signed or unsigned range. The result is the integer, sign- or
     * zero-extended to 64 bits.
     */
    static long floatToInt(double x, int dir, int bits, boolean signed) {
        if (Double.isNaN(x)) {
            return 0;
        }
        double r = switch (dir) {
            case UPI -> Math.ceil(x);
            case DOWNI -> Math.floor(x);
            case NEARI -> Math.rint(x);
            default -> x < 0 ? Math.ceil(x) : Math.floor(x);
        };
        if (signed) {
            double limit = Math.scalb(1.0, bits - 1);
            if (r >= limit) {
                return bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
            }
            if (r < -limit) {
                return bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
            }
            return (long) r;
        }
        if (r <= 0) {
            return 0;
        }
        if (r >= Math.scalb(1.0, bits)) {
            return bits == 64 ? -1L : (1L << bits) - 1;
        }
        if (r >= 0x1p63) {
            return (long) (r - 0x1p63) | Long.MIN_VALUE;
        }
        return (long) r;
    }

    /** Float to b1: 1 unless the (flushed) value is a zero. */
    static int floatIsNonZero(double x) {
        return x != 0 || Double.isNaN(x) ? 1 : 0;
    }

    // ---- integer to float -------------------------------------------------------------------------

    static int intToF16(long v, boolean unsigned, int mode) {
        double[] e = exact(v, unsigned);
        return FloatOps.half(FloatFormat.F16.round(e[0], e[1], mode));
    }

    static int intToF32(long v, boolean unsigned, int mode) {
        double[] e = exact(v, unsigned);
        return Float.floatToRawIntBits((float) FloatFormat.F32.round(e[0], e[1], mode));
    }

    static long intToF64(long v, boolean unsigned, int mode) {
        double[] e = exact(v, unsigned);
        return Double.doubleToRawLongBits(FloatFormat.F64.directed(e[0], (int) Math.signum(e[1]), mode));
    }

    /** A 64-bit integer as the unevaluated sum hi + lo, hi its round-to-nearest double. */
    private static double[] exact(long v, boolean unsigned) {
        if (!unsigned || v >= 0) {
            double hi = v;
            double lo = hi >= 0x1p63 ? (double) ((v - Long.MAX_VALUE) - 1) : (double) (v - (long) hi);
            return new double[] {hi, lo};
        }
        double hi = (double) ((v >>> 1) | (v & 1)) * 2.0;
        if (hi == 0x1p64) {
            return new double[] {hi, (double) v};
        }
        long above = v - Long.MIN_VALUE;
        return new double[] {hi, (double) (above - (long) (hi - 0x1p63))};
    }

    // ---- float to float ---------------------------------------------------------------------------

    static int f32ToF16(int a, int ctl) {
        float x = Float.intBitsToFloat(FloatOps.in32(a, ctl));
        if (Float.isNaN(x)) {
            return (Float.floatToFloat16(x) & 0xffff) | 0x200;
        }
        return FloatOps.out16(FloatOps.half(FloatFormat.F16.round(x, 0, ctl & MODE)), ctl);
    }

    static int f64ToF16(long a, int ctl) {
        double x = Double.longBitsToDouble(FloatOps.in64(a, ctl));
        if (Double.isNaN(x)) {
            return (Float.floatToFloat16((float) x) & 0xffff) | 0x200;
        }
        return FloatOps.out16(FloatOps.half(FloatFormat.F16.round(x, 0, ctl & MODE)), ctl);
    }

    static int f64ToF32(long a, int ctl) {
        double x = Double.longBitsToDouble(FloatOps.in64(a, ctl));
        if (Double.isNaN(x)) {
            return Float.floatToRawIntBits((float) x) | 0x00400000;
        }
        return FloatOps.out32(Float.floatToRawIntBits((float) FloatFormat.F32.round(x, 0, ctl & MODE)), ctl);
    }

    static int f16ToF32(int a, int ctl) {
        int s = FloatOps.in16(a, ctl);
        float x = Float.float16ToFloat((short) s);
        int bits = Float.floatToRawIntBits(x);
        return Float.isNaN(x) ? bits | 0x00400000 : FloatOps.out32(bits, ctl);
    }

    static long f16ToF64(int a, int ctl) {
        int s = FloatOps.in16(a, ctl);
        double x = Float.float16ToFloat((short) s);
        long bits = Double.doubleToRawLongBits(x);
        return Double.isNaN(x) ? bits | 0x0008000000000000L : FloatOps.out64(bits, ctl);
    }

    static long f32ToF64(int a, int ctl) {
        float x = Float.intBitsToFloat(FloatOps.in32(a, ctl));
        long bits = Double.doubleToRawLongBits(x);
        return Float.isNaN(x) ? bits | 0x0008000000000000L : FloatOps.out64(bits, ctl);
    }
}
