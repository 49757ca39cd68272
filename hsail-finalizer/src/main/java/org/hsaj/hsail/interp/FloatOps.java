package org.hsaj.hsail.interp;

import java.math.BigDecimal;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Rounding;

/**
 * HSAIL floating-point operations on values of one {@link FloatFormat} (held as doubles): IEEE 754
 * results under every rounding mode, flush to zero ({@code _ftz}) of sources and results, and the
 * PRM's definitions of min/max (maxNum/minNum), fract, class and the native approximations.
 */
final class FloatOps {
    private FloatOps() {
    }

    private static boolean finite(double... xs) {
        for (double x : xs) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    private static BigDecimal bd(double x) {
        return new BigDecimal(x);
    }

    /**
     * {@code op} (add, sub, mul, div, fma/mad, sqrt) of {@code a}, {@code b}, {@code c} in {@code f},
     * rounded by {@code mode} (never DEFAULT: callers resolve it to the module's default).
     */
    static double arithmetic(Opcode op, FloatFormat f, Rounding mode, boolean ftz, double a0, double b0, double c0) {
        double a = ftz ? f.flush(a0) : a0;
        double b = ftz ? f.flush(b0) : b0;
        double c = ftz ? f.flush(c0) : c0;
        double r = switch (op) {
            case ADD -> round(a + b, f, mode, finite(a, b), x -> x.compareTo(bd(a).add(bd(b))), a, b);
            case SUB -> round(a - b, f, mode, finite(a, b), x -> x.compareTo(bd(a).subtract(bd(b))), a, -b);
            case MUL -> round(a * b, f, mode, finite(a, b), x -> x.compareTo(bd(a).multiply(bd(b))), 1, 1);
            case DIV -> {
                double q = a / b;
                if (b == 0 || !finite(a, b) || Double.isNaN(q)) {
                    yield f.nearest(q);
                }
                int sb = b < 0 ? -1 : 1;
                yield round(q, f, mode, true, x -> x.multiply(bd(b)).compareTo(bd(a)) * sb, 1, 1);
            }
            case SQRT -> {
                double s = Math.sqrt(a);
                if (!Double.isFinite(s) || a <= 0) {
                    yield f.nearest(s);
                }
                yield round(s, f, mode, true, x -> x.signum() < 0 ? -1 : x.multiply(x).compareTo(bd(a)), 1, 1);
            }
            case FMA, MAD, NFMA -> {
                if (!finite(a, b, c)) {
                    yield f.nearest(Math.fma(a, b, c));
                }
                BigDecimal exact = bd(a).multiply(bd(b)).add(bd(c));
                if (exact.signum() == 0) {
                    yield f.nearest(Math.fma(a, b, c));
                }
                if (f == FloatFormat.F64 && mode == Rounding.NEAR) {
                    yield Math.fma(a, b, c);
                }
                yield FloatRounding.roundExact(exact, f, mode);
            }
            default -> throw new IllegalArgumentException(op.toString());
        };
        return ftz ? f.flush(r) : r;
    }

    /** Rounds an add-like result; {@code x}, {@code y} are the addends, for the sign of an exact zero. */
    private static double round(double approx, FloatFormat f, Rounding mode, boolean finite, FloatRounding.Exact e,
                                double x, double y) {
        if (approx == 0 && finite && mode == Rounding.DOWN
                && (Double.doubleToRawLongBits(x) < 0) != (Double.doubleToRawLongBits(y) < 0)) {
            return -0.0; // an exact zero sum of opposite signs is -0 when rounding down (IEEE 754 6.3)
        }
        return FloatRounding.round(approx, f, mode, finite, e);
    }

    /** maxNum / minNum: a NaN operand loses to a number; -0 counts as less than +0. */
    static double minMax(boolean max, FloatFormat f, boolean ftz, double a, double b) {
        if (ftz) {
            a = f.flush(a);
            b = f.flush(b);
        }
        if (Double.isNaN(a)) {
            return b;
        }
        if (Double.isNaN(b)) {
            return a;
        }
        if (a == b) {
            // Distinguish zeros by sign.
            boolean aNeg = Double.doubleToRawLongBits(a) < 0;
            return max ? (aNeg ? b : a) : (aNeg ? a : b);
        }
        return max ? Math.max(a, b) : Math.min(a, b);
    }

    /** ceil, floor, rint, trunc: integral values, exact in every format. */
    static double integral(Opcode op, FloatFormat f, boolean ftz, double a) {
        if (ftz) {
            a = f.flush(a);
        }
        return switch (op) {
            case CEIL -> Math.ceil(a);
            case FLOOR -> Math.floor(a);
            case RINT -> Math.rint(a);
            default -> a < 0 ? Math.ceil(a) : Math.floor(a);
        };
    }

    /** fract as the PRM defines it: src - floor(src), below 1, with zeros and infinities mapped to signed zeros. */
    static double fract(FloatFormat f, Rounding mode, boolean ftz, double a) {
        if (ftz) {
            a = f.flush(a);
        }
        if (a == 0 || Double.isNaN(a)) {
            return a;
        }
        if (Double.isInfinite(a)) {
            return a > 0 ? 0.0 : -0.0;
        }
        double fl = Math.floor(a);
        double r = arithmetic(Opcode.SUB, f, mode, ftz, a, fl, 0);
        double largest = f.nextDown(1.0);
        return Math.min(r, largest);
    }

    /** class: whether {@code a} falls in any class that {@code conditions} selects (PRM Table 5-18). */
    static boolean classify(FloatFormat f, long bits, int conditions) {
        double a = f.fromBits(bits);
        boolean negative = (bits >>> (f.bits - 1) & 1) != 0;
        int cls;
        if (Double.isNaN(a)) {
            long quietBit = 1L << (f == FloatFormat.F16 ? 9 : f == FloatFormat.F32 ? 22 : 51);
            cls = (bits & quietBit) != 0 ? 0x002 : 0x001;
        } else if (Double.isInfinite(a)) {
            cls = negative ? 0x004 : 0x200;
        } else if (a == 0) {
            cls = negative ? 0x020 : 0x040;
        } else if (f.isSubnormal(a)) {
            cls = negative ? 0x010 : 0x080;
        } else {
            cls = negative ? 0x008 : 0x100;
        }
        return (conditions & cls) != 0;
    }

    /** The native approximations (nsin, ncos, nexp2, nlog2, nrcp, nrsqrt, nsqrt), here computed accurately. */
    static double nativeOp(Opcode op, FloatFormat f, boolean ftz, double a) {
        if (ftz) {
            a = f.flush(a);
        }
        double r = switch (op) {
            case NSIN -> Math.sin(a);
            case NCOS -> Math.cos(a);
            case NEXP2 -> Math.pow(2, a);
            case NLOG2 -> Math.log(a) / Math.log(2);
            case NRCP -> 1 / a;
            case NRSQRT -> 1 / Math.sqrt(a);
            default -> Math.sqrt(a);
        };
        r = f.nearest(r);
        return ftz ? f.flush(r) : r;
    }
}
