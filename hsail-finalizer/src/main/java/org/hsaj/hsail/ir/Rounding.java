package org.hsaj.hsail.ir;

import java.util.Locale;

/**
 * Rounding modifiers (PRM 4.19.2, 5.19.4): the float modes and the integer modes of {@code cvt},
 * with their saturating and signalling variants. {@link #DEFAULT} is the absence of a modifier: the
 * module's default float rounding for float results, the instruction's defined behaviour otherwise.
 */
public enum Rounding {
    DEFAULT, UP, DOWN, ZERO, NEAR,
    UPI, DOWNI, ZEROI, NEARI, UPI_SAT, DOWNI_SAT, ZEROI_SAT, NEARI_SAT,
    SUPI, SDOWNI, SZEROI, SNEARI, SUPI_SAT, SDOWNI_SAT, SZEROI_SAT, SNEARI_SAT;

    /** The modifier's spelling without the leading underscore ({@code "upi_sat"}); empty for DEFAULT. */
    public String hsailName() {
        return this == DEFAULT ? "" : name().toLowerCase(Locale.ROOT);
    }

    public boolean isFloatRounding() {
        return this == UP || this == DOWN || this == ZERO || this == NEAR;
    }

    /** Integer rounding of a float source ({@code _upi}, {@code _sneari_sat}, ...). */
    public boolean isIntegerRounding() {
        return ordinal() >= UPI.ordinal();
    }

    /** Integer rounding that clamps out-of-range values instead of leaving them undefined. */
    public boolean isSaturating() {
        return name().endsWith("_SAT");
    }

    /** Signalling integer rounding (raises invalid on NaN/out of range in the spec's exception model). */
    public boolean isSignalling() {
        return isIntegerRounding() && name().startsWith("S");
    }

    /** The direction of rounding, with saturation and signalling stripped ({@code SUPI_SAT -> UP}). */
    public Rounding direction() {
        String n = name().replace("_SAT", "");
        if (isSignalling()) {
            n = n.substring(1);
        }
        if (n.endsWith("I") && isIntegerRounding()) {
            n = n.substring(0, n.length() - 1);
        }
        return valueOf(n);
    }

    /** The modifier spelled {@code name} (without underscore), or null. */
    public static Rounding fromHsailName(String name) {
        for (Rounding r : values()) {
            if (r != DEFAULT && r.hsailName().equals(name)) {
                return r;
            }
        }
        return null;
    }
}
