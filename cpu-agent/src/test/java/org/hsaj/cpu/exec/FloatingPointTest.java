package org.hsaj.cpu.exec;

import static org.hsaj.cpu.exec.FloatingPoint.*;
import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * F/D semantics against the ISA manual: special values and flags case by case, and correct rounding in
 * every rounding mode against an independent oracle that brackets the exact result between the host's
 * round-to-nearest result and its neighbour with exact BigDecimal comparisons.
 */
class FloatingPointTest {
    private static final long QNAN = CANONICAL_NAN_D;
    private static final long SNAN = 0x7ff0000000000001L;
    private static final long INF = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
    private static final long NINF = Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);
    private static final long ZERO = 0;
    private static final long NZERO = Long.MIN_VALUE;

    private final Hart h = new Hart(null, null);

    private static long d(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static long s(float v) {
        return box(Float.floatToRawIntBits(v));
    }

    private int flags() {
        int f = h.fflags;
        h.fflags = 0;
        return f;
    }

    // ---- special values and flags ----

    @Test
    void invalidOperationsGiveTheCanonicalNaN() {
        assertEquals(QNAN, addD(h, INF, NINF, RNE));
        assertEquals(NV, flags());
        assertEquals(QNAN, mulD(h, INF, ZERO, RNE));
        assertEquals(NV, flags());
        assertEquals(QNAN, divD(h, ZERO, NZERO, RNE));
        assertEquals(NV, flags());
        assertEquals(QNAN, divD(h, INF, NINF, RTZ));
        assertEquals(NV, flags());
        assertEquals(QNAN, sqrtD(h, d(-1), RNE));
        assertEquals(NV, flags());
        assertEquals(NZERO, sqrtD(h, NZERO, RNE), "sqrt(-0) = -0");
        assertEquals(0, flags());
        assertEquals(QNAN, fmaD(h, INF, ZERO, QNAN, RNE), "inf * 0 + qNaN raises NV");
        assertEquals(NV, flags());
        assertEquals(QNAN, fmaD(h, INF, d(1), NINF, RNE));
        assertEquals(NV, flags());
    }

    @Test
    void nanPropagationRaisesInvalidOnlyForSignalingNaNs() {
        assertEquals(QNAN, addD(h, QNAN | 5, d(1), RNE), "any NaN result is canonical");
        assertEquals(0, flags());
        assertEquals(QNAN, mulD(h, SNAN, d(1), RNE));
        assertEquals(NV, flags());
        assertEquals(box(CANONICAL_NAN_S), addS(h, s(1), 0x00000000_3f800000L, RNE), "a single not NaN-boxed is a NaN");
        assertEquals(0, flags());
        assertEquals(box(CANONICAL_NAN_S), addS(h, box(0x7f800001), s(1), RNE));
        assertEquals(NV, flags());
    }

    @Test
    void divideByZeroOverflowUnderflowInexact() {
        assertEquals(NINF, divD(h, d(-1), ZERO, RNE));
        assertEquals(DZ, flags());
        assertEquals(INF, mulD(h, d(Double.MAX_VALUE), d(2), RNE));
        assertEquals(OF | NX, flags());
        assertEquals(d(Double.MAX_VALUE), mulD(h, d(Double.MAX_VALUE), d(2), RTZ), "RTZ overflows to the largest finite");
        assertEquals(OF | NX, flags());
        assertEquals(d(-Double.MAX_VALUE), mulD(h, d(-Double.MAX_VALUE), d(2), RUP));
        assertEquals(OF | NX, flags());
        assertEquals(d(Double.MIN_VALUE), mulD(h, d(Double.MIN_NORMAL), d(0x1p-52), RNE), "exact subnormal");
        assertEquals(0, flags());
        assertEquals(d(0), mulD(h, d(Double.MIN_VALUE), d(0.25), RNE));
        assertEquals(UF | NX, flags());
        assertEquals(d(Double.MIN_VALUE), mulD(h, d(Double.MIN_VALUE), d(0.25), RUP));
        assertEquals(UF | NX, flags());
        assertEquals(d(1.0 / 3), divD(h, d(1), d(3), RNE));
        assertEquals(NX, flags());
        assertEquals(d(0.5), divD(h, d(1), d(2), RNE));
        assertEquals(0, flags());
        // Tininess after rounding: 0x1.fffffffffffffp-1023 * (1 + 2^-53) rounds up to the smallest normal,
        // so it is not tiny (no UF) though the exact product is below it.
        long justBelow = d(Math.nextDown(Double.MIN_NORMAL)) ;
        assertEquals(d(Double.MIN_NORMAL), mulD(h, justBelow, d(1 + 0x1p-52), RNE));
        assertEquals(NX, flags());
    }

    @Test
    void fusedMultiplyAddRoundsOnce() {
        double a = 1 + 0x1p-30;
        double c = -(1 + 0x1p-29);
        // a * a + c = 2^-60 exactly; a separately rounded product would lose it.
        assertEquals(d(0x1p-60), fmaD(h, d(a), d(a), d(c), RNE));
        assertEquals(0, flags());
        assertEquals(d(0), fmaD(h, d(2), d(3), d(-6), RNE));
        assertEquals(0, flags());
        assertEquals(NZERO, fmaD(h, d(2), d(3), d(-6), RDN), "exact zero sum is -0 when rounding down");
        assertEquals(d(-7), fmsubD(h, d(2), d(-2), d(3), RNE));
        assertEquals(d(7), fnmaddD(h, d(2), d(-2), d(-3), RNE), "-(a*b) - c");
        assertEquals(d(1), fnmsubD(h, d(2), d(1), d(3), RNE), "-(a*b) + c");
        assertEquals(s(0x1p-40f), fmaS(h, s(1 + 0x1p-20f), s(1 + 0x1p-20f), s(-(1 + 0x1p-19f)), RNE));
        assertEquals(0, flags());
    }

    @Test
    void minMaxSignedZerosAndNaNs() {
        assertEquals(NZERO, minD(h, ZERO, NZERO));
        assertEquals(ZERO, maxD(h, NZERO, ZERO));
        assertEquals(d(1), minD(h, QNAN, d(1)), "a quiet NaN operand is ignored");
        assertEquals(0, flags());
        assertEquals(d(1), maxD(h, SNAN, d(1)));
        assertEquals(NV, flags(), "a signaling NaN raises NV even when the other operand is returned");
        assertEquals(QNAN, minD(h, QNAN, SNAN));
        assertEquals(NV, flags());
        assertEquals(s(-0f), minS(h, s(0f), s(-0f)));
    }

    @Test
    void comparisons() {
        assertEquals(1, compareD(h, d(1), d(1), 0));
        assertEquals(0, compareD(h, QNAN, QNAN, 0));
        assertEquals(0, flags(), "feq is quiet");
        assertEquals(0, compareD(h, QNAN, d(1), 1));
        assertEquals(NV, flags(), "flt signals on any NaN");
        assertEquals(0, compareD(h, d(1), QNAN, 2));
        assertEquals(NV, flags());
        assertEquals(0, compareD(h, SNAN, d(1), 0));
        assertEquals(NV, flags(), "feq signals on a signaling NaN");
        assertEquals(1, compareD(h, NZERO, ZERO, 2));
        assertEquals(0, compareD(h, NZERO, ZERO, 1));
    }

    @Test
    void classify() {
        assertEquals(1 << 0, classifyD(NINF));
        assertEquals(1 << 1, classifyD(d(-1)));
        assertEquals(1 << 2, classifyD(d(-Double.MIN_VALUE)));
        assertEquals(1 << 3, classifyD(NZERO));
        assertEquals(1 << 4, classifyD(ZERO));
        assertEquals(1 << 5, classifyD(d(Double.MIN_VALUE)));
        assertEquals(1 << 6, classifyD(d(1)));
        assertEquals(1 << 7, classifyD(INF));
        assertEquals(1 << 8, classifyD(SNAN));
        assertEquals(1 << 9, classifyD(QNAN));
        assertEquals(1 << 9, classifyS(0x3f800000L), "an improperly boxed single is the canonical NaN");
        assertEquals(1 << 8, classifyS(box(0x7f800001)));
    }

    @Test
    void signInjection() {
        assertEquals(d(-2), sgnjD(d(2), d(-1)));
        assertEquals(d(2), sgnjnD(d(2), d(-1)));
        assertEquals(d(-2), sgnjxD(d(-2), d(1)));
        assertEquals(d(2), sgnjxD(d(-2), d(-1)));
        assertEquals(s(-3f), sgnjnS(s(3f), s(3f)));
        assertEquals(box(CANONICAL_NAN_S | 0x80000000), sgnjnS(0x1234L, s(1f)), "unboxed input reads as canonical NaN");
    }

    @Test
    void conversionsToIntegersSaturate() {
        assertEquals(Integer.MAX_VALUE, doubleToInteger(h, QNAN, W, RNE));
        assertEquals(NV, flags());
        assertEquals(Integer.MIN_VALUE, doubleToInteger(h, d(-3e9), W, RTZ));
        assertEquals(NV, flags());
        assertEquals(-1L, doubleToInteger(h, d(5e9), WU, RTZ), "wu saturates to 2^32 - 1, sign-extended");
        assertEquals(NV, flags());
        assertEquals(0, doubleToInteger(h, d(-0.5), WU, RTZ), "rounds to 0: in range, only inexact");
        assertEquals(NX, flags());
        assertEquals(0, doubleToInteger(h, d(-1.5), WU, RTZ), "negative below -1 is out of range");
        assertEquals(NV, flags());
        assertEquals(Long.MAX_VALUE, doubleToInteger(h, INF, L, RNE));
        assertEquals(NV, flags());
        assertEquals(Long.MIN_VALUE, doubleToInteger(h, d(-0x1p63), L, RNE), "-2^63 fits exactly");
        assertEquals(0, flags());
        assertEquals(-1L, doubleToInteger(h, d(0x1p64), LU, RNE));
        assertEquals(NV, flags());
        assertEquals(0x8000000000000000L, doubleToInteger(h, d(0x1p63), LU, RNE));
        assertEquals(0, flags());
        assertEquals(2, doubleToInteger(h, d(2.5), L, RNE));
        assertEquals(3, doubleToInteger(h, d(2.5), L, RMM));
        assertEquals(-3, doubleToInteger(h, d(-2.5), L, RMM));
        assertEquals(-3, doubleToInteger(h, d(-2.5), L, RDN));
        assertEquals(3, doubleToInteger(h, d(2.1), L, RUP));
        assertEquals(-2, doubleToInteger(h, d(-2.9), L, RTZ));
        assertEquals(NX, flags());
        assertEquals(-8, singleToInteger(h, s(-7.5f), W, RNE), "-7.5 rounds to even -8");
    }

    @Test
    void conversionsFromIntegersAndBetweenFormats() {
        assertEquals(d(0x1p63), integerToDouble(h, Long.MIN_VALUE, LU, RNE));
        assertEquals(0, flags());
        assertEquals(d(0x1p64), integerToDouble(h, -1L, LU, RNE), "2^64 - 1 rounds up");
        assertEquals(NX, flags());
        assertEquals(d(0x1.fffffffffffffp63), integerToDouble(h, -1L, LU, RTZ));
        assertEquals(NX, flags());
        assertEquals(d(-1), integerToDouble(h, 0xffffffffL, W, RNE), "w uses the low 32 bits, signed");
        assertEquals(d(4294967295.0), integerToDouble(h, -1L, WU, RNE));
        assertEquals(s(16777216f), integerToSingle(h, 16777217, W, RNE));
        assertEquals(NX, flags());
        assertEquals(s(16777218f), integerToSingle(h, 16777217, W, RUP));
        assertEquals(NX, flags());
        assertEquals(s(Float.POSITIVE_INFINITY), doubleToSingle(h, d(1e300), RNE));
        assertEquals(OF | NX, flags());
        assertEquals(s(Float.MAX_VALUE), doubleToSingle(h, d(1e300), RTZ));
        assertEquals(OF | NX, flags());
        assertEquals(s(Float.MIN_VALUE), doubleToSingle(h, d(1e-46), RUP));
        assertEquals(UF | NX, flags());
        assertEquals(box(CANONICAL_NAN_S), doubleToSingle(h, SNAN, RNE));
        assertEquals(NV, flags());
        assertEquals(QNAN, singleToDouble(h, box(0x7f800001)));
        assertEquals(NV, flags());
        assertEquals(d(1.5), singleToDouble(h, s(1.5f)));
        assertEquals(0, flags());
    }

    // ---- correct rounding against an exact oracle ----

    private static BigDecimal exact(double v) {
        return new BigDecimal(v);
    }

    /**
     * The correctly rounded result for rounding mode {@code rm}, given the host's round-to-nearest
     * result {@code nearest} of a true value v and {@code compare(c)} = sign(c - v), exactly.
     * Valid where results stay normal and finite.
     */
    private static double oracle(double nearest, int rm, Function<BigDecimal, Integer> compare, boolean[] inexact) {
        int c = compare.apply(exact(nearest));
        if (c == 0) {
            inexact[0] = false;
            return nearest;
        }
        inexact[0] = true;
        double lo = c > 0 ? Math.nextDown(nearest) : nearest;
        double hi = c > 0 ? nearest : Math.nextUp(nearest);
        boolean positive = lo >= 0 && hi > 0;
        return switch (rm) {
            case RNE -> nearest;
            case RTZ -> positive ? lo : hi;
            case RDN -> lo;
            case RUP -> hi;
            default -> {
                BigDecimal middle = exact(lo).add(exact(hi)).divide(BigDecimal.valueOf(2));
                int side = compare.apply(middle);
                if (side != 0) {
                    yield nearest;
                }
                yield Math.abs(lo) > Math.abs(hi) ? lo : hi;
            }
        };
    }

    private static double randomNormal(SplittableRandom r) {
        return Math.scalb(1 + r.nextDouble(), r.nextInt(-60, 60)) * (r.nextBoolean() ? 1 : -1);
    }

    @Test
    void doubleArithmeticIsCorrectlyRoundedInEveryMode() {
        SplittableRandom random = new SplittableRandom(20261121);
        boolean[] inexact = new boolean[1];
        for (int i = 0; i < 3000; i++) {
            double a = randomNormal(random);
            double b = i % 7 == 0 ? a * (1 + 0x1p-40) : randomNormal(random);
            double c = randomNormal(random);
            for (int rm = 0; rm <= 4; rm++) {
                BigDecimal ea = exact(a);
                BigDecimal eb = exact(b);
                BigDecimal ec = exact(c);
                check("add", addD(h, d(a), d(b), rm), oracle(a + b, rm, x -> x.compareTo(ea.add(eb)), inexact), inexact);
                check("mul", mulD(h, d(a), d(b), rm), oracle(a * b, rm, x -> x.compareTo(ea.multiply(eb)), inexact), inexact);
                // c - a/b compares as c*b - a with the sign of b folded in.
                check("div", divD(h, d(a), d(b), rm), oracle(a / b, rm,
                        x -> x.multiply(eb).compareTo(ea) * (b < 0 ? -1 : 1), inexact), inexact);
                double root = Math.abs(a);
                BigDecimal er = exact(root);
                check("sqrt", sqrtD(h, d(root), rm), oracle(Math.sqrt(root), rm, x -> x.multiply(x).compareTo(er), inexact),
                        inexact);
                check("fma", fmaD(h, d(a), d(b), d(c), rm), oracle(Math.fma(a, b, c), rm,
                        x -> x.compareTo(ea.multiply(eb).add(ec)), inexact), inexact);
            }
        }
    }

    /**
     * Fused multiply-adds and sums whose terms lie far apart (the smaller one entirely below the
     * larger one's last bit, by up to hundreds of binades, with either sign) or cancel almost
     * exactly: the exact paths (round-to-nearest-max-magnitude, and the directed modes' sign of the
     * residual) against the exact oracle, in every mode.
     */
    @Test
    void termsFarApartOrCancellingAreCorrectlyRoundedInEveryMode() {
        SplittableRandom random = new SplittableRandom(20261122);
        boolean[] inexact = new boolean[1];
        int[] gaps = {-700, -300, -120, -60, -54, -53, -52, 0, 52, 53, 54, 60, 120, 300, 700};
        for (int i = 0; i < 400; i++) {
            double a = Math.scalb(1 + random.nextDouble(), random.nextInt(-150, 150)) * (random.nextBoolean() ? 1 : -1);
            double b = Math.scalb(1 + random.nextDouble(), random.nextInt(-150, 150)) * (random.nextBoolean() ? 1 : -1);
            double product = a * b;
            for (int gap : gaps) {
                double c = Math.scalb(1 + random.nextDouble(), Math.getExponent(product) + gap)
                        * (random.nextBoolean() ? 1 : -1);
                double[] addends = {c, -product, -product + Math.ulp(product) * (random.nextBoolean() ? 1 : -1)};
                for (double z : addends) {
                    BigDecimal ea = exact(a);
                    BigDecimal eb = exact(b);
                    BigDecimal ez = exact(z);
                    for (int rm = 0; rm <= 4; rm++) {
                        double nearest = Math.fma(a, b, z);
                        if (nearest == 0 || Math.abs(nearest) < Double.MIN_NORMAL) {
                            continue;
                        }
                        check("fma " + a + " " + b + " " + z + " rm " + rm, fmaD(h, d(a), d(b), d(z), rm),
                                oracle(nearest, rm, x -> x.compareTo(ea.multiply(eb).add(ez)), inexact), inexact);
                        check("add " + a + " " + z + " rm " + rm, addD(h, d(a), d(z), rm),
                                oracle(a + z, rm, x -> x.compareTo(ea.add(ez)), inexact), inexact);
                    }
                }
            }
            float fa = (float) Math.scalb(1 + random.nextDouble(), random.nextInt(-30, 30));
            float fb = (float) -Math.scalb(1 + random.nextDouble(), random.nextInt(-30, 30));
            for (int gap : new int[] {-60, -40, -25, -24, 0, 24, 25, 40, 60}) {
                float fc = (float) Math.scalb(1 + random.nextDouble(), Math.getExponent(fa * fb) + gap)
                        * (random.nextBoolean() ? 1 : -1);
                BigDecimal exactSum = new BigDecimal(fa).multiply(new BigDecimal(fb)).add(new BigDecimal(fc));
                for (int rm = 0; rm <= 4; rm++) {
                    checkSingle("fmas " + fa + " " + fb + " " + fc, fmaS(h, s(fa), s(fb), s(fc), rm), exactSum, rm);
                }
            }
        }
    }

    private void check(String what, long actual, double expected, boolean[] inexact) {
        int f = flags();
        if (actual != d(expected)) {
            fail(what + ": expected " + expected + " but was " + Double.longBitsToDouble(actual));
        }
        assertEquals(inexact[0] ? NX : 0, f, what + " flags for " + expected);
    }

    @Test
    void singleArithmeticIsCorrectlyRoundedInEveryMode() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 3000; i++) {
            float a = (float) randomNormal(random);
            float b = (float) randomNormal(random);
            float c = (float) randomNormal(random);
            for (int rm = 0; rm <= 4; rm++) {
                BigDecimal exactSum = new BigDecimal(a).add(new BigDecimal(b));
                float expected = roundSingle(exactSum, rm);
                assertEquals(s(expected), addS(h, s(a), s(b), rm), "adds " + a + " + " + b + " rm " + rm);
                assertEquals(exactSum.compareTo(new BigDecimal(expected)) == 0 ? 0 : NX, flags());
                BigDecimal exactProduct = new BigDecimal(a).multiply(new BigDecimal(b));
                float product = roundSingle(exactProduct, rm);
                assertEquals(s(product), mulS(h, s(a), s(b), rm), "muls " + a + " * " + b + " rm " + rm);
                assertEquals(exactProduct.compareTo(new BigDecimal(product)) == 0 ? 0 : NX, flags());
                // Quotients and roots to 80 digits: no float lies that close to an inexact one.
                BigDecimal quotient = new BigDecimal(a).divide(new BigDecimal(b), new MathContext(80));
                checkSingle("divs", divS(h, s(a), s(b), rm), quotient, rm);
                BigDecimal root = new BigDecimal(Math.abs(a)).sqrt(new MathContext(80));
                checkSingle("sqrts", sqrtS(h, s(Math.abs(a)), rm), root, rm);
                checkSingle("fmas", fmaS(h, s(a), s(b), s(c), rm), exactProduct.add(new BigDecimal(c)), rm);
                BigDecimal wide = new BigDecimal(a).multiply(new BigDecimal(b)).add(new BigDecimal(Math.scalb(c, -30)));
                checkSingle("fcvt.s.d", doubleToSingle(h, d(wide.doubleValue()), rm), new BigDecimal(wide.doubleValue()), rm);
                long integer = random.nextLong() >> random.nextInt(0, 40);
                checkSingle("fcvt.s.l", integerToSingle(h, integer, L, rm), new BigDecimal(integer), rm);
                checkSingle("fcvt.s.lu", integerToSingle(h, integer, LU, rm),
                        new BigDecimal(new java.math.BigInteger(Long.toUnsignedString(integer))), rm);
                boolean[] inexact = new boolean[1];
                BigDecimal exactInteger = new BigDecimal(integer);
                check("fcvt.d.l", integerToDouble(h, integer, L, rm),
                        oracle((double) integer, rm, x -> x.compareTo(exactInteger), inexact), inexact);
            }
        }
    }

    private void checkSingle(String what, long actual, BigDecimal exact, int rm) {
        float expected = roundSingle(exact, rm);
        assertEquals(s(expected), actual, what + " of " + exact + " rm " + rm);
        assertEquals(exact.compareTo(new BigDecimal(expected)) == 0 ? 0 : NX, flags(), what + " flags of " + exact);
    }

    /** Rounds an exact value to single precision by bracketing it between neighbouring floats. */
    private static float roundSingle(BigDecimal v, int rm) {
        float near = v.round(MathContext.DECIMAL128).floatValue();
        float lo = new BigDecimal(near).compareTo(v) > 0 ? Math.nextDown(near) : near;
        if (new BigDecimal(lo).compareTo(v) > 0) {
            lo = Math.nextDown(lo);
        }
        float hi = new BigDecimal(lo).compareTo(v) == 0 ? lo : Math.nextUp(lo);
        if (lo == hi) {
            return lo;
        }
        int mid = new BigDecimal(lo).add(new BigDecimal(hi)).divide(BigDecimal.valueOf(2)).compareTo(v);
        boolean loEven = (Float.floatToRawIntBits(lo) & 1) == 0;
        return switch (rm) {
            case RNE -> mid > 0 ? lo : mid < 0 ? hi : loEven ? lo : hi;
            case RTZ -> v.signum() > 0 ? lo : hi;
            case RDN -> lo;
            case RUP -> hi;
            default -> mid > 0 ? lo : mid < 0 ? hi : Math.abs(lo) > Math.abs(hi) ? lo : hi;
        };
    }
}
