package org.hsaj.runtime.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * A private anonymous {@code mmap} with MAP_NORESERVE, called through the FFM linker: the kernel hands
 * out zeroed pages on first touch, so reserving gigabytes of guest address space costs nothing until
 * the guest uses it. Falls back to {@link Arena#allocate} (committed, zeroed) where mmap is missing.
 */
final class AnonymousMapping implements AutoCloseable {
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final long MAP_FAILED = -1L;
    private static final int MADV_DONTNEED = 4;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MADVISE;

    static {
        Linker linker = Linker.nativeLinker();
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        MethodHandle madvise = null;
        try {
            mmap = linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            munmap = linker.downcallHandle(linker.defaultLookup().find("munmap").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
            madvise = linker.downcallHandle(linker.defaultLookup().find("madvise").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                            ValueLayout.JAVA_INT));
        } catch (RuntimeException notOnThisPlatform) {
            // Not a POSIX libc: use committed memory from an arena instead.
        }
        MMAP = mmap;
        MUNMAP = munmap;
        MADVISE = madvise;
    }

    private final Arena arena = Arena.ofShared();
    private final MemorySegment segment;
    /** Whether the segment is the mmap (whose pages madvise may drop), not arena memory. */
    private final boolean mapped;

    /**
     * Maps {@code size} bytes, at {@code preferredAddress} where the host has that whole range free and
     * wherever it chooses otherwise: the address is a hint, never MAP_FIXED, which would replace what
     * is already mapped there. The segment belongs to a shared arena whose closing unmaps it, so a late
     * access after {@link #close} fails with IllegalStateException instead of faulting the JVM.
     */
    AnonymousMapping(long size, long preferredAddress) {
        if (MMAP == null) {
            segment = arena.allocate(size, 4096);
            mapped = false;
            return;
        }
        MemorySegment raw;
        try {
            raw = (MemorySegment) MMAP.invokeExact(MemorySegment.ofAddress(preferredAddress), size,
                    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("mmap of " + size + " bytes failed", t);
        }
        if (raw.address() == MAP_FAILED || raw.address() == 0) {
            arena.close();
            throw new OutOfMemoryError("mmap could not reserve " + size + " bytes of guest address space");
        }
        segment = raw.reinterpret(size, arena, AnonymousMapping::unmap);
        mapped = true;
    }

    private static void unmap(MemorySegment mapped) {
        try {
            int rc = (int) MUNMAP.invokeExact(mapped, mapped.byteSize());
            if (rc != 0) {
                throw new IllegalStateException("munmap failed with " + rc);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("munmap failed", t);
        }
    }

    MemorySegment segment() {
        return segment;
    }

    /**
     * Makes [offset, offset + length) read as zeros. In the mapping, madvise(MADV_DONTNEED) drops the
     * pages without touching them (they come back zeroed on first touch, so a large range the user never
     * touches costs nothing); where the host refuses (a range not aligned to its page size) or the memory
     * is arena memory, the range is cleared.
     */
    void zero(long offset, long length) {
        MemorySegment region = segment.asSlice(offset, length);
        if (!mapped || MADVISE == null || !dropPages(region)) {
            region.fill((byte) 0);
        }
    }

    private static boolean dropPages(MemorySegment region) {
        try {
            return (int) MADVISE.invokeExact(region, region.byteSize(), MADV_DONTNEED) == 0;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("madvise failed", t);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
