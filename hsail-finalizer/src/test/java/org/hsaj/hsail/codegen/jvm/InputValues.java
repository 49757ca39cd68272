package org.hsaj.hsail.codegen.jvm;

import java.util.Random;
import org.hsaj.hsail.ir.DataType;

/** Interesting operand values per type: edges first, then random ones, as raw bits. */
final class InputValues {
    private InputValues() {
    }

    private static final long[] INT = {0, 1, -1, 2, 3, 7, 31, 32, 33, 63, 64, 65, 255, 256, 0x7f, 0x80, 0x7fff, 0x8000,
        0xffff, 0x10000, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffffffffL, 0x100000000L, Long.MAX_VALUE,
        Long.MIN_VALUE, -2, -128, -32768, 12345, -12345, 0x00ffffff, 0x01ffffff, 0xffff0f00L};

    private static final float[] F32 = {0f, -0f, 1f, -1f, 0.5f, 1.5f, 2.5f, -2.5f, 3.5f, 0.1f, -0.7f, 100.25f,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.MIN_NORMAL, 1e-40f, Float.MAX_VALUE, -Float.MAX_VALUE, 65504f, 65520f, 1e10f, -1e10f, 2147483648f,
        4294967296f, -2147483904f, 0.49999997f, 16777217f, 3f, -3f};

    private static final double[] F64 = {0d, -0d, 1d, -1d, 0.5, 1.5, 2.5, -2.5, 0.1, -0.7, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN, Double.MIN_VALUE, Double.MIN_NORMAL, 1e-310, Double.MAX_VALUE,
        9.223372036854776E18, -9.223372036854776E18, 1.8446744073709552E19, 1e300, 3d, 4503599627370497d};

    private static final int[] F16 = {0x0000, 0x8000, 0x3c00, 0xbc00, 0x3800, 0x3e00, 0x4100, 0xc100, 0x7c00, 0xfc00,
        0x7e00, 0x0001, 0x8001, 0x0400, 0x03ff, 0x7bff, 0xfbff, 0x5640, 0x3555, 0x4248};

    /** Packed float elements with signalling NaNs made quiet (see {@link #pick}). */
    private static long quietNaNs(long v, int bits) {
        long quiet = bits == 16 ? 0x200 : bits == 32 ? 0x00400000L : 0x0008000000000000L;
        for (int i = 0; i < 64; i += bits) {
            long e = bits == 64 ? v : (v >>> i) & ((1L << bits) - 1);
            if (FloatResults.isNaN(e, bits)) {
                v |= quiet << i;
            }
        }
        return v;
    }

    /** Value {@code i} for type {@code t}: the i-th edge value while they last, then random bits. */
    static long pick(DataType t, Random random, int i) {
        if (t == DataType.B1) {
            return random.nextInt(3) == 0 ? 0 : 1;
        }
        if (t.isPacked()) {
            long v = random.nextInt(4) == 0 ? INT[i % INT.length] : random.nextLong();
            return t.elementType().isFloat() ? quietNaNs(v, t.elementType().bits()) : v;
        }
        switch (t) {
            case F16 -> {
                long v = i < F16.length ? F16[i] : i % 3 == 0 ? Float.floatToFloat16((random.nextFloat() - 0.5f) * 100)
                        & 0xffff : random.nextInt(0x10000);
                // Signalling NaNs only where a test asks for them: the interpreter treats them as quiet in min/max.
                return (v & 0x7c00) == 0x7c00 && (v & 0x3ff) != 0 ? v | 0x200 : v;
            }
            case F32 -> {
                if (i < F32.length) {
                    return Float.floatToRawIntBits(F32[i]) & 0xffffffffL;
                }
                float f = switch (i % 4) {
                    case 0 -> (random.nextFloat() - 0.5f) * 1000;
                    case 1 -> (float) random.nextGaussian();
                    case 2 -> random.nextInt(2000) - 1000 + 0.5f;
                    default -> Float.intBitsToFloat(random.nextInt());
                };
                int bits = Float.floatToRawIntBits(f);
                return (Float.isNaN(f) ? bits | 0x00400000 : bits) & 0xffffffffL;
            }
            case F64 -> {
                if (i < F64.length) {
                    return Double.doubleToRawLongBits(F64[i]);
                }
                double d = switch (i % 4) {
                    case 0 -> (random.nextDouble() - 0.5) * 1e6;
                    case 1 -> random.nextGaussian();
                    case 2 -> random.nextInt(2000) - 1000 + 0.5;
                    default -> Double.longBitsToDouble(random.nextLong());
                };
                long bits = Double.doubleToRawLongBits(d);
                return Double.isNaN(d) ? bits | 0x0008000000000000L : bits;
            }
            default -> {
                long v = i < INT.length ? INT[i] : switch (i % 3) {
                    case 0 -> random.nextInt(64) - 16;
                    case 1 -> random.nextInt();
                    default -> random.nextLong();
                };
                return t.bits() >= 64 ? v : v & ((1L << t.bits()) - 1);
            }
        }
    }
}
