package org.hsaj.kernels;

/**
 * Compares what a kernel wrote with what plain Java computed. Each method returns null when they
 * agree, else one line naming the buffer, the first differing element and how many differ.
 */
public final class Compare {
    private Compare() {
    }

    /** Every element equal. */
    public static String ints(String buffer, int[] actual, int[] expected) {
        int differ = 0;
        int first = -1;
        for (int i = 0; i < expected.length; i++) {
            if (actual[i] != expected[i]) {
                differ++;
                first = first < 0 ? i : first;
            }
        }
        return differ == 0 ? null : String.format("%s[%d] = %d, expected %d (%d of %d elements differ)", buffer,
                first, actual[first], expected[first], differ, expected.length);
    }

    /** Every element bit-for-bit equal (the kernel does the same IEEE operations in the same order). */
    public static String floats(String buffer, float[] actual, float[] expected) {
        return floats(buffer, actual, expected, 0, 0);
    }

    /**
     * Every element within {@code absolute + relative * |expected|} of the expected value (for kernels
     * that use the approximate native functions, or compute in another order).
     */
    public static String floats(String buffer, float[] actual, float[] expected, double absolute, double relative) {
        int differ = 0;
        int first = -1;
        for (int i = 0; i < expected.length; i++) {
            boolean same = absolute == 0 && relative == 0
                    ? Float.floatToIntBits(actual[i]) == Float.floatToIntBits(expected[i])
                    : Math.abs((double) actual[i] - expected[i]) <= absolute + relative * Math.abs(expected[i]);
            if (!same) {
                differ++;
                first = first < 0 ? i : first;
            }
        }
        if (differ == 0) {
            return null;
        }
        return String.format("%s[%d] = %s, expected %s%s (%d of %d elements differ)", buffer, first,
                Float.toString(actual[first]), Float.toString(expected[first]),
                absolute == 0 && relative == 0 ? "" : " within " + absolute + " + " + relative + "x", differ,
                expected.length);
    }

    /** The first mismatch of several comparisons, or null when all agree. */
    public static String all(String... mismatches) {
        for (String m : mismatches) {
            if (m != null) {
                return m;
            }
        }
        return null;
    }
}
