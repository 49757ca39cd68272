package org.hsaj.hsail.text;

/** Conversions of constants to IEEE bit patterns that the JDK does not offer directly. */
final class FloatBits {
    private FloatBits() {
    }

    /**
     * {@code d} rounded to the nearest half-precision value (ties to even), as its 16 bits. Goes
     * through float with round-to-odd, which float's wider significand makes exact for half.
     */
    static long doubleToHalf(double d) {
        float f = (float) d;
        if (!Float.isInfinite(f) && !Double.isNaN(d) && (double) f != d
                && (Float.floatToRawIntBits(f) & 1) == 0) {
            f = d > f ? Math.nextUp(f) : Math.nextDown(f);
        }
        return Float.floatToFloat16(f) & 0xffffL;
    }
}
