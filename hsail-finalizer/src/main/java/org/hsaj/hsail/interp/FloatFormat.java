package org.hsaj.hsail.interp;

import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Float16;

/**
 * The three HSAIL float formats, each value held as a double (which represents every f16 and f32
 * exactly). Conversions to a format round to nearest, ties to even.
 */
enum FloatFormat {
    F16(16, 65504.0, 0x1p-14), F32(32, Float.MAX_VALUE, Float.MIN_NORMAL), F64(64, Double.MAX_VALUE, Double.MIN_NORMAL);

    final int bits;
    final double max;
    final double minNormal;

    FloatFormat(int bits, double max, double minNormal) {
        this.bits = bits;
        this.max = max;
        this.minNormal = minNormal;
    }

    static FloatFormat of(DataType t) {
        return switch (t.elementType()) {
            case F16 -> F16;
            case F32 -> F32;
            case F64 -> F64;
            default -> throw new IllegalArgumentException("not a float type: " + t);
        };
    }

    double fromBits(long b) {
        return switch (this) {
            case F16 -> Float16.toDouble(b);
            case F32 -> Float.intBitsToFloat((int) b);
            case F64 -> Double.longBitsToDouble(b);
        };
    }

    /** The bits of {@code v}, which must already be a value of this format (or NaN). */
    long toBits(double v) {
        return switch (this) {
            case F16 -> Float16.fromDouble(v);
            case F32 -> Float.floatToRawIntBits((float) v) & 0xffffffffL;
            case F64 -> Double.doubleToRawLongBits(v);
        };
    }

    /** {@code v} rounded to nearest-even in this format. */
    double nearest(double v) {
        return switch (this) {
            case F16 -> Float16.toDouble(Float16.fromDouble(v));
            case F32 -> (float) v;
            case F64 -> v;
        };
    }

    double nextUp(double v) {
        return switch (this) {
            case F16 -> {
                if (v == 0) {
                    yield 0x1p-24;
                }
                long b = Float16.fromDouble(v);
                yield Float16.toDouble(v > 0 ? b + 1 : b - 1);
            }
            case F32 -> Math.nextUp((float) v);
            case F64 -> Math.nextUp(v);
        };
    }

    double nextDown(double v) {
        return -nextUp(-v);
    }

    boolean isSubnormal(double v) {
        return v != 0 && Math.abs(v) < minNormal;
    }

    /** {@code v} with a subnormal flushed to a zero of the same sign. */
    double flush(double v) {
        return isSubnormal(v) ? Math.copySign(0.0, v) : v;
    }
}
