package org.hsaj.hsail.codegen.jvm;

import java.math.BigInteger;

/**
 * Operations on packed data (PRM 4.14, 5.2, 5.5, 5.9, 5.10, 5.11, 5.13, 5.18), one 64-bit chunk at a
 * time: a 32- or 64-bit packed register is one chunk, a 128-bit one two (the generator calls once for
 * each half and passes the low half again for a broadcast source, since element 0 lives there).
 *
 * <p>An element is described by an int {@code elem}: bits 0-7 its width in bits, {@link #SIGNED},
 * {@link #FLOAT}. Packing controls arrive as {@link #BROADCAST_A} and {@link #BROADCAST_B} (an
 * {@code s} in that source position) and {@link #LOWEST_ONLY} (only element 0 of the destination is
 * written; the rest keeps {@code dest}). Float elements use {@link FloatOps} with its control word.
 */
final class PackedOps {
    static final int SIGNED = 1 << 8;
    static final int FLOAT = 1 << 9;
    static final int BROADCAST_A = 1;
    static final int BROADCAST_B = 2;
    static final int LOWEST_ONLY = 4;
    static final int SATURATE = 8;

    static final int ADD = 0;
    static final int SUB = 1;
    static final int MUL = 2;
    static final int MULHI = 3;
    static final int MIN = 4;
    static final int MAX = 5;
    static final int DIV = 6;
    static final int COPYSIGN = 7;
    static final int SHL = 8;
    static final int SHR = 9;
    static final int ABS = 10;
    static final int NEG = 11;
    static final int SQRT = 12;
    static final int CEIL = 13;
    static final int FLOOR = 14;
    static final int RINT = 15;
    static final int TRUNC = 16;
    static final int FRACT = 17;

    private PackedOps() {
    }

    private static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /** Element {@code i} of a chunk, sign-extended for signed integer elements, else zero-extended. */
    static long element(long chunk, int i, int elem) {
        int bits = elem & 0xff;
        long v = (chunk >>> (i * bits)) & mask(bits);
        if ((elem & SIGNED) != 0 && bits < 64) {
            v = (v << (64 - bits)) >> (64 - bits);
        }
        return v;
    }

    static long insert(long chunk, int i, int bits, long v) {
        long m = mask(bits) << (i * bits);
        return (chunk & ~m) | ((v << (i * bits)) & m);
    }

    /** A two-source element-wise operation over one chunk of {@code count} elements. */
    static long binary(int op, long a, long b, long dest, int elem, int count, int control, int ctl) {
        long out = dest;
        int n = (control & LOWEST_ONLY) != 0 ? 1 : count;
        int bits = elem & 0xff;
        for (int i = 0; i < n; i++) {
            long x = element(a, (control & BROADCAST_A) != 0 ? 0 : i, elem);
            long y = element(b, (control & BROADCAST_B) != 0 ? 0 : i, elem);
            long r = (elem & FLOAT) != 0 ? floatBinary(op, x, y, bits, ctl) : intBinary(op, x, y, elem, control);
            out = insert(out, i, bits, r);
        }
        return out;
    }

    /** A one-source element-wise operation; control p (all elements) or s (element 0 only). */
    static long unary(int op, long a, long dest, int elem, int count, int control, int ctl) {
        long out = dest;
        int n = (control & LOWEST_ONLY) != 0 ? 1 : count;
        int bits = elem & 0xff;
        for (int i = 0; i < n; i++) {
            long x = element(a, i, elem);
            long r = (elem & FLOAT) != 0 ? floatUnary(op, x, bits, ctl) : intUnary(op, x, elem, control);
            out = insert(out, i, bits, r);
        }
        return out;
    }

    /** shl/shr: every element shifted by the same amount, taken modulo the element width. */
    static long shift(boolean left, long a, int amount, int elem, int count) {
        int bits = elem & 0xff;
        int s = amount & (bits - 1);
        long out = 0;
        for (int i = 0; i < count; i++) {
            long x = element(a, i, elem);
            long r = left ? x << s : (elem & SIGNED) != 0 ? x >> s : x >>> s;
            out = insert(out, i, bits, r);
        }
        return out;
    }

    /** Packed cmp: each destination element all ones when the comparison holds, else zero. */
    static long compare(long a, long b, int elem, int count, int op, int ctl) {
        int bits = elem & 0xff;
        long out = 0;
        for (int i = 0; i < count; i++) {
            long x = element(a, i, elem);
            long y = element(b, i, elem);
            boolean r;
            if ((elem & FLOAT) != 0) {
                r = switch (bits) {
                    case 16 -> FloatOps.cmp16((int) x, (int) y, op, ctl);
                    case 32 -> FloatOps.cmp32((int) x, (int) y, op, ctl);
                    default -> FloatOps.cmp64(x, y, op, ctl);
                } != 0;
            } else {
                int c = (elem & SIGNED) != 0 ? Long.compare(x, y) : Long.compareUnsigned(x, y);
                r = switch (op) {
                    case 0 -> c == 0;
                    case 1 -> c != 0;
                    case 2 -> c < 0;
                    case 3 -> c <= 0;
                    case 4 -> c > 0;
                    default -> c >= 0;
                };
            }
            out = insert(out, i, bits, r ? -1L : 0);
        }
        return out;
    }

    /** Packed cmov: element-wise {@code cond != 0 ? a : b}. */
    static long cmov(long cond, long a, long b, int bits, int count) {
        long out = 0;
        for (int i = 0; i < count; i++) {
            long c = element(cond, i, bits);
            out = insert(out, i, bits, c != 0 ? element(a, i, bits) : element(b, i, bits));
        }
        return out;
    }

    /** shuffle (PRM 5.9.2): the lower half of dest from src0's elements, the upper half from src1's. */
    static long shuffle(long a, long b, int selectors, int bits, int count) {
        int selBits = Integer.numberOfTrailingZeros(count);
        long out = 0;
        for (int i = 0; i < count; i++) {
            int sel = (selectors >>> (i * selBits)) & (count - 1);
            long src = i < count / 2 ? a : b;
            out = insert(out, i, bits, element(src, sel, bits));
        }
        return out;
    }

    /** unpacklo/unpackhi: interleaves the lower (or upper) halves of the two sources' elements. */
    static long interleave(long a, long b, boolean high, int bits, int count) {
        int base = high ? count / 2 : 0;
        long out = 0;
        for (int i = 0; i < count / 2; i++) {
            out = insert(out, 2 * i, bits, element(a, base + i, bits));
            out = insert(out, 2 * i + 1, bits, element(b, base + i, bits));
        }
        return out;
    }

    /**
     * pack into chunk {@code chunkIndex} (0 low, 1 high) of a packed value: replaces element
     * {@code index mod count} with {@code value} when that element lies in this chunk.
     */
    static long pack(long chunk, long value, int index, int bits, int count, int chunkIndex) {
        int i = index & (count - 1);
        int perChunk = Math.min(count, 64 / bits);
        if (i / perChunk != chunkIndex) {
            return chunk;
        }
        return insert(chunk, i % perChunk, bits, value);
    }

    /** unpack: element {@code index mod count} of a packed value held in one or two chunks. */
    static long unpack(long lo, long hi, int index, int elem, int count) {
        int bits = elem & 0xff;
        int i = index & (count - 1);
        int perChunk = Math.min(count, 64 / bits);
        return element(i < perChunk ? lo : hi, i % perChunk, elem);
    }

    // ---- element operations --------------------------------------------------------------------------

    private static long intBinary(int op, long x, long y, int elem, int control) {
        int bits = elem & 0xff;
        boolean signed = (elem & SIGNED) != 0;
        boolean sat = (control & SATURATE) != 0;
        return switch (op) {
            case ADD -> sat ? saturate(addWide(x, y, bits, signed), bits, signed) : x + y;
            case SUB -> sat ? saturate(subWide(x, y, bits, signed), bits, signed) : x - y;
            case MUL -> sat ? saturate(mulWide(x, y, bits, signed), bits, signed) : x * y;
            case MULHI -> mulhi(x, y, bits, signed);
            case MIN -> signed ? Math.min(x, y) : (Long.compareUnsigned(x, y) <= 0 ? x : y);
            case MAX -> signed ? Math.max(x, y) : (Long.compareUnsigned(x, y) >= 0 ? x : y);
            default -> throw new IllegalArgumentException("packed integer op " + op);
        };
    }

    private static long intUnary(int op, long x, int elem, int control) {
        int bits = elem & 0xff;
        boolean sat = (control & SATURATE) != 0;
        long min = bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
        return switch (op) {
            case ABS -> x == min ? (sat ? -(min + 1) : min) : Math.abs(x);
            case NEG -> x == min ? (sat ? -(min + 1) : min) : -x;
            default -> throw new IllegalArgumentException("packed integer op " + op);
        };
    }


    private static BigInteger big(long v, boolean signed) {
        BigInteger b = BigInteger.valueOf(v);
        return !signed && v < 0 ? b.add(BigInteger.ONE.shiftLeft(64)) : b;
    }

    private static BigInteger addWide(long x, long y, int bits, boolean signed) {
        return big(x, signed).add(big(y, signed));
    }

    private static BigInteger subWide(long x, long y, int bits, boolean signed) {
        return big(x, signed).subtract(big(y, signed));
    }

    private static BigInteger mulWide(long x, long y, int bits, boolean signed) {
        return big(x, signed).multiply(big(y, signed));
    }

    private static long saturate(BigInteger v, int bits, boolean signed) {
        BigInteger lo = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate()
                : BigInteger.ZERO;
        BigInteger hi = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        return v.max(lo).min(hi).longValue();
    }

    private static long mulhi(long x, long y, int bits, boolean signed) {
        if (bits == 64) {
            return signed ? Math.multiplyHigh(x, y) : Math.unsignedMultiplyHigh(x, y);
        }
        long p = x * y;
        return signed ? p >> bits : p >>> bits;
    }

    private static long floatBinary(int op, long x, long y, int bits, int ctl) {
        int ix = (int) x;
        int iy = (int) y;
        return switch (bits) {
            case 16 -> switch (op) {
                case ADD -> FloatOps.add16(ix, iy, ctl);
                case SUB -> FloatOps.sub16(ix, iy, ctl);
                case MUL -> FloatOps.mul16(ix, iy, ctl);
                case DIV -> FloatOps.div16(ix, iy, ctl);
                case MIN -> FloatOps.min16(ix, iy, ctl);
                case MAX -> FloatOps.max16(ix, iy, ctl);
                case COPYSIGN -> (ix & 0x7fff) | (iy & 0x8000);
                default -> throw new IllegalArgumentException("packed float op " + op);
            };
            case 32 -> switch (op) {
                case ADD -> FloatOps.add32(ix, iy, ctl);
                case SUB -> FloatOps.sub32(ix, iy, ctl);
                case MUL -> FloatOps.mul32(ix, iy, ctl);
                case DIV -> FloatOps.div32(ix, iy, ctl);
                case MIN -> FloatOps.min32(ix, iy, ctl);
                case MAX -> FloatOps.max32(ix, iy, ctl);
                case COPYSIGN -> (ix & 0x7fffffff) | (iy & 0x80000000);
                default -> throw new IllegalArgumentException("packed float op " + op);
            } & 0xffffffffL;
            default -> switch (op) {
                case ADD -> FloatOps.add64(x, y, ctl);
                case SUB -> FloatOps.sub64(x, y, ctl);
                case MUL -> FloatOps.mul64(x, y, ctl);
                case DIV -> FloatOps.div64(x, y, ctl);
                case MIN -> FloatOps.min64(x, y, ctl);
                case MAX -> FloatOps.max64(x, y, ctl);
                case COPYSIGN -> (x & Long.MAX_VALUE) | (y & Long.MIN_VALUE);
                default -> throw new IllegalArgumentException("packed float op " + op);
            };
        };
    }

    private static long floatUnary(int op, long x, int bits, int ctl) {
        int ix = (int) x;
        return switch (bits) {
            case 16 -> switch (op) {
                case ABS -> ix & 0x7fff;
                case NEG -> (ix ^ 0x8000) & 0xffff;
                case SQRT -> FloatOps.sqrt16(ix, ctl);
                case CEIL -> FloatOps.ceil16(ix, ctl);
                case FLOOR -> FloatOps.floor16(ix, ctl);
                case RINT -> FloatOps.rint16(ix, ctl);
                case TRUNC -> FloatOps.trunc16(ix, ctl);
                case FRACT -> FloatOps.fract16(ix, ctl);
                default -> throw new IllegalArgumentException("packed float op " + op);
            };
            case 32 -> switch (op) {
                case ABS -> ix & 0x7fffffff;
                case NEG -> ix ^ 0x80000000;
                case SQRT -> FloatOps.sqrt32(ix, ctl);
                case CEIL -> FloatOps.ceil32(ix, ctl);
                case FLOOR -> FloatOps.floor32(ix, ctl);
                case RINT -> FloatOps.rint32(ix, ctl);
                case TRUNC -> FloatOps.trunc32(ix, ctl);
                case FRACT -> FloatOps.fract32(ix, ctl);
                default -> throw new IllegalArgumentException("packed float op " + op);
            } & 0xffffffffL;
            default -> switch (op) {
                case ABS -> x & Long.MAX_VALUE;
                case NEG -> x ^ Long.MIN_VALUE;
                case SQRT -> FloatOps.sqrt64(x, ctl);
                case CEIL -> FloatOps.ceil64(x, ctl);
                case FLOOR -> FloatOps.floor64(x, ctl);
                case RINT -> FloatOps.rint64(x, ctl);
                case TRUNC -> FloatOps.trunc64(x, ctl);
                case FRACT -> FloatOps.fract64(x, ctl);
                default -> throw new IllegalArgumentException("packed float op " + op);
            };
        };
    }
}
