package org.hsaj.hsail.ir;

import java.util.Locale;

/**
 * HSAIL memory orders (PRM 6.2.1): {@code rlx}, {@code scacq}, {@code screl}, {@code scar}.
 * {@link #NONE} for instructions without one (ordinary loads and stores).
 */
public enum MemoryOrder {
    NONE, RLX, SCACQ, SCREL, SCAR;

    public String hsailName() {
        return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
    }

    public static MemoryOrder fromHsailName(String name) {
        for (MemoryOrder o : values()) {
            if (o != NONE && o.hsailName().equals(name)) {
                return o;
            }
        }
        return null;
    }
}
