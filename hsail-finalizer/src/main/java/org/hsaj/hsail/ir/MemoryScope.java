package org.hsaj.hsail.ir;

import java.util.Locale;

/** HSAIL memory scopes (PRM 6.2.2); {@link #NONE} for instructions without one. */
public enum MemoryScope {
    NONE, WAVE, WG, AGENT, SYSTEM;

    public String hsailName() {
        return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
    }

    public static MemoryScope fromHsailName(String name) {
        for (MemoryScope s : values()) {
            if (s != NONE && s.hsailName().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
