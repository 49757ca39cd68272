package org.hsaj.runtime.memory;

/** {@code hsa_region_segment_t}: the segment a memory region belongs to. */
public enum RegionSegment {
    GLOBAL(0), READONLY(1), PRIVATE(2), GROUP(3);

    private final int value;

    RegionSegment(int value) {
        this.value = value;
    }

    /** The value of this segment in {@code hsa_region_segment_t}. */
    public int value() {
        return value;
    }
}
