package org.hsaj.kernels;

import java.util.SplittableRandom;

/** Reproducible sample inputs: the same seed gives the same data on every run and every back end. */
public final class RandomData {
    private RandomData() {
    }

    /** {@code n} floats uniform in [{@code low}, {@code high}). */
    public static float[] floats(long seed, int n, double low, double high) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(low, high);
        }
        return v;
    }

    /** {@code n} ints uniform in [0, {@code bound}). */
    public static int[] ints(long seed, int n, int bound) {
        return new SplittableRandom(seed).ints(n, 0, bound).toArray();
    }

    /** {@code n} ints uniform over all 32-bit values. */
    public static int[] ints(long seed, int n) {
        return new SplittableRandom(seed).ints(n).toArray();
    }
}
