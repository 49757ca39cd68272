package org.hsaj.hsail.ir;

/**
 * IEEE half precision (f16) values as the IR stores them: 16 bits in the low bits of a long. Front
 * ends use it to encode constants, back ends to compute with them.
 */
public final class Float16 {
    private Float16() {
    }

    /**
     * {@code d} rounded to the nearest f16 (ties to even), as its 16 bits. Goes through float with
     * round-to-odd, which float's wider significand makes exact for half.
     */
    public static long fromDouble(double d) {
        float f = (float) d;
        if (!Float.isInfinite(f) && !Double.isNaN(d) && (double) f != d
                && (Float.floatToRawIntBits(f) & 1) == 0) {
            f = d > f ? Math.nextUp(f) : Math.nextDown(f);
        }
        return Float.floatToFloat16(f) & 0xffffL;
    }

    /** The f16 whose bits are the low 16 bits of {@code bits}, as a double (exact). */
    public static double toDouble(long bits) {
        return Float.float16ToFloat((short) bits);
    }
}
