package org.hsaj.runtime.api;

/** {@code hsa_region_info_t}, with its HSA values (3 is unused in HSA 1.0). */
public enum RegionInfo {
    SEGMENT(0), GLOBAL_FLAGS(1), SIZE(2), ALLOC_MAX_SIZE(4), RUNTIME_ALLOC_ALLOWED(5), RUNTIME_ALLOC_GRANULE(6),
    RUNTIME_ALLOC_ALIGNMENT(7);

    private final int value;

    RegionInfo(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }
}
