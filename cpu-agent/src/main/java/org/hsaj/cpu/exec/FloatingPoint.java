package org.hsaj.cpu.exec;

import java.math.BigInteger;

/**
 * RISC-V F and D semantics on raw register bits: correctly rounded results under every rounding mode,
 * the exact accrued exception flags (NX, UF, OF, DZ, NV), canonical NaNs and NaN-boxing of single
 * values in 64-bit registers. Shared by the interpreter and by translated code (static methods the JIT
 * inlines).
 *
 * <p>Round-to-nearest-even with a finite result takes a fast path: the host computes the result and
 * error-free transformations ({@code TwoSum}, {@code fma}) decide exactness. Everything else (other
 * rounding modes, results near the subnormal range, NaNs and infinities) goes through
 * {@link ExactValue}, which rounds exact values with big integers.
 *
 * <p>Flags are OR-ed into {@link Hart#fflags}; a hart is used by one thread only.
 */
public final class FloatingPoint {
    public static final int NX = 1;
    public static final int UF = 2;
    public static final int OF = 4;
    public static final int DZ = 8;
    public static final int NV = 16;

    public static final int RNE = 0;
    public static final int RTZ = 1;
    public static final int RDN = 2;
    public static final int RUP = 3;
    public static final int RMM = 4;

    public static final long CANONICAL_NAN_D = 0x7ff8000000000000L;
    public static final int CANONICAL_NAN_S = 0x7fc00000;
    private static final long BOX = 0xffffffff00000000L;
    /** The sign bit of a double. */
    public static final long SIGN_D = Long.MIN_VALUE;
    private static final int SIGN_S = Integer.MIN_VALUE;
    private static final double SAFE_LOW = 0x1p-900;
    private static final double SAFE_HIGH = 0x1p1000;

    private enum Op { ADD, MUL, DIV, SQRT, FMA }

    private FloatingPoint() {
    }

    // ---- NaN boxing ----------------------------------------------------------------------------

    /** A single value NaN-boxed into a 64-bit register. */
    public static long box(int single) {
        return BOX | (single & 0xffffffffL);
    }

    /** The single value of a register: its low half if properly NaN-boxed, else the canonical NaN. */
    public static int unbox(long register) {
        return (register >>> 32) == 0xffffffffL ? (int) register : CANONICAL_NAN_S;
    }

    static boolean isNaN(long bits, FloatFormat f) {
        long magnitude = bits & (f.signBit() - 1);
        return magnitude > f.infinity(false);
    }

    static boolean isSignalingNaN(long bits, FloatFormat f) {
        return isNaN(bits, f) && (bits & (1L << (f.precision - 2))) == 0;
    }

    static boolean isInfinite(long bits, FloatFormat f) {
        return (bits & (f.signBit() - 1)) == f.infinity(false);
    }

    static boolean isZero(long bits, FloatFormat f) {
        return (bits & (f.signBit() - 1)) == 0;
    }

    static boolean isNegative(long bits, FloatFormat f) {
        return (bits & f.signBit()) != 0;
    }

    private static long canonicalNaN(FloatFormat f) {
        return f == FloatFormat.DOUBLE ? CANONICAL_NAN_D : CANONICAL_NAN_S;
    }

    private static void raise(Hart h, int flags) {
        if (flags != 0) {
            h.fflags |= flags;
        }
    }

    private static long singleBits(long register) {
        return unbox(register) & 0xffffffffL;
    }

    private static double twoSumError(double x, double y, double sum) {
        double yVirtual = sum - x;
        return (x - (sum - yVirtual)) + (y - yVirtual);
    }

    /** Whether v is clear of overflow and of the subnormal range by a wide margin (no UF or OF to decide). */
    public static boolean inSafeRange(double v) {
        double a = Math.abs(v);
        return a >= SAFE_LOW && a <= SAFE_HIGH;
    }

    // ---- double arithmetic -------------------------------------------------------------------

    /*
     * Fast paths: the host computes the round-to-nearest result; when it is finite and clear of the
     * subnormal range, only NX remains to decide, and only while NX is not raised yet (the flags are
     * sticky, so once a program has had one inexact result the test is moot until it clears them).
     */

    private static boolean inexactUnknown(Hart h) {
        return (h.fflags & NX) == 0;
    }

    /*
     * Directed rounding (RTZ, RDN, RUP) without the exact path: the host's round-to-nearest result r
     * and the sign of the exact residual (exact value - r, computed exactly by an error-free
     * transformation) decide whether the directed result is r or its neighbour. Valid while r and the
     * neighbour stay clear of overflow and of the subnormal range (no UF or OF to decide).
     */

    private static boolean directedMode(int rm) {
        return rm >= RTZ && rm <= RUP;
    }

    /** The result in mode rm (not RMM) of an exact value whose nearest double is r, above r when err > 0. */
    private static double directed(Hart h, double r, double err, int rm) {
        if (err == 0) {
            return r;
        }
        h.fflags |= NX;
        if (rm == RNE) {
            return r;
        }
        boolean up = rm == RUP || rm == RTZ && r < 0;
        if (up) {
            return err > 0 ? Math.nextUp(r) : r;
        }
        return err < 0 ? Math.nextDown(r) : r;
    }

    /** {@link #directed} for single precision: the exact value's nearest float is r, above r when err > 0. */
    private static long directed(Hart h, float r, double err, int rm) {
        float result = r;
        if (err != 0 && rm == RNE) {
            h.fflags |= NX;
        } else if (err != 0) {
            h.fflags |= NX;
            boolean up = rm == RUP || rm == RTZ && r < 0;
            if (up && err > 0) {
                result = Math.nextUp(r);
            } else if (!up && err < 0) {
                result = Math.nextDown(r);
            }
        }
        return box(Float.floatToRawIntBits(result));
    }

    /**
     * The single-precision residual sign of an exact value near d (its nearest double), d - exact
     * having the sign of -dError: r = (float) d. When d is not a float, d - r dominates dError.
     */
    private static double singleResidual(double d, float r, double dError) {
        return d != r ? d - r : dError;
    }

    /** Whether a float result r and its neighbours are normal and finite. */
    private static boolean singleInRange(float r) {
        float a = Math.abs(r);
        return a >= 0x1p-125f && a < Float.MAX_VALUE;
    }

    public static long addD(Hart h, long a, long b, int rm) {
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        double r = x + y;
        if (rm == RNE && Math.abs(r) <= Double.MAX_VALUE) {
            if (inexactUnknown(h) && twoSumError(x, y, r) != 0) {
                h.fflags |= NX;
            }
            return Double.doubleToRawLongBits(r);
        }
        if (directedMode(rm) && inSafeRange(r) && Math.abs(x) <= SAFE_HIGH && Math.abs(y) <= SAFE_HIGH) {
            return Double.doubleToRawLongBits(directed(h, r, twoSumError(x, y, r), rm));
        }
        return generic(h, Op.ADD, a, b, 0, FloatFormat.DOUBLE, rm);
    }

    public static long subD(Hart h, long a, long b, int rm) {
        return addD(h, a, b ^ SIGN_D, rm);
    }

    public static long mulD(Hart h, long a, long b, int rm) {
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        double r = x * y;
        if (rm == RNE && (inSafeRange(r) || r == 0 && (x == 0 || y == 0))) {
            if (inexactUnknown(h) && r != 0 && Math.fma(x, y, -r) != 0) {
                h.fflags |= NX;
            }
            return Double.doubleToRawLongBits(r);
        }
        if (directedMode(rm) && inSafeRange(r)) {
            return Double.doubleToRawLongBits(directed(h, r, Math.fma(x, y, -r), rm));
        }
        return generic(h, Op.MUL, a, b, 0, FloatFormat.DOUBLE, rm);
    }

    public static long divD(Hart h, long a, long b, int rm) {
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        double r = x / y;
        if (rm == RNE && (inSafeRange(r) && inSafeRange(x) && inSafeRange(y) || r == 0 && x == 0 && y == y)) {
            if (inexactUnknown(h) && r != 0 && Math.fma(-r, y, x) != 0) {
                h.fflags |= NX;
            }
            return Double.doubleToRawLongBits(r);
        }
        if (directedMode(rm) && inSafeRange(r) && inSafeRange(x) && inSafeRange(y)) {
            double residual = Math.fma(-r, y, x);
            return Double.doubleToRawLongBits(directed(h, r, y > 0 ? residual : -residual, rm));
        }
        return generic(h, Op.DIV, a, b, 0, FloatFormat.DOUBLE, rm);
    }

    public static long sqrtD(Hart h, long a, int rm) {
        double x = Double.longBitsToDouble(a);
        if (rm == RNE && x >= SAFE_LOW && x <= Double.MAX_VALUE) {
            double r = Math.sqrt(x);
            if (inexactUnknown(h) && Math.fma(r, r, -x) != 0) {
                h.fflags |= NX;
            }
            return Double.doubleToRawLongBits(r);
        }
        if (directedMode(rm) && x >= SAFE_LOW && x <= Double.MAX_VALUE) {
            double r = Math.sqrt(x);
            return Double.doubleToRawLongBits(directed(h, r, -Math.fma(r, r, -x), rm));
        }
        return generic(h, Op.SQRT, a, 0, 0, FloatFormat.DOUBLE, rm);
    }

    /** a * b + c with one rounding; the other fused forms negate operands first. */
    public static long fmaD(Hart h, long a, long b, long c, int rm) {
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        double z = Double.longBitsToDouble(c);
        double r = Math.fma(x, y, z);
        if (rm == RNE && (r == 0 || inSafeRange(r)) && (z == 0 || inSafeRange(z))) {
            double p = x * y;
            if (inSafeRange(p) || p == 0 && (x == 0 || y == 0) && Math.abs(x + y) <= Double.MAX_VALUE) {
                if (inexactUnknown(h) && !fmaExact(x, y, z, p, r)) {
                    h.fflags |= NX;
                }
                return Double.doubleToRawLongBits(r);
            }
        }
        if (directedMode(rm) && inSafeRange(r) && (z == 0 || inSafeRange(z))) {
            double p = x * y;
            if (inSafeRange(p) || p == 0 && (x == 0 || y == 0) && Math.abs(x + y) <= Double.MAX_VALUE) {
                return Double.doubleToRawLongBits(directed(h, r, fmaResidualSign(x, y, z, p, r), rm));
            }
        }
        return generic(h, Op.FMA, a, b, c, FloatFormat.DOUBLE, rm);
    }

    /** Whether r = RN(x * y + z) is exact; p = RN(x * y); all of them clear of overflow and underflow. */
    private static boolean fmaExact(double x, double y, double z, double p, double r) {
        return fmaResidualSign(x, y, z, p, r) == 0;
    }

    /** The sign (-1, 0, 1) of x * y + z - r, exactly; p = RN(x * y); all clear of overflow and underflow. */
    private static double fmaResidualSign(double x, double y, double z, double p, double r) {
        double d = z - r;
        if (twoSumError(z, -r, d) == 0) {
            // z - r is exact, so RN(x * y + (z - r)) has the sign of the residual (no underflow here).
            return Math.signum(Math.fma(x, y, d));
        }
        double e = p == 0 ? 0 : Math.fma(x, y, -p);
        return sumSign(p, e, z, -r);
    }

    public static long fmsubD(Hart h, long a, long b, long c, int rm) {
        return fmaD(h, a, b, c ^ SIGN_D, rm);
    }

    public static long fnmsubD(Hart h, long a, long b, long c, int rm) {
        return fmaD(h, a ^ SIGN_D, b, c, rm);
    }

    public static long fnmaddD(Hart h, long a, long b, long c, int rm) {
        return fmaD(h, a ^ SIGN_D, b, c ^ SIGN_D, rm);
    }

    /**
     * The sign of a + b + c + d, exactly (no overflow possible: all magnitudes are at most 2^1001).
     * Repeated TwoSum passes move the exact sum into the first term and the rounding errors into the
     * others; when the errors vanish the first term is the exact sum.
     */
    private static double sumSign(double a, double b, double c, double d) {
        double[] t = {a, b, c, d};
        for (int pass = 0; pass < 16; pass++) {
            double s = t[0];
            for (int i = 1; i < 4; i++) {
                double sum = s + t[i];
                t[i] = twoSumError(s, t[i], sum);
                s = sum;
            }
            t[0] = s;
            if (t[1] == 0 && t[2] == 0 && t[3] == 0) {
                return Math.signum(s);
            }
        }
        // Terms too far apart to cancel in doubles: sum them exactly in binary.
        FloatFormat f = FloatFormat.DOUBLE;
        ExactValue sum = ExactValue.exactSum(
                ExactValue.exactSum(ExactValue.of(Double.doubleToRawLongBits(a), f), ExactValue.of(Double.doubleToRawLongBits(b), f), false),
                ExactValue.exactSum(ExactValue.of(Double.doubleToRawLongBits(c), f), ExactValue.of(Double.doubleToRawLongBits(d), f), false),
                false);
        return sum.isZero() ? 0 : sum.negative() ? -1 : 1;
    }

    // ---- single arithmetic -------------------------------------------------------------------

    public static long addS(Hart h, long a, long b, int rm) {
        double x = Float.intBitsToFloat(unbox(a));
        double y = Float.intBitsToFloat(unbox(b));
        double d = x + y;
        float r = (float) d;
        if (rm == RNE && Math.abs(r) <= Float.MAX_VALUE) {
            if (inexactUnknown(h) && (twoSumError(x, y, d) != 0 || r != d)) {
                h.fflags |= NX;
            }
            return box(Float.floatToRawIntBits(r));
        }
        if (directedMode(rm) && singleInRange(r)) {
            return directed(h, r, singleResidual(d, r, twoSumError(x, y, d)), rm);
        }
        return box((int) generic(h, Op.ADD, singleBits(a), singleBits(b), 0, FloatFormat.SINGLE, rm));
    }

    public static long subS(Hart h, long a, long b, int rm) {
        return addS(h, a, box(unbox(b) ^ SIGN_S), rm);
    }

    public static long mulS(Hart h, long a, long b, int rm) {
        double x = Float.intBitsToFloat(unbox(a));
        double y = Float.intBitsToFloat(unbox(b));
        double d = x * y;
        float r = (float) d;
        if (rm == RNE && (Math.abs(d) >= 0x1p-126 && Math.abs(r) <= Float.MAX_VALUE || d == 0 && (x == 0 || y == 0))) {
            if (inexactUnknown(h) && r != d) {
                h.fflags |= NX;
            }
            return box(Float.floatToRawIntBits(r));
        }
        if (directedMode(rm) && singleInRange(r)) {
            return directed(h, r, d - r, rm);
        }
        return box((int) generic(h, Op.MUL, singleBits(a), singleBits(b), 0, FloatFormat.SINGLE, rm));
    }

    public static long divS(Hart h, long a, long b, int rm) {
        double x = Float.intBitsToFloat(unbox(a));
        double y = Float.intBitsToFloat(unbox(b));
        double d = x / y;
        float r = (float) d;
        if (rm == RNE && (Math.abs(d) >= 0x1p-126 && Math.abs(r) <= Float.MAX_VALUE && y != 0 || d == 0 && x == 0 && y == y)) {
            if (inexactUnknown(h) && r != 0 && (double) r * y != x) {
                h.fflags |= NX;
            }
            return box(Float.floatToRawIntBits(r));
        }
        if (directedMode(rm) && singleInRange(r) && y != 0 && Math.abs(x) <= Float.MAX_VALUE) {
            double residual = Math.fma(-d, y, x);
            return directed(h, r, singleResidual(d, r, y > 0 ? residual : -residual), rm);
        }
        return box((int) generic(h, Op.DIV, singleBits(a), singleBits(b), 0, FloatFormat.SINGLE, rm));
    }

    public static long sqrtS(Hart h, long a, int rm) {
        double x = Float.intBitsToFloat(unbox(a));
        if (rm == RNE && x > 0 && x <= Float.MAX_VALUE) {
            float r = (float) Math.sqrt(x);
            if (inexactUnknown(h) && (double) r * r != x) {
                h.fflags |= NX;
            }
            return box(Float.floatToRawIntBits(r));
        }
        if (directedMode(rm) && x > 0 && x <= Float.MAX_VALUE) {
            double d = Math.sqrt(x);
            float r = (float) d;
            if (singleInRange(r)) {
                return directed(h, r, singleResidual(d, r, -Math.fma(d, d, -x)), rm);
            }
        }
        return box((int) generic(h, Op.SQRT, singleBits(a), 0, 0, FloatFormat.SINGLE, rm));
    }

    public static long fmaS(Hart h, long a, long b, long c, int rm) {
        float xf = Float.intBitsToFloat(unbox(a));
        float yf = Float.intBitsToFloat(unbox(b));
        float zf = Float.intBitsToFloat(unbox(c));
        double p = (double) xf * yf;
        double s = p + zf;
        float r = Math.fma(xf, yf, zf);
        if (rm == RNE && (Math.abs(s) >= 0x1p-125 || s == 0 && p == 0) && Math.abs(r) <= Float.MAX_VALUE
                && Math.abs(p) <= Double.MAX_VALUE) {
            if (inexactUnknown(h) && (twoSumError(p, zf, s) != 0 || r != s)) {
                h.fflags |= NX;
            }
            return box(Float.floatToRawIntBits(r));
        }
        if (directedMode(rm) && singleInRange(r) && Math.abs(p) <= Double.MAX_VALUE && Math.abs(zf) <= Float.MAX_VALUE) {
            return directed(h, r, singleResidual(s, r, twoSumError(p, zf, s)), rm);
        }
        return box((int) generic(h, Op.FMA, singleBits(a), singleBits(b), singleBits(c), FloatFormat.SINGLE, rm));
    }

    public static long fmsubS(Hart h, long a, long b, long c, int rm) {
        return fmaS(h, a, b, box(unbox(c) ^ SIGN_S), rm);
    }

    public static long fnmsubS(Hart h, long a, long b, long c, int rm) {
        return fmaS(h, box(unbox(a) ^ SIGN_S), b, c, rm);
    }

    public static long fnmaddS(Hart h, long a, long b, long c, int rm) {
        return fmaS(h, box(unbox(a) ^ SIGN_S), b, box(unbox(c) ^ SIGN_S), rm);
    }

    // ---- the exact path ------------------------------------------------------------------------

    /** Any operation in any rounding mode, with NaN and infinity rules; bits in {@code f}'s width. */
    private static long generic(Hart h, Op op, long a, long b, long c, FloatFormat f, int rm) {
        int[] flags = {0};
        long result = switch (op) {
            case ADD -> add(a, b, f, rm, flags);
            case MUL -> multiply(a, b, f, rm, flags);
            case DIV -> divide(a, b, f, rm, flags);
            case SQRT -> squareRoot(a, f, rm, flags);
            case FMA -> fusedMultiplyAdd(a, b, c, f, rm, flags);
        };
        raise(h, flags[0]);
        return result;
    }

    private static long nan(FloatFormat f, int[] flags, boolean invalid, long... operands) {
        for (long x : operands) {
            invalid |= isSignalingNaN(x, f);
        }
        if (invalid) {
            flags[0] |= NV;
        }
        return canonicalNaN(f);
    }

    private static long add(long a, long b, FloatFormat f, int rm, int[] flags) {
        if (isNaN(a, f) || isNaN(b, f)) {
            return nan(f, flags, false, a, b);
        }
        boolean na = isNegative(a, f);
        boolean nb = isNegative(b, f);
        if (isInfinite(a, f) || isInfinite(b, f)) {
            if (isInfinite(a, f) && isInfinite(b, f) && na != nb) {
                return nan(f, flags, true);
            }
            return isInfinite(a, f) ? a : b;
        }
        boolean zeroNegative = na == nb ? na : rm == RDN;
        return ExactValue.add(ExactValue.of(a, f), ExactValue.of(b, f), zeroNegative).round(f, rm, flags);
    }

    private static long multiply(long a, long b, FloatFormat f, int rm, int[] flags) {
        if (isNaN(a, f) || isNaN(b, f)) {
            return nan(f, flags, false, a, b);
        }
        boolean negative = isNegative(a, f) ^ isNegative(b, f);
        if (isInfinite(a, f) || isInfinite(b, f)) {
            if (isZero(a, f) || isZero(b, f)) {
                return nan(f, flags, true);
            }
            return f.infinity(negative);
        }
        return ExactValue.multiply(ExactValue.of(a, f), ExactValue.of(b, f)).round(f, rm, flags);
    }

    private static long divide(long a, long b, FloatFormat f, int rm, int[] flags) {
        if (isNaN(a, f) || isNaN(b, f)) {
            return nan(f, flags, false, a, b);
        }
        boolean negative = isNegative(a, f) ^ isNegative(b, f);
        if (isInfinite(a, f)) {
            return isInfinite(b, f) ? nan(f, flags, true) : f.infinity(negative);
        }
        if (isInfinite(b, f)) {
            return f.zero(negative);
        }
        if (isZero(b, f)) {
            if (isZero(a, f)) {
                return nan(f, flags, true);
            }
            flags[0] |= DZ;
            return f.infinity(negative);
        }
        if (isZero(a, f)) {
            return f.zero(negative);
        }
        return ExactValue.divide(ExactValue.of(a, f), ExactValue.of(b, f), f.precision).round(f, rm, flags);
    }

    private static long squareRoot(long a, FloatFormat f, int rm, int[] flags) {
        if (isNaN(a, f)) {
            return nan(f, flags, false, a);
        }
        if (isZero(a, f)) {
            return a;
        }
        if (isNegative(a, f)) {
            return nan(f, flags, true);
        }
        if (isInfinite(a, f)) {
            return a;
        }
        return ExactValue.sqrt(ExactValue.of(a, f), f.precision).round(f, rm, flags);
    }

    private static long fusedMultiplyAdd(long a, long b, long c, FloatFormat f, int rm, int[] flags) {
        boolean infTimesZero = isInfinite(a, f) && isZero(b, f) || isZero(a, f) && isInfinite(b, f);
        if (isNaN(a, f) || isNaN(b, f) || isNaN(c, f)) {
            return nan(f, flags, infTimesZero, a, b, c);
        }
        if (infTimesZero) {
            return nan(f, flags, true);
        }
        boolean productNegative = isNegative(a, f) ^ isNegative(b, f);
        boolean cNegative = isNegative(c, f);
        if (isInfinite(a, f) || isInfinite(b, f)) {
            if (isInfinite(c, f) && cNegative != productNegative) {
                return nan(f, flags, true);
            }
            return f.infinity(productNegative);
        }
        if (isInfinite(c, f)) {
            return c;
        }
        boolean productZero = isZero(a, f) || isZero(b, f);
        boolean zeroNegative = productZero && isZero(c, f) && productNegative == cNegative ? cNegative : rm == RDN;
        ExactValue product = ExactValue.multiply(ExactValue.of(a, f), ExactValue.of(b, f));
        if (productZero) {
            product = new ExactValue(productNegative, BigInteger.ZERO, 0, false);
        }
        return ExactValue.add(product, ExactValue.of(c, f), zeroNegative).round(f, rm, flags);
    }

    // ---- conversions -------------------------------------------------------------------------

    /** Integer kinds of the fcvt instructions. */
    public static final int W = 0;
    public static final int WU = 1;
    public static final int L = 2;
    public static final int LU = 3;

    public static long doubleToInteger(Hart h, long a, int kind, int rm) {
        return toInteger(h, Double.longBitsToDouble(a), isNaN(a, FloatFormat.DOUBLE), kind, rm);
    }

    public static long singleToInteger(Hart h, long a, int kind, int rm) {
        float x = Float.intBitsToFloat(unbox(a));
        return toInteger(h, x, x != x, kind, rm);
    }

    private static double roundToIntegral(double x, int rm) {
        return switch (rm) {
            case RNE -> Math.rint(x);
            case RTZ -> x < 0 ? Math.ceil(x) : Math.floor(x);
            case RDN -> Math.floor(x);
            case RUP -> Math.ceil(x);
            case RMM -> {
                double t = x < 0 ? Math.ceil(x) : Math.floor(x);
                yield Math.abs(x - t) >= 0.5 ? t + Math.signum(x) : t;
            }
            default -> throw new IllegalArgumentException("rounding mode " + rm);
        };
    }

    private static long toInteger(Hart h, double x, boolean nan, int kind, int rm) {
        long max = switch (kind) {
            case W -> Integer.MAX_VALUE;
            case WU -> -1L;
            case L -> Long.MAX_VALUE;
            default -> -1L;
        };
        if (nan) {
            h.fflags |= NV;
            return max;
        }
        double r = roundToIntegral(x, rm);
        long result;
        boolean inRange = switch (kind) {
            case W -> r >= -0x1p31 && r < 0x1p31;
            case WU -> r >= 0 && r < 0x1p32;
            case L -> r >= -0x1p63 && r < 0x1p63;
            default -> r >= 0 && r < 0x1p64;
        };
        if (!inRange) {
            h.fflags |= NV;
            boolean low = r < 0 || x < 0;
            return switch (kind) {
                case W -> low ? Integer.MIN_VALUE : Integer.MAX_VALUE;
                case L -> low ? Long.MIN_VALUE : Long.MAX_VALUE;
                default -> low ? 0 : -1L;
            };
        }
        result = switch (kind) {
            case W -> (long) r;
            case WU -> (int) (long) r;
            case L -> (long) r;
            default -> r >= 0x1p63 ? (long) (r - 0x1p63) ^ Long.MIN_VALUE : (long) r;
        };
        if (r != x) {
            h.fflags |= NX;
        }
        return result;
    }

    /** fcvt.d.{w,wu,l,lu}: {@code value} is the integer register (only its low half for W/WU). */
    public static long integerToDouble(Hart h, long value, int kind, int rm) {
        return integerToFloat(h, value, kind, rm, FloatFormat.DOUBLE);
    }

    /** fcvt.s.{w,wu,l,lu}: the NaN-boxed single result. */
    public static long integerToSingle(Hart h, long value, int kind, int rm) {
        return box((int) integerToFloat(h, value, kind, rm, FloatFormat.SINGLE));
    }

    private static long integerToFloat(Hart h, long value, int kind, int rm, FloatFormat f) {
        long v = switch (kind) {
            case W -> (int) value;
            case WU -> value & 0xffffffffL;
            default -> value;
        };
        boolean unsignedHuge = kind == LU && v < 0;
        long limit = 1L << f.precision;
        if (!unsignedHuge && v <= limit && v >= -limit) {
            return f == FloatFormat.DOUBLE ? Double.doubleToRawLongBits((double) v)
                    : Float.floatToRawIntBits((float) v) & 0xffffffffL;
        }
        if (rm != RMM) {
            if (unsignedHuge) {
                // v + 2^64: halve it (keeping the sticky low bit) so it fits a signed long, then scale back.
                long half = (v >>> 1) | (v & 1);
                return f == FloatFormat.DOUBLE ? Double.doubleToRawLongBits(exactIntegerToDouble(h, half, rm) * 2)
                        : Float.floatToRawIntBits(exactIntegerToSingle(h, half, rm) * 2) & 0xffffffffL;
            }
            return f == FloatFormat.DOUBLE ? Double.doubleToRawLongBits(exactIntegerToDouble(h, v, rm))
                    : Float.floatToRawIntBits(exactIntegerToSingle(h, v, rm)) & 0xffffffffL;
        }
        boolean negative = !unsignedHuge && v < 0;
        BigInteger magnitude = unsignedHuge ? new BigInteger(Long.toUnsignedString(v))
                : BigInteger.valueOf(v).abs();
        int[] flags = {0};
        long bits = ExactValue.ofInteger(negative, magnitude).round(f, rm, flags);
        raise(h, flags[0]);
        return bits;
    }

    /** The sign of v - r for a long v and an integral double r within a factor two of it. */
    private static int integerResidual(long v, double r) {
        return r >= 0x1p63 ? -1 : Long.compare(v, (long) r);
    }

    /** v rounded to double in mode rm (not RMM). */
    private static double exactIntegerToDouble(Hart h, long v, int rm) {
        double r = (double) v;
        return directed(h, r, integerResidual(v, r), rm);
    }

    /** v rounded to float in mode rm (not RMM). */
    private static float exactIntegerToSingle(Hart h, long v, int rm) {
        float r = (float) v;
        return Float.intBitsToFloat(unbox(directed(h, r, integerResidual(v, r), rm)));
    }

    /** fcvt.s.d */
    public static long doubleToSingle(Hart h, long a, int rm) {
        FloatFormat d = FloatFormat.DOUBLE;
        if (isNaN(a, d)) {
            if (isSignalingNaN(a, d)) {
                h.fflags |= NV;
            }
            return box(CANONICAL_NAN_S);
        }
        double x = Double.longBitsToDouble(a);
        if (isInfinite(a, d) || x == 0) {
            return box(Float.floatToRawIntBits((float) x));
        }
        if (rm == RNE) {
            float r = (float) x;
            if (Math.abs(x) >= 0x1p-126 && Math.abs(r) <= Float.MAX_VALUE) {
                if (r != x) {
                    h.fflags |= NX;
                }
                return box(Float.floatToRawIntBits(r));
            }
        }
        if (directedMode(rm)) {
            float r = (float) x;
            if (singleInRange(r)) {
                return directed(h, r, x - r, rm);
            }
        }
        int[] flags = {0};
        long bits = ExactValue.of(a, d).round(FloatFormat.SINGLE, rm, flags);
        raise(h, flags[0]);
        return box((int) bits);
    }

    /** fcvt.d.s (always exact). */
    public static long singleToDouble(Hart h, long a) {
        int s = unbox(a);
        if (isNaN(s & 0xffffffffL, FloatFormat.SINGLE)) {
            if (isSignalingNaN(s & 0xffffffffL, FloatFormat.SINGLE)) {
                h.fflags |= NV;
            }
            return CANONICAL_NAN_D;
        }
        return Double.doubleToRawLongBits(Float.intBitsToFloat(s));
    }

    // ---- sign injection, min/max, compare, classify -------------------------------------------

    public static long sgnjD(long a, long b) {
        return (a & ~SIGN_D) | (b & SIGN_D);
    }

    public static long sgnjnD(long a, long b) {
        return (a & ~SIGN_D) | (~b & SIGN_D);
    }

    public static long sgnjxD(long a, long b) {
        return a ^ (b & SIGN_D);
    }

    public static long sgnjS(long a, long b) {
        return box((unbox(a) & ~SIGN_S) | (unbox(b) & SIGN_S));
    }

    public static long sgnjnS(long a, long b) {
        return box((unbox(a) & ~SIGN_S) | (~unbox(b) & SIGN_S));
    }

    public static long sgnjxS(long a, long b) {
        return box(unbox(a) ^ (unbox(b) & SIGN_S));
    }

    public static long minD(Hart h, long a, long b) {
        return minMax(h, a, b, FloatFormat.DOUBLE, true);
    }

    public static long maxD(Hart h, long a, long b) {
        return minMax(h, a, b, FloatFormat.DOUBLE, false);
    }

    public static long minS(Hart h, long a, long b) {
        return box((int) minMax(h, singleBits(a), singleBits(b), FloatFormat.SINGLE, true));
    }

    public static long maxS(Hart h, long a, long b) {
        return box((int) minMax(h, singleBits(a), singleBits(b), FloatFormat.SINGLE, false));
    }

    private static long minMax(Hart h, long a, long b, FloatFormat f, boolean min) {
        boolean nanA = isNaN(a, f);
        boolean nanB = isNaN(b, f);
        if (isSignalingNaN(a, f) || isSignalingNaN(b, f)) {
            h.fflags |= NV;
        }
        if (nanA && nanB) {
            return canonicalNaN(f);
        }
        if (nanA) {
            return b;
        }
        if (nanB) {
            return a;
        }
        double x = value(a, f);
        double y = value(b, f);
        if (x == y) {
            // Equal values differ only in the sign of zero: -0 is the smaller.
            return min ? a | b : a & b;
        }
        return (x < y) == min ? a : b;
    }

    private static double value(long bits, FloatFormat f) {
        return f == FloatFormat.DOUBLE ? Double.longBitsToDouble(bits) : Float.intBitsToFloat((int) bits);
    }

    /** feq/flt/fle: {@code relation} 0 = eq, 1 = lt, 2 = le. */
    public static long compareD(Hart h, long a, long b, int relation) {
        return compare(h, a, b, FloatFormat.DOUBLE, relation);
    }

    public static long compareS(Hart h, long a, long b, int relation) {
        return compare(h, singleBits(a), singleBits(b), FloatFormat.SINGLE, relation);
    }

    private static long compare(Hart h, long a, long b, FloatFormat f, int relation) {
        if (isNaN(a, f) || isNaN(b, f)) {
            if (relation != 0 || isSignalingNaN(a, f) || isSignalingNaN(b, f)) {
                h.fflags |= NV;
            }
            return 0;
        }
        double x = value(a, f);
        double y = value(b, f);
        boolean holds = switch (relation) {
            case 0 -> x == y;
            case 1 -> x < y;
            default -> x <= y;
        };
        return holds ? 1 : 0;
    }

    public static long classifyD(long a) {
        return classify(a, FloatFormat.DOUBLE);
    }

    public static long classifyS(long a) {
        return classify(singleBits(a), FloatFormat.SINGLE);
    }

    private static long classify(long a, FloatFormat f) {
        boolean negative = isNegative(a, f);
        int bit;
        if (isNaN(a, f)) {
            bit = isSignalingNaN(a, f) ? 8 : 9;
        } else if (isInfinite(a, f)) {
            bit = negative ? 0 : 7;
        } else if (isZero(a, f)) {
            bit = negative ? 3 : 4;
        } else if (((a >>> (f.precision - 1)) & ((1L << f.exponentBits) - 1)) == 0) {
            bit = negative ? 2 : 5;
        } else {
            bit = negative ? 1 : 6;
        }
        return 1L << bit;
    }
}
