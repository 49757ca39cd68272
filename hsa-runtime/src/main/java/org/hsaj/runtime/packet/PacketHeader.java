package org.hsaj.runtime.packet;

/**
 * The 16-bit header that opens every AQL packet:
 * <pre>
 *  bits 0-7   type                  (PacketType)
 *  bit  8     barrier               (wait for every earlier packet of the queue to complete)
 *  bits 9-10  acquire fence scope   (FenceScope, applied before the packet starts)
 *  bits 11-12 release fence scope   (FenceScope, applied after it ends, before its completion signal)
 *  bits 13-15 reserved, must be 0
 * </pre>
 * Decoding never fails: {@link #isWellFormed()} says whether every field holds a defined value.
 */
public record PacketHeader(int typeValue, boolean barrier, int acquireScopeValue, int releaseScopeValue,
        int reservedBits) {
    public static final int TYPE_SHIFT = 0;
    public static final int TYPE_WIDTH = 8;
    public static final int BARRIER_SHIFT = 8;
    public static final int ACQUIRE_FENCE_SCOPE_SHIFT = 9;
    public static final int RELEASE_FENCE_SCOPE_SHIFT = 11;
    public static final int FENCE_SCOPE_WIDTH = 2;
    public static final int RESERVED_SHIFT = 13;

    /** A header of a defined type with the given fences. */
    public static PacketHeader of(PacketType type, boolean barrier, FenceScope acquire, FenceScope release) {
        return new PacketHeader(type.value(), barrier, acquire.value(), release.value(), 0);
    }

    public static PacketHeader decode(short header) {
        int h = header & 0xFFFF;
        return new PacketHeader(h & 0xFF, ((h >>> BARRIER_SHIFT) & 1) != 0, (h >>> ACQUIRE_FENCE_SCOPE_SHIFT) & 3,
                (h >>> RELEASE_FENCE_SCOPE_SHIFT) & 3, h >>> RESERVED_SHIFT);
    }

    public short encode() {
        return (short) (typeValue | (barrier ? 1 << BARRIER_SHIFT : 0)
                | acquireScopeValue << ACQUIRE_FENCE_SCOPE_SHIFT | releaseScopeValue << RELEASE_FENCE_SCOPE_SHIFT
                | reservedBits << RESERVED_SHIFT);
    }

    /** The packet type, or null when the type field holds a value HSA does not define. */
    public PacketType type() {
        return PacketType.fromValue(typeValue);
    }

    public FenceScope acquireScope() {
        return FenceScope.fromValue(acquireScopeValue);
    }

    public FenceScope releaseScope() {
        return FenceScope.fromValue(releaseScopeValue);
    }

    /** The type field alone, read from a raw header: what the packet processor polls. */
    public static int typeOf(short header) {
        return header & 0xFF;
    }

    /** What is wrong with this header, or null when every field holds a defined value. */
    public String problem() {
        if (type() == null) {
            return "unknown packet type " + typeValue;
        }
        if (acquireScope() == null) {
            return "reserved acquire fence scope 3";
        }
        if (releaseScope() == null) {
            return "reserved release fence scope 3";
        }
        if (reservedBits != 0) {
            return "reserved header bits 13-15 set (0x" + Integer.toHexString(reservedBits << RESERVED_SHIFT) + ")";
        }
        return null;
    }

    public boolean isWellFormed() {
        return problem() == null;
    }
}
