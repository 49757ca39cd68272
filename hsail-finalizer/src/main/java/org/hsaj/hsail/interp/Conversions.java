package org.hsaj.hsail.interp;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Rounding;

/**
 * The {@code cvt} instruction (PRM 5.19, Table 5-27): between b1, integer and float types with the
 * rounding rules of Table 5-30.
 *
 * <p>Float to integer: the source is rounded to an integral value by the integer rounding mode
 * (default zeroi), then clamped to the destination's range, NaN giving 0. The PRM defines this for
 * the {@code _sat} modes and leaves out-of-range results of the other modes undefined; this platform
 * gives them the same clamped value, which is also what a Java cast does.
 */
final class Conversions {
    private Conversions() {
    }

    /**
     * Converts bits {@code src} of type {@code from} to bits of type {@code to}.
     *
     * @param floatRounding the float rounding to use (the module default already substituted)
     */
    static long convert(DataType to, DataType from, long src, Rounding rounding, Rounding floatRounding, boolean ftz) {
        if (from == DataType.B1) {
            boolean set = (src & 1) != 0;
            if (to.isFloat()) {
                return FloatFormat.of(to).toBits(set ? 1.0 : 0.0);
            }
            if (to == DataType.S32 || to == DataType.S64) {
                return set ? IntegerOps.chop(-1, to.bits()) : 0;
            }
            return set ? 1 : 0;
        }
        if (from.isFloat()) {
            FloatFormat ff = FloatFormat.of(from);
            double v = ff.fromBits(src);
            if (ftz) {
                v = ff.flush(v);
            }
            if (to == DataType.B1) {
                return v != 0 ? 1 : 0; // NaN and infinities are non-zero
            }
            if (to.isFloat()) {
                FloatFormat tf = FloatFormat.of(to);
                double r = Double.isFinite(v) && v != 0 ? FloatRounding.roundExact(new BigDecimal(v), tf, floatRounding)
                        : tf.nearest(v);
                return tf.toBits(ftz ? tf.flush(r) : r);
            }
            return floatToInteger(to, v, rounding == Rounding.DEFAULT ? Rounding.ZEROI : rounding);
        }
        // Integer or bit source.
        long value = IntegerOps.value(src, from.isBit() ? DataType.unsignedOf(from.bits()) : from);
        if (to == DataType.B1) {
            return IntegerOps.chop(src, from.bits()) != 0 ? 1 : 0;
        }
        if (to.isFloat()) {
            BigDecimal exact = from.isSigned() ? BigDecimal.valueOf(value)
                    : new BigDecimal(new BigInteger(Long.toUnsignedString(value)));
            FloatFormat tf = FloatFormat.of(to);
            return tf.toBits(FloatRounding.roundExact(exact, tf, floatRounding));
        }
        return IntegerOps.chop(value, to.bits());
    }

    private static long floatToInteger(DataType to, double v, Rounding rounding) {
        if (Double.isNaN(v)) {
            return 0;
        }
        double r = switch (rounding.direction()) {
            case UP -> Math.ceil(v);
            case DOWN -> Math.floor(v);
            case NEAR -> Math.rint(v);
            default -> v < 0 ? Math.ceil(v) : Math.floor(v);
        };
        BigInteger exact = Double.isInfinite(r) ? (r > 0 ? BigInteger.ONE.shiftLeft(64) : BigInteger.ONE.shiftLeft(64)
                .negate()) : new BigDecimal(r).toBigInteger();
        return IntegerOps.saturate(exact, to);
    }
}
