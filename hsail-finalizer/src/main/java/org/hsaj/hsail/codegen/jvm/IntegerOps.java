package org.hsaj.hsail.codegen.jvm;

/**
 * HSAIL integer, bit-string and multimedia operations (PRM 5.2 to 5.7, 5.15) that take more than a
 * JVM instruction or two. Static, pure and small, so the JIT inlines them into the kernel's loop.
 *
 * <p>Where the PRM leaves a result undefined, this back end defines it as the reference interpreter
 * does (and RISC-V): division by zero gives all ones, remainder by zero gives the dividend;
 * {@code MIN / -1} wraps to {@code MIN} and {@code MIN rem -1} is 0.
 */
final class IntegerOps {
    private IntegerOps() {
    }

    static int divS32(int a, int b) {
        return b == 0 ? -1 : b == -1 ? -a : a / b;
    }

    static int divU32(int a, int b) {
        return b == 0 ? -1 : Integer.divideUnsigned(a, b);
    }

    static long divS64(long a, long b) {
        return b == 0 ? -1 : b == -1 ? -a : a / b;
    }

    static long divU64(long a, long b) {
        return b == 0 ? -1 : Long.divideUnsigned(a, b);
    }

    static int remS32(int a, int b) {
        return b == 0 ? a : b == -1 ? 0 : a % b;
    }

    static int remU32(int a, int b) {
        return b == 0 ? a : Integer.remainderUnsigned(a, b);
    }

    static long remS64(long a, long b) {
        return b == 0 ? a : b == -1 ? 0 : a % b;
    }

    static long remU64(long a, long b) {
        return b == 0 ? a : Long.remainderUnsigned(a, b);
    }

    static int minU32(int a, int b) {
        return Integer.compareUnsigned(a, b) <= 0 ? a : b;
    }

    static int maxU32(int a, int b) {
        return Integer.compareUnsigned(a, b) >= 0 ? a : b;
    }

    static long minU64(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    static long maxU64(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    static int mulhiS32(int a, int b) {
        return (int) (((long) a * b) >> 32);
    }

    static int mulhiU32(int a, int b) {
        return (int) (((a & 0xffffffffL) * (b & 0xffffffffL)) >>> 32);
    }

    static int carryU32(int a, int b) {
        return (int) (((a & 0xffffffffL) + (b & 0xffffffffL)) >>> 32);
    }

    static long carryU64(long a, long b) {
        return Long.compareUnsigned(a + b, a) < 0 ? 1 : 0;
    }

    static int borrowU32(int a, int b) {
        return Integer.compareUnsigned(a, b) < 0 ? 1 : 0;
    }

    static long borrowU64(long a, long b) {
        return Long.compareUnsigned(a, b) < 0 ? 1 : 0;
    }

    static int mul24S(int a, int b) {
        return ((a << 8) >> 8) * ((b << 8) >> 8);
    }

    static int mul24U(int a, int b) {
        return (a & 0xffffff) * (b & 0xffffff);
    }

    /** Bits 47..32 of the 48-bit product, sign-extended. */
    static int mul24hiS(int a, int b) {
        return (int) (((long) ((a << 8) >> 8) * ((b << 8) >> 8)) >> 32);
    }

    /** Bits 47..32 of the 48-bit product, zero-extended. */
    static int mul24hiU(int a, int b) {
        return (int) (((long) (a & 0xffffff) * (b & 0xffffff)) >>> 32);
    }

    // ---- bit strings (PRM 5.7) ---------------------------------------------------------------------

    // The 32-bit forms shift in 64 bits, which gives the same result in the defined range (offset +
    // width <= 32) and the interpreter's result beyond it.
    static int bitextractS32(int v, int offset, int width) {
        int o = offset & 31;
        int w = width & 31;
        if (w == 0) {
            return 0;
        }
        return (int) (((v & 0xffffffffL) << (64 - w - o)) >> (64 - w));
    }

    static int bitextractU32(int v, int offset, int width) {
        int o = offset & 31;
        int w = width & 31;
        if (w == 0) {
            return 0;
        }
        return (int) (((v & 0xffffffffL) << (64 - w - o)) >>> (64 - w));
    }

    static long bitextractS64(long v, int offset, int width) {
        int o = offset & 63;
        int w = width & 63;
        if (w == 0) {
            return 0;
        }
        return (v << (64 - w - o)) >> (64 - w);
    }

    static long bitextractU64(long v, int offset, int width) {
        int o = offset & 63;
        int w = width & 63;
        if (w == 0) {
            return 0;
        }
        return (v << (64 - w - o)) >>> (64 - w);
    }

    static int bitinsert32(int base, int insert, int offset, int width) {
        int o = offset & 31;
        int mask = (1 << (width & 31)) - 1;
        return (base & ~(mask << o)) | ((insert & mask) << o);
    }

    static long bitinsert64(long base, long insert, int offset, int width) {
        int o = offset & 63;
        long mask = (1L << (width & 63)) - 1;
        return (base & ~(mask << o)) | ((insert & mask) << o);
    }

    static int bitmask32(int offset, int width) {
        return ((1 << (width & 31)) - 1) << (offset & 31);
    }

    static long bitmask64(int offset, int width) {
        return ((1L << (width & 63)) - 1) << (offset & 63);
    }

    static int bitselect32(int mask, int a, int b) {
        return (a & mask) | (b & ~mask);
    }

    static long bitselect64(long mask, long a, long b) {
        return (a & mask) | (b & ~mask);
    }

    static int firstbitU32(int v) {
        return v == 0 ? -1 : Integer.numberOfLeadingZeros(v);
    }

    static int firstbitS32(int v) {
        return firstbitU32(v >= 0 ? v : ~v);
    }

    static int firstbitU64(long v) {
        return v == 0 ? -1 : Long.numberOfLeadingZeros(v);
    }

    static int firstbitS64(long v) {
        return firstbitU64(v >= 0 ? v : ~v);
    }

    static int lastbit32(int v) {
        return v == 0 ? -1 : Integer.numberOfTrailingZeros(v);
    }

    static int lastbit64(long v) {
        return v == 0 ? -1 : Long.numberOfTrailingZeros(v);
    }

    // ---- multimedia (PRM 5.15) --------------------------------------------------------------------

    static int bitalign(int lo, int hi, int shift) {
        long value = ((long) hi << 32) | (lo & 0xffffffffL);
        return (int) (value >>> (shift & 31));
    }

    static int bytealign(int lo, int hi, int shift) {
        long value = ((long) hi << 32) | (lo & 0xffffffffL);
        return (int) (value >>> ((shift & 3) * 8));
    }

    static int lerp(int a, int b, int c) {
        int out = 0;
        for (int i = 0; i < 32; i += 8) {
            int e = (((a >>> i) & 0xff) + ((b >>> i) & 0xff) + ((c >>> i) & 1)) >>> 1;
            out |= (e & 0xff) << i;
        }
        return out;
    }

    static int sadU32(int a, int b, int c) {
        return absDiff(a & 0xffffffffL, b & 0xffffffffL) + c;
    }

    static int sadU16x2(int a, int b, int c) {
        int sum = c;
        for (int i = 0; i < 32; i += 16) {
            sum += absDiff((a >>> i) & 0xffff, (b >>> i) & 0xffff);
        }
        return sum;
    }

    static int sadU8x4(int a, int b, int c) {
        int sum = c;
        for (int i = 0; i < 32; i += 8) {
            sum += absDiff((a >>> i) & 0xff, (b >>> i) & 0xff);
        }
        return sum;
    }

    static int sadhiU8x4(int a, int b, int c) {
        int sum = 0;
        for (int i = 0; i < 32; i += 8) {
            sum += absDiff((a >>> i) & 0xff, (b >>> i) & 0xff);
        }
        return (sum << 16) + c;
    }

    /** packcvt: four f32 values, each rounded to nearest even and clamped to 0..255, packed as u8x4. */
    static int packcvt(int a, int b, int c, int d) {
        int[] v = {a, b, c, d};
        int out = 0;
        for (int i = 0; i < 4; i++) {
            long e = Conversions.floatToInt(Float.intBitsToFloat(v[i]), Conversions.NEARI, 8, false);
            out |= (int) e << (8 * i);
        }
        return out;
    }

    /** unpackcvt: byte {@code index} of a u8x4 as an f32. */
    static int unpackcvt(int packed, int index) {
        return Float.floatToRawIntBits((packed >>> (8 * (index & 3))) & 0xff);
    }

    private static int absDiff(long a, long b) {
        return (int) (a < b ? b - a : a - b);
    }
}
