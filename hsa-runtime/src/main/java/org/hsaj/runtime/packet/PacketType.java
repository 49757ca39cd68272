package org.hsaj.runtime.packet;

/** {@code hsa_packet_type_t}: bits 0-7 of an AQL packet header. */
public enum PacketType {
    VENDOR_SPECIFIC(0), INVALID(1), KERNEL_DISPATCH(2), BARRIER_AND(3), AGENT_DISPATCH(4), BARRIER_OR(5);

    private final int value;

    PacketType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The type with this value, or null for a value HSA does not define. */
    public static PacketType fromValue(int value) {
        for (PacketType t : values()) {
            if (t.value == value) {
                return t;
            }
        }
        return null;
    }
}
