package org.hsaj.hsail.ir;

import java.util.Locale;

/**
 * Comparison operators of {@code cmp} (PRM 5.18). The {@code u} forms are also true when either
 * operand is NaN; the {@code s} forms are the signalling versions (same result, they raise invalid
 * operation on any NaN). For integer types only eq, ne, lt, le, gt, ge are allowed.
 */
public enum CompareOperation {
    EQ, NE, LT, LE, GT, GE, EQU, NEU, LTU, LEU, GTU, GEU, NUM, NAN,
    SEQ, SNE, SLT, SLE, SGT, SGE, SEQU, SNEU, SLTU, SLEU, SGTU, SGEU, SNUM, SNAN;

    public String hsailName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isSignalling() {
        return ordinal() >= SEQ.ordinal();
    }

    /** The quiet form of a signalling comparison (SLTU -> LTU); itself for quiet ones. */
    public CompareOperation quiet() {
        return isSignalling() ? valueOf(name().substring(1)) : this;
    }

    /** True for eq, ne, lt, le, gt, ge: the operators allowed on integer and bit types. */
    public boolean isOrdinary() {
        return ordinal() <= GE.ordinal();
    }

    public static CompareOperation fromHsailName(String name) {
        for (CompareOperation c : values()) {
            if (c.hsailName().equals(name)) {
                return c;
            }
        }
        return null;
    }
}
