package org.hsaj.hsail.interp;

import java.math.BigDecimal;
import org.hsaj.hsail.ir.Rounding;

/**
 * Correct rounding of a float operation's result to a format under any HSAIL rounding mode.
 *
 * <p>Round to nearest comes from Java's double arithmetic: double has at least 2p+2 bits for f32 and
 * f16 (p = 24, 11), so rounding an f32/f16 operation first to double and then to the format gives
 * the correctly rounded result for +, -, *, / and sqrt. The directed modes start from that nearest
 * value and move it by one unit at a time, deciding with an exact comparison against the infinitely
 * precise result, which each operation supplies.
 */
final class FloatRounding {
    private FloatRounding() {
    }

    /** Compares a candidate with the exact result: negative, zero or positive as candidate <, =, > exact. */
    @FunctionalInterface
    interface Exact {
        int compareCandidate(BigDecimal candidate);
    }

    /**
     * The exact result rounded to {@code format} by {@code mode}, given {@code approx}, the result
     * rounded to nearest in double precision (NaN and infinities pass through unchanged when they are
     * the exact result).
     *
     * @param finiteOperands true when every operand was finite, so an infinite approx is an overflow
     */
    static double round(double approx, FloatFormat format, Rounding mode, boolean finiteOperands, Exact exact) {
        double c = format.nearest(approx);
        if (Double.isNaN(c) || mode == Rounding.NEAR || mode == Rounding.DEFAULT) {
            return c;
        }
        if (Double.isInfinite(c)) {
            if (!finiteOperands) {
                return c;
            }
            boolean positive = c > 0;
            return switch (mode) {
                case UP -> positive ? c : -format.max;
                case DOWN -> positive ? format.max : c;
                default -> positive ? format.max : -format.max;
            };
        }
        int cmp = exact.compareCandidate(new BigDecimal(c));
        if (cmp == 0) {
            return c;
        }
        Rounding direction = mode;
        if (mode == Rounding.ZERO) {
            int sign = exact.compareCandidate(BigDecimal.ZERO); // 0 vs exact
            direction = sign < 0 ? Rounding.DOWN : Rounding.UP; // exact > 0 -> round down
        }
        if (direction == Rounding.UP) {
            if (cmp < 0) {
                return format.nextUp(c);
            }
            double d = format.nextDown(c);
            while (!Double.isInfinite(d) && exact.compareCandidate(new BigDecimal(d)) >= 0) {
                c = d;
                d = format.nextDown(c);
            }
            return c;
        }
        if (cmp > 0) {
            return format.nextDown(c);
        }
        double u = format.nextUp(c);
        while (!Double.isInfinite(u) && exact.compareCandidate(new BigDecimal(u)) <= 0) {
            c = u;
            u = format.nextUp(c);
        }
        return c;
    }

    /** The value of an exact BigDecimal {@code x} rounded to {@code format} by {@code mode}. */
    static double roundExact(BigDecimal x, FloatFormat format, Rounding mode) {
        double approx = x.doubleValue();
        Rounding m = mode == Rounding.DEFAULT ? Rounding.NEAR : mode;
        if (m == Rounding.NEAR) {
            // Nearest from a correctly rounded double can round twice; settle ties exactly.
            double c = format.nearest(approx);
            if (Double.isInfinite(c)) {
                return c;
            }
            double lo = x.compareTo(new BigDecimal(c)) >= 0 ? c : format.nextDown(c);
            double hi = format.nextUp(lo);
            if (Double.isInfinite(hi) || Double.isInfinite(lo)) {
                return c;
            }
            BigDecimal mid = new BigDecimal(lo).add(new BigDecimal(hi)).divide(BigDecimal.valueOf(2));
            int side = x.compareTo(mid);
            if (side != 0) {
                return side < 0 ? lo : hi;
            }
            return (format.toBits(lo) & 1) == 0 ? lo : hi;
        }
        return round(approx, format, m, true, c -> c.compareTo(x));
    }
}
