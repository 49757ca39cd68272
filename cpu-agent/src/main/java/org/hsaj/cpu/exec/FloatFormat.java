package org.hsaj.cpu.exec;

/** The two IEEE 754 binary formats of RV64GC: their precision and exponent range. */
enum FloatFormat {
    SINGLE(24, -126, 127, 8),
    DOUBLE(53, -1022, 1023, 11);

    /** Significand bits including the implicit one. */
    final int precision;
    final int minExponent;
    final int maxExponent;
    final int exponentBits;

    FloatFormat(int precision, int minExponent, int maxExponent, int exponentBits) {
        this.precision = precision;
        this.minExponent = minExponent;
        this.maxExponent = maxExponent;
        this.exponentBits = exponentBits;
    }

    int bias() {
        return maxExponent;
    }

    int width() {
        return precision + exponentBits;
    }

    long signBit() {
        return 1L << (width() - 1);
    }

    long infinity(boolean negative) {
        long bits = ((1L << exponentBits) - 1) << (precision - 1);
        return negative ? bits | signBit() : bits;
    }

    long maxFinite(boolean negative) {
        long bits = infinity(false) - 1;
        return negative ? bits | signBit() : bits;
    }

    long zero(boolean negative) {
        return negative ? signBit() : 0;
    }
}
