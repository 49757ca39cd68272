package org.hsaj.hsail.ir;

/**
 * HSAIL memory segments. {@link #FLAT} is the absence of a segment modifier on a memory instruction:
 * the address is a flat (global virtual) address.
 */
public enum Segment {
    FLAT, GLOBAL, READONLY, KERNARG, GROUP, PRIVATE, SPILL, ARG;

    /** The segment's spelling in HSAIL ({@code "global"}, ...); empty for {@link #FLAT}. */
    public String hsailName() {
        return this == FLAT ? "" : name().toLowerCase(java.util.Locale.ROOT);
    }

    /** True for the segments whose variables live in per-work-item memory. */
    public boolean isPerWorkItem() {
        return this == PRIVATE || this == SPILL || this == ARG;
    }
}
