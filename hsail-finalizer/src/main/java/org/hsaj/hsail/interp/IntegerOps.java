package org.hsaj.hsail.interp;

import java.math.BigInteger;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Opcode;

/**
 * HSAIL integer operations on raw bits ({@code long}, the type's low bits significant) for signed and
 * unsigned types of 8 to 64 bits (8 and 16 as packed elements).
 *
 * <p>Division by zero: the PRM leaves the result of {@code div} and {@code rem} with a zero divisor
 * undefined (an implementation may raise the DIVIDE_BY_ZERO exception). This platform defines it, as
 * RISC-V does: the quotient is all ones (-1 signed, the maximum unsigned) and the remainder is the
 * dividend. The most negative value divided by -1 gives itself, remainder 0 (two's complement wrap).
 * {@link #DIVIDE_BY_ZERO} is reported to the caller so the exception can be detected or break.
 */
final class IntegerOps {
    /** Exception bit of integer division by zero (PRM 12.2: DIVIDE_BY_ZERO). */
    static final int DIVIDE_BY_ZERO = 0x2;

    private IntegerOps() {
    }

    /** Low {@code n} bits of {@code v}. */
    static long chop(long v, int n) {
        return n >= 64 ? v : v & ((1L << n) - 1);
    }

    /** {@code v}'s low {@code n} bits, sign-extended. */
    static long sext(long v, int n) {
        return n >= 64 ? v : (v << (64 - n)) >> (64 - n);
    }

    /** The value of bits {@code v} of integer type {@code t} as a long (sign- or zero-extended). */
    static long value(long v, DataType t) {
        return t.isSigned() ? sext(v, t.bits()) : chop(v, t.bits());
    }

    private static BigInteger big(long v, DataType t) {
        return t.isSigned() || t.bits() < 64 ? BigInteger.valueOf(value(v, t))
                : new BigInteger(Long.toUnsignedString(v));
    }

    /** Clamps {@code exact} to the range of {@code t} and returns its bits. */
    static long saturate(BigInteger exact, DataType t) {
        int n = t.bits();
        BigInteger min = t.isSigned() ? BigInteger.ONE.shiftLeft(n - 1).negate() : BigInteger.ZERO;
        BigInteger max = t.isSigned() ? BigInteger.ONE.shiftLeft(n - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(n).subtract(BigInteger.ONE);
        BigInteger c = exact.max(min).min(max);
        return chop(c.longValue(), n);
    }

    /**
     * A two-source operation ({@code add sub mul mulhi div rem max min borrow carry mul24 mul24hi shl shr
     * and or xor}) on type {@code t}. {@code exceptions[0]} receives exception bits.
     */
    static long binary(Opcode op, DataType t, long a, long b, boolean saturate, int[] exceptions) {
        int n = t.bits();
        boolean signed = t.isSigned();
        long x = value(a, t);
        long y = value(b, t);
        if (saturate) {
            BigInteger bx = big(a, t);
            BigInteger by = big(b, t);
            BigInteger r = switch (op) {
                case ADD -> bx.add(by);
                case SUB -> bx.subtract(by);
                case MUL -> bx.multiply(by);
                default -> throw new IllegalArgumentException("no saturating " + op);
            };
            return saturate(r, t);
        }
        long r = switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case MULHI -> n == 64 ? (signed ? Math.multiplyHigh(x, y) : Math.unsignedMultiplyHigh(x, y))
                    : (x * y) >> n;
            case DIV, REM -> {
                if (y == 0) {
                    exceptions[0] |= DIVIDE_BY_ZERO;
                    yield op == Opcode.DIV ? -1 : x;
                }
                if (signed) {
                    yield op == Opcode.DIV ? x / y : x % y;
                }
                yield op == Opcode.DIV ? Long.divideUnsigned(x, y) : Long.remainderUnsigned(x, y);
            }
            case MAX -> signed ? Math.max(x, y) : (Long.compareUnsigned(x, y) >= 0 ? x : y);
            case MIN -> signed ? Math.min(x, y) : (Long.compareUnsigned(x, y) <= 0 ? x : y);
            case BORROW -> Long.compareUnsigned(chop(a, n), chop(b, n)) < 0 ? 1 : 0;
            case CARRY -> {
                long ua = chop(a, n);
                long ub = chop(b, n);
                yield n == 64 ? (Long.compareUnsigned(ua + ub, ua) < 0 ? 1 : 0) : ((ua + ub) >>> n) & 1;
            }
            case MUL24 -> mul24(a, b, signed);
            case MUL24HI -> (mul24(a, b, signed) >> 32);
            case SHL -> x << (b & (n - 1));
            case SHR -> signed ? x >> (b & (n - 1)) : chop(a, n) >>> (b & (n - 1));
            case AND -> a & b;
            case OR -> a | b;
            case XOR -> a ^ b;
            default -> throw new IllegalArgumentException("not a binary integer operation: " + op);
        };
        return chop(r, n);
    }

    /** The 48-bit product of the low 24 bits of each source (sign-extended for signed types). */
    private static long mul24(long a, long b, boolean signed) {
        long x = signed ? sext(a, 24) : chop(a, 24);
        long y = signed ? sext(b, 24) : chop(b, 24);
        return x * y;
    }

    /** abs, neg, not, popcount, bitrev, firstbit, lastbit with source type {@code t}. */
    static long unary(Opcode op, DataType t, long a, boolean saturate) {
        int n = t.bits();
        long x = value(a, t);
        return switch (op) {
            case ABS -> saturate ? saturate(BigInteger.valueOf(x).abs(), t) : chop(Math.abs(x), n);
            case NEG -> saturate ? saturate(BigInteger.valueOf(x).negate(), t) : chop(-x, n);
            case NOT -> chop(~a, n);
            case POPCOUNT -> Long.bitCount(chop(a, n));
            case BITREV -> chop(Long.reverse(a) >>> (64 - n), n);
            case FIRSTBIT -> {
                long u = chop(t.isSigned() && x < 0 ? ~x : x, n);
                yield u == 0 ? -1 : n - 64 + Long.numberOfLeadingZeros(u) & 0xffffffffL;
            }
            case LASTBIT -> chop(a, n) == 0 ? 0xffffffffL : Long.numberOfTrailingZeros(chop(a, n));
            default -> throw new IllegalArgumentException("not a unary integer operation: " + op);
        };
    }

    /** bitextract, as the PRM's pseudocode: shift left then right (arithmetic for signed types). */
    static long bitExtract(DataType t, long src, long offset, long width) {
        int n = t.bits();
        int off = (int) (offset & (n - 1));
        int w = (int) (width & (n - 1));
        if (w == 0) {
            return 0;
        }
        long shifted = src << (64 - w - off);
        return chop(t.isSigned() ? shifted >> (64 - w) : shifted >>> (64 - w), n);
    }

    static long bitInsert(DataType t, long dst, long src, long offset, long width) {
        int n = t.bits();
        int off = (int) (offset & (n - 1));
        int w = (int) (width & (n - 1));
        long mask = (1L << w) - 1;
        return chop((dst & ~(mask << off)) | ((src & mask) << off), n);
    }

    static long bitMask(DataType t, long offset, long width) {
        int n = t.bits();
        long mask = (1L << (width & (n - 1))) - 1;
        return chop(mask << (offset & (n - 1)), n);
    }

    /** Integer comparison for cmp (eq ne lt le gt ge) on type {@code t}. */
    static boolean compare(org.hsaj.hsail.ir.CompareOperation c, DataType t, long a, long b) {
        long x = value(a, t);
        long y = value(b, t);
        int cmp = t.isSigned() ? Long.compare(x, y) : Long.compareUnsigned(x, y);
        return switch (c.quiet()) {
            case EQ, EQU -> cmp == 0;
            case NE, NEU -> cmp != 0;
            case LT, LTU -> cmp < 0;
            case LE, LEU -> cmp <= 0;
            case GT, GTU -> cmp > 0;
            case GE, GEU -> cmp >= 0;
            case NUM -> true;
            default -> false;
        };
    }
}
