package org.hsaj.hsail.ir;

import java.util.Locale;

/**
 * Packing controls of instructions on packed types (PRM 4.14): which elements of each source are
 * used and whether results saturate. {@link #NONE} for non-packed instructions.
 */
public enum Packing {
    NONE, PP, PS, SP, SS, S, P, PP_SAT, PS_SAT, SP_SAT, SS_SAT, S_SAT, P_SAT;

    public String hsailName() {
        return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
    }

    public boolean isSaturating() {
        return name().endsWith("_SAT");
    }

    /** True when source {@code index} (0 or 1) is broadcast from its lowest element ('s'). */
    public boolean isScalarSource(int index) {
        String n = name().replace("_SAT", "");
        return index < n.length() && n.charAt(index) == 'S';
    }

    /** True when only the lowest element of the destination is written (s, ss). */
    public boolean writesLowestElementOnly() {
        String n = name().replace("_SAT", "");
        return n.equals("S") || n.equals("SS");
    }

    /** Number of sources the control describes: 1 for p/s, 2 for pp/ps/sp/ss, 0 for NONE. */
    public int sourceCount() {
        return this == NONE ? 0 : name().replace("_SAT", "").length();
    }

    public static Packing fromHsailName(String name) {
        for (Packing p : values()) {
            if (p != NONE && p.hsailName().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
