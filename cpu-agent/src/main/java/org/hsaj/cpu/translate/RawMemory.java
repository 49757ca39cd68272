package org.hsaj.cpu.translate;

import java.nio.ByteOrder;
import jdk.internal.misc.Unsafe;

/**
 * Guest memory reached by host address, for translated code: one JIT intrinsic per access, where an
 * access through the memory segment inlines a chain of var handle, bounds and liveness checks into
 * every load and store. That chain is most of what the JIT parses in a translated region, so raw
 * accesses roughly halved the JIT time of regions where measured (compress, hashtable).
 *
 * <p>Only usable where the JVM exports {@code java.base/jdk.internal.misc} to this code
 * ({@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}, which the launcher and the build
 * pass), on a little-endian host; elsewhere {@link #AVAILABLE} is false and translated code keeps to
 * the segment. Raw accesses skip the segment's checks, so callers must have checked the address
 * against the guest's page permissions (which also bound it to the address space) and must hold a
 * {@link org.hsaj.runtime.memory.MemoryLease} so that the memory stays mapped while they run.
 */
final class RawMemory {
    /** Whether this JVM lets this code use the JDK's internal Unsafe. */
    static final boolean AVAILABLE = Object.class.getModule().isExported("jdk.internal.misc", RawMemory.class.getModule())
            && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
            && !"segment".equals(System.getProperty("hsaj.translator.memory"));
    /** Null when not available; never touched then, so the inaccessible class is never resolved. */
    private static final Unsafe UNSAFE = AVAILABLE ? Unsafe.getUnsafe() : null;

    private RawMemory() {
    }

    // One method per width, each a single JIT intrinsic, in the host's byte order, which AVAILABLE
    // requires to be the guest's (little-endian). Loads sign-extend.

    static long getByte(long address) {
        return UNSAFE.getByte(address);
    }

    static long getShort(long address) {
        return UNSAFE.getShortUnaligned(null, address);
    }

    static long getInt(long address) {
        return UNSAFE.getIntUnaligned(null, address);
    }

    static long getLong(long address) {
        return UNSAFE.getLongUnaligned(null, address);
    }

    static void putByte(long address, byte value) {
        UNSAFE.putByte(address, value);
    }

    static void putShort(long address, short value) {
        UNSAFE.putShortUnaligned(null, address, value);
    }

    static void putInt(long address, int value) {
        UNSAFE.putIntUnaligned(null, address, value);
    }

    static void putLong(long address, long value) {
        UNSAFE.putLongUnaligned(null, address, value);
    }
}
