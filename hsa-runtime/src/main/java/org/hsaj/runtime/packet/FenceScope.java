package org.hsaj.runtime.packet;

/** {@code hsa_fence_scope_t}: the scope of a packet's acquire or release fence. */
public enum FenceScope {
    NONE(0), AGENT(1), SYSTEM(2);

    private final int value;

    FenceScope(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The scope with this value, or null for the reserved value 3. */
    public static FenceScope fromValue(int value) {
        return switch (value) {
            case 0 -> NONE;
            case 1 -> AGENT;
            case 2 -> SYSTEM;
            default -> null;
        };
    }
}
