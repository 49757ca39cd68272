package org.hsaj.cpu.translate;

import jdk.internal.misc.Unsafe;

/**
 * Guest memory reached by host address, for translated code: one JIT intrinsic per access, where an
 * access through the memory segment inlines a chain of var handle, bounds and liveness checks into
 * every load and store. That chain is most of what the JIT parses in a translated region, so raw
 * accesses roughly halved the JIT time of regions where measured (compress, hashtable).
 *
 * <p>Only usable where the JVM exports {@code java.base/jdk.internal.misc} to this code
 * ({@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}, which the launcher and the build
 * pass); elsewhere {@link #AVAILABLE} is false and translated code keeps to the segment. Raw accesses
 * skip the segment's checks, so callers must have checked the address against the guest's page
 * permissions (which also bound it to the address space) and must hold a
 * {@link org.hsaj.runtime.memory.MemoryLease} so that the memory stays mapped while they run.
 */
final class RawMemory {
    /** Whether this JVM lets this code use the JDK's internal Unsafe. */
    static final boolean AVAILABLE = Object.class.getModule().isExported("jdk.internal.misc", RawMemory.class.getModule())
            && !"segment".equals(System.getProperty("hsaj.translator.memory"));
    /** Null when not available; never touched then, so the inaccessible class is never resolved. */
    private static final Unsafe UNSAFE = AVAILABLE ? Unsafe.getUnsafe() : null;

    private RawMemory() {
    }

    /** The {@code size}-byte little-endian value at {@code address}, sign- or zero-extended. */
    static long load(long address, int size, boolean signed) {
        return switch (size) {
            case 1 -> signed ? UNSAFE.getByte(address) : UNSAFE.getByte(address) & 0xffL;
            case 2 -> signed ? UNSAFE.getShortUnaligned(null, address, false)
                    : UNSAFE.getShortUnaligned(null, address, false) & 0xffffL;
            case 4 -> signed ? UNSAFE.getIntUnaligned(null, address, false)
                    : UNSAFE.getIntUnaligned(null, address, false) & 0xffffffffL;
            default -> UNSAFE.getLongUnaligned(null, address, false);
        };
    }

    /** Stores the low {@code size} bytes of {@code value} at {@code address}, little-endian. */
    static void store(long address, long value, int size) {
        switch (size) {
            case 1 -> UNSAFE.putByte(address, (byte) value);
            case 2 -> UNSAFE.putShortUnaligned(null, address, (short) value, false);
            case 4 -> UNSAFE.putIntUnaligned(null, address, (int) value, false);
            default -> UNSAFE.putLongUnaligned(null, address, value, false);
        }
    }
}
