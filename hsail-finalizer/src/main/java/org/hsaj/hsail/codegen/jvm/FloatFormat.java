package org.hsaj.hsail.codegen.jvm;

/**
 * The three HSAIL float formats as the rounding code sees them, with one routine that rounds an exact
 * value, given as an unevaluated sum {@code hi + lo} of doubles, to the format in any IEEE rounding
 * mode. Results come back as doubles that the format represents exactly.
 */
enum FloatFormat {
    F16(10, -14, 65504.0), F32(23, -126, Float.MAX_VALUE), F64(52, -1022, Double.MAX_VALUE);

    /** Rounding modes, as the low two bits of a control word. */
    static final int NEAR = 0;
    static final int ZERO = 1;
    static final int UP = 2;
    static final int DOWN = 3;

    final int fractionBits;
    final int minExponent;
    final double maxFinite;
    final double minNormal;

    FloatFormat(int fractionBits, int minExponent, double maxFinite) {
        this.fractionBits = fractionBits;
        this.minExponent = minExponent;
        this.maxFinite = maxFinite;
        this.minNormal = Math.scalb(1.0, minExponent);
    }

    /**
     * Rounds {@code hi + lo} to this format. {@code lo} must be small against {@code hi} (below half an
     * ulp of a double at {@code hi}), as an error-free transformation gives it; only its sign matters
     * unless {@code hi} lies exactly half-way. Not for {@link #F64} (use {@link #directed}).
     */
    double round(double hi, double lo, int mode) {
        if (Double.isNaN(hi) || Double.isInfinite(hi) || (hi == 0 && lo == 0)) {
            return hi;
        }
        if (hi == 0) {
            hi = lo;
            lo = 0;
        }
        boolean negative = hi < 0;
        double a = Math.abs(hi);
        double l = negative ? -lo : lo;
        int e = Math.getExponent(a);
        if (l < 0 && a == Math.scalb(1.0, e)) {
            e -= 1;
        }
        int ulpExponent = Math.max(e, minExponent) - fractionBits;
        double scaled = Math.scalb(a, -ulpExponent);
        double floor = Math.floor(scaled);
        double frac = scaled - floor;
        double sticky = Math.scalb(l, -ulpExponent);
        if (frac == 0 && sticky < 0) {
            floor -= 1;
            frac = 1;
        }
        boolean exact = frac == 0 && sticky == 0;
        int againstHalf = frac > 0.5 ? 1 : frac < 0.5 ? -1 : sticky > 0 ? 1 : sticky < 0 ? -1 : 0;
        double n = switch (mode) {
            case NEAR -> againstHalf > 0 || (againstHalf == 0 && floor % 2 != 0) ? floor + 1 : floor;
            case ZERO -> floor;
            case UP -> negative || exact ? floor : floor + 1;
            default -> negative && !exact ? floor + 1 : floor;
        };
        double r = Math.scalb(n, ulpExponent);
        if (r > maxFinite) {
            boolean toInfinity = mode == NEAR || (mode == UP && !negative) || (mode == DOWN && negative);
            r = toInfinity ? Double.POSITIVE_INFINITY : maxFinite;
        }
        return negative ? -r : r;
    }

    /**
     * The correctly rounded result in a directed mode, from the round-to-nearest result {@code r} and
     * the sign of (exact - r). Works for every format as long as {@code r} is adjacent to the exact value.
     */
    double directed(double r, int errorSign, int mode) {
        if (errorSign == 0 || mode == NEAR || Double.isNaN(r)) {
            return r;
        }
        boolean up = switch (mode) {
            case UP -> errorSign > 0;
            case DOWN -> false;
            default -> r < 0 && errorSign > 0;
        };
        boolean down = switch (mode) {
            case DOWN -> errorSign < 0;
            case UP -> false;
            default -> r > 0 && errorSign < 0;
        };
        if (up) {
            return next(r, true);
        }
        if (down) {
            return next(r, false);
        }
        return r;
    }

    /** The neighbour of {@code r} in this format, upwards or downwards. */
    double next(double r, boolean upwards) {
        return switch (this) {
            case F64 -> upwards ? Math.nextUp(r) : Math.nextDown(r);
            case F32 -> upwards ? Math.nextUp((float) r) : Math.nextDown((float) r);
            case F16 -> {
                short h = Float.floatToFloat16((float) r);
                int bits = h & 0xffff;
                if (Double.isInfinite(r)) {
                    yield r > 0 == upwards ? r : Math.copySign(maxFinite, r);
                }
                if (r == 0) {
                    yield upwards ? Float.float16ToFloat((short) 1) : -Float.float16ToFloat((short) 1);
                }
                boolean away = (r > 0) == upwards;
                int nb = away ? bits + 1 : bits - 1;
                yield Float.float16ToFloat((short) nb);
            }
        };
    }

    /** Flushes a subnormal to a zero of the same sign. */
    double flush(double v) {
        return v != 0 && Math.abs(v) < minNormal ? Math.copySign(0.0, v) : v;
    }
}
