package org.hsaj.cpu.exec;

import java.math.BigInteger;

/**
 * A finite real number held exactly as {@code (-1)^negative * significand * 2^exponent}, plus a
 * sticky bit that says the true value lies strictly above it by less than one unit of the last
 * significand bit (division and square root results). Rounding it to a format under any RISC-V
 * rounding mode gives the correctly rounded result and the exact NX/UF/OF flags; this is the slow
 * path of {@link FloatingPoint} for the cases the host's round-to-nearest arithmetic cannot decide.
 */
record ExactValue(boolean negative, BigInteger significand, int exponent, boolean sticky) {

    /** The exact value of finite {@code bits} in {@code format}. */
    static ExactValue of(long bits, FloatFormat format) {
        int fractionBits = format.precision - 1;
        boolean negative = (bits & format.signBit()) != 0;
        int biased = (int) ((bits >>> fractionBits) & ((1L << format.exponentBits) - 1));
        long fraction = bits & ((1L << fractionBits) - 1);
        if (biased == 0) {
            return new ExactValue(negative, BigInteger.valueOf(fraction), format.minExponent - fractionBits, false);
        }
        return new ExactValue(negative, BigInteger.valueOf(fraction | (1L << fractionBits)),
                biased - format.bias() - fractionBits, false);
    }

    static ExactValue ofInteger(boolean negative, BigInteger magnitude) {
        return new ExactValue(negative, magnitude, 0, false);
    }

    boolean isZero() {
        return significand.signum() == 0 && !sticky;
    }

    /** The exponent of the highest set bit (of a nonzero significand). */
    private int top() {
        return exponent + significand.bitLength() - 1;
    }

    ExactValue negate() {
        return new ExactValue(!negative, significand, exponent, sticky);
    }

    private BigInteger signed() {
        return negative ? significand.negate() : significand;
    }

    /**
     * Significand bits a sum keeps of its larger term when the smaller one lies wholly below them:
     * three more than double precision, so no rounding boundary of either format falls strictly
     * inside one unit of the last kept bit (even when the sum drops a binade below the larger term).
     */
    private static final int KEPT_BITS = 56;

    /**
     * The sum of two exact values (neither sticky), to be rounded: a zero sum takes
     * {@code zeroNegative} as its sign. When one term is smaller than one unit in the
     * {@link #KEPT_BITS}th bit of the other, it only decides on which side of that bit the sum lies:
     * the sum becomes the larger term, or one unit less than it, plus the sticky bit, which rounds
     * exactly as the full sum would, without aligning terms up to two thousand bits apart. (The
     * result may thus be sticky: round it, do not add it further; {@link #exactSum} adds exactly.)
     */
    static ExactValue add(ExactValue a, ExactValue b, boolean zeroNegative) {
        if (a.sticky || b.sticky) {
            throw new IllegalArgumentException("sums of sticky values are not exact");
        }
        if (!a.isZero() && !b.isZero()) {
            ExactValue larger = a.top() >= b.top() ? a : b;
            ExactValue smaller = larger == a ? b : a;
            int guard = Math.max(0, KEPT_BITS - larger.significand.bitLength());
            int unit = larger.exponent - guard;
            if (smaller.top() < unit) {
                BigInteger kept = larger.significand.shiftLeft(guard);
                return new ExactValue(larger.negative,
                        larger.negative == smaller.negative ? kept : kept.subtract(BigInteger.ONE), unit, true);
            }
        }
        return exactSum(a, b, zeroNegative);
    }

    /** The exact sum of two values (neither sticky); a zero sum takes {@code zeroNegative} as its sign. */
    static ExactValue exactSum(ExactValue a, ExactValue b, boolean zeroNegative) {
        if (a.sticky || b.sticky) {
            throw new IllegalArgumentException("sums of sticky values are not exact");
        }
        if (a.isZero()) {
            return b.isZero() ? new ExactValue(zeroNegative, BigInteger.ZERO, 0, false) : b;
        }
        if (b.isZero()) {
            return a;
        }
        int e = Math.min(a.exponent, b.exponent);
        BigInteger sum = a.signed().shiftLeft(a.exponent - e).add(b.signed().shiftLeft(b.exponent - e));
        if (sum.signum() == 0) {
            return new ExactValue(zeroNegative, BigInteger.ZERO, 0, false);
        }
        return new ExactValue(sum.signum() < 0, sum.abs(), e, false);
    }

    static ExactValue multiply(ExactValue a, ExactValue b) {
        return new ExactValue(a.negative ^ b.negative, a.significand.multiply(b.significand),
                a.exponent + b.exponent, false);
    }

    /** a / b (b nonzero) with at least {@code bits} significant quotient bits and a sticky remainder. */
    static ExactValue divide(ExactValue a, ExactValue b, int bits) {
        int shift = Math.max(0, bits + 2 + b.significand.bitLength() - a.significand.bitLength());
        BigInteger[] qr = a.significand.shiftLeft(shift).divideAndRemainder(b.significand);
        return new ExactValue(a.negative ^ b.negative, qr[0], a.exponent - shift - b.exponent, qr[1].signum() != 0);
    }

    /** Square root of a non-negative value with at least {@code bits} significant bits. */
    static ExactValue sqrt(ExactValue a, int bits) {
        int shift = Math.max(0, 2 * (bits + 2) - a.significand.bitLength());
        if (((a.exponent - shift) & 1) != 0) {
            shift++;
        }
        BigInteger scaled = a.significand.shiftLeft(shift);
        BigInteger root = scaled.sqrt();
        boolean inexact = !root.multiply(root).equals(scaled);
        return new ExactValue(false, root, (a.exponent - shift) / 2, inexact);
    }

    /**
     * Rounds to {@code format} under rounding mode {@code rm} (0..4); returns the result bits and adds
     * NX/UF/OF to {@code flags[0]}. Tininess is detected after rounding, as RISC-V requires.
     */
    long round(FloatFormat format, int rm, int[] flags) {
        if (isZero()) {
            return format.zero(negative);
        }
        int p = format.precision;
        int e = exponent;
        BigInteger m = significand;
        boolean st = sticky;
        if (st && m.bitLength() < p + 2) {
            // Give the sticky bit room below the round bit.
            int pad = p + 2 - m.bitLength();
            m = m.shiftLeft(pad);
            e -= pad;
        }
        int topExponent = e + m.bitLength() - 1;
        int minLsb = format.minExponent - p + 1;
        int lsb = Math.max(topExponent - p + 1, minLsb);
        BigInteger q = roundAt(m, e, st, lsb, rm);
        boolean inexact = st || lsb > e && m.getLowestSetBit() < lsb - e;
        if (q.bitLength() > p) {
            q = q.shiftRight(1);
            lsb++;
        }
        int flagBits = 0;
        if (inexact) {
            flagBits |= FloatingPoint.NX;
            if (topExponent < format.minExponent) {
                // Tiny if rounding with an unbounded exponent still leaves it below the normal range.
                BigInteger unbounded = roundAt(m, e, st, topExponent - p + 1, rm);
                int roundedTop = topExponent + (unbounded.bitLength() > p ? 1 : 0);
                if (roundedTop < format.minExponent) {
                    flagBits |= FloatingPoint.UF;
                }
            }
        }
        long bits;
        if (q.signum() == 0) {
            bits = format.zero(negative);
        } else if (lsb + q.bitLength() - 1 > format.maxExponent) {
            flagBits |= FloatingPoint.OF | FloatingPoint.NX;
            boolean toInfinity = switch (rm) {
                case FloatingPoint.RTZ -> false;
                case FloatingPoint.RDN -> negative;
                case FloatingPoint.RUP -> !negative;
                default -> true;
            };
            bits = toInfinity ? format.infinity(negative) : format.maxFinite(negative);
        } else if (q.bitLength() == p) {
            long biased = lsb + p - 1 + format.bias();
            bits = (biased << (p - 1)) | (q.longValue() & ((1L << (p - 1)) - 1));
            bits |= negative ? format.signBit() : 0;
        } else {
            bits = q.longValue() | (negative ? format.signBit() : 0);
        }
        flags[0] |= flagBits;
        return bits;
    }

    /** The significand m * 2^e rounded to a multiple of 2^lsb, in units of 2^lsb. */
    private BigInteger roundAt(BigInteger m, int e, boolean st, int lsb, int rm) {
        int shift = lsb - e;
        if (shift <= 0) {
            BigInteger q = m.shiftLeft(-shift);
            boolean up = st && (rm == FloatingPoint.RUP && !negative || rm == FloatingPoint.RDN && negative);
            return up ? q.add(BigInteger.ONE) : q;
        }
        BigInteger q = m.shiftRight(shift);
        BigInteger rest = m.subtract(q.shiftLeft(shift));
        BigInteger half = BigInteger.ONE.shiftLeft(shift - 1);
        int cmp = rest.compareTo(half);
        boolean inexact = rest.signum() != 0 || st;
        boolean up = switch (rm) {
            case FloatingPoint.RNE -> cmp > 0 || cmp == 0 && (st || q.testBit(0));
            case FloatingPoint.RTZ -> false;
            case FloatingPoint.RDN -> inexact && negative;
            case FloatingPoint.RUP -> inexact && !negative;
            case FloatingPoint.RMM -> cmp >= 0;
            default -> throw new IllegalArgumentException("rounding mode " + rm);
        };
        return up ? q.add(BigInteger.ONE) : q;
    }
}
