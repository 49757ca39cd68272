package org.hsaj.bench.kernels;

/** Problem sizes as the table prints them: 16M, 4K, 1000. */
final class Sizes {
    private Sizes() {
    }

    static String label(long n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return (n >> 20) + "M";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return (n >> 10) + "K";
        }
        return Long.toString(n);
    }
}
