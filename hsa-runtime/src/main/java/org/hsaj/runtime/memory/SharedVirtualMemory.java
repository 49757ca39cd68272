package org.hsaj.runtime.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The one guest virtual address space that every agent of a platform shares (HSA large model).
 *
 * <p>A guest address is the byte offset into {@link #segment()}: no translation, so generated code
 * (the RISC-V translator, the HSAIL finalizer) reads {@code segment().get(JAVA_INT_UNALIGNED, addr)}
 * and the JIT hoists the bounds check out of loops. The whole range is reserved lazily (an anonymous
 * MAP_NORESERVE mapping): untouched pages cost nothing. The {@link PageTable} says which pages are
 * mapped and how; the checked accessors of this class consult it, the flat fast path does not.
 *
 * <p>Atomics take a {@link MemoryOrder} and must be naturally aligned. They are implemented with
 * VarHandles on the native segment, so they are atomic with respect to each other from any thread:
 * Java host code, the CPU agent's guest threads and the GPU agent's compute units alike.
 * All multi-byte values are little-endian.
 */
public final class SharedVirtualMemory implements AutoCloseable {
    /** Default size: 8 GiB of guest address space, reserved, not committed. */
    public static final long DEFAULT_SIZE = 8L << 30;
    /** The lowest addresses stay unmapped so that a null pointer (and small offsets of it) faults. */
    public static final long NULL_GUARD = 64 * 1024;
    /**
     * Where the host mapping goes when that range is free: below 2 GiB, so that the JIT folds the
     * segment's base address into each generated access as its 32-bit displacement ({@code [reg + base]})
     * instead of adding it in a register first; on the CPU benchmark that is 4 % of the translator's time
     * (sieve 17 %). The {@code hsaj} launcher keeps the range free by placing the JVM's class-data archive
     * high; a second address space in the same JVM, or a JVM laid out otherwise, lands where the host
     * puts it, which changes nothing but speed.
     */
    static final long PREFERRED_BASE = 0x1000_0000L;

    public static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    public static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final VarHandle ATOMIC_SHORT = ValueLayout.JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle ATOMIC_INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle ATOMIC_LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private final AnonymousMapping mapping;
    private final MemorySegment segment;
    private final PageTable pageTable;
    private final VirtualRangeAllocator allocator;
    /** Guarded by this object's lock. */
    private int leases;
    private boolean closed;

    private SharedVirtualMemory(long size) {
        if (size <= NULL_GUARD || (size & (PageTable.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("address space size must be a multiple of 4 KiB above "
                    + NULL_GUARD + ", got " + size);
        }
        this.mapping = new AnonymousMapping(size, PREFERRED_BASE);
        this.segment = mapping.segment();
        this.pageTable = new PageTable(size);
        this.allocator = new VirtualRangeAllocator(NULL_GUARD, size);
    }

    /** Reserves an address space of {@code size} bytes (a multiple of 4 KiB). */
    public static SharedVirtualMemory reserve(long size) {
        return new SharedVirtualMemory(size);
    }

    public long size() {
        return segment.byteSize();
    }

    /** The flat backing store: guest address == offset. For generated code and bulk copies. */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * Makes [address, address + length) read as zeros, as fresh memory must, without writing the bytes
     * where the host can drop the pages instead; mappings and permissions are left as they are.
     */
    public void zero(long address, long length) {
        Objects.checkFromIndexSize(address, length, segment.byteSize());
        mapping.zero(address, length);
    }

    public PageTable pageTable() {
        return pageTable;
    }

    /** Hands out address ranges; shared by the runtime's regions and the CPU agent's mmap/brk/ELF. */
    public VirtualRangeAllocator allocator() {
        return allocator;
    }

    /** Maps [address, address + length) with {@code permission} ({@link PageTable} bits). */
    public void map(long address, long length, int permission) {
        pageTable.set(address, length, permission);
    }

    /** Unmaps the pages of the range and gives their memory back as zeroes. */
    public void unmap(long address, long length) {
        long start = address & -PageTable.PAGE_SIZE;
        long end = (address + length + PageTable.PAGE_SIZE - 1) & -PageTable.PAGE_SIZE;
        pageTable.set(start, end - start, 0);
        segment.asSlice(start, end - start).fill((byte) 0);
    }

    // ---- checked plain accesses -------------------------------------------------------------

    public byte loadByte(long address) {
        pageTable.check(address, 1, AccessKind.READ);
        return segment.get(BYTE, address);
    }

    public short loadShort(long address) {
        pageTable.check(address, 2, AccessKind.READ);
        return segment.get(SHORT, address);
    }

    public int loadInt(long address) {
        pageTable.check(address, 4, AccessKind.READ);
        return segment.get(INT, address);
    }

    public long loadLong(long address) {
        pageTable.check(address, 8, AccessKind.READ);
        return segment.get(LONG, address);
    }

    public float loadFloat(long address) {
        pageTable.check(address, 4, AccessKind.READ);
        return segment.get(FLOAT, address);
    }

    public double loadDouble(long address) {
        pageTable.check(address, 8, AccessKind.READ);
        return segment.get(DOUBLE, address);
    }

    public void storeByte(long address, byte value) {
        pageTable.check(address, 1, AccessKind.WRITE);
        segment.set(BYTE, address, value);
    }

    public void storeShort(long address, short value) {
        pageTable.check(address, 2, AccessKind.WRITE);
        segment.set(SHORT, address, value);
    }

    public void storeInt(long address, int value) {
        pageTable.check(address, 4, AccessKind.WRITE);
        segment.set(INT, address, value);
    }

    public void storeLong(long address, long value) {
        pageTable.check(address, 8, AccessKind.WRITE);
        segment.set(LONG, address, value);
    }

    public void storeFloat(long address, float value) {
        pageTable.check(address, 4, AccessKind.WRITE);
        segment.set(FLOAT, address, value);
    }

    public void storeDouble(long address, double value) {
        pageTable.check(address, 8, AccessKind.WRITE);
        segment.set(DOUBLE, address, value);
    }

    /** Copies guest memory to a Java array (checked). */
    public void read(long address, byte[] into, int offset, int length) {
        pageTable.check(address, length, AccessKind.READ);
        MemorySegment.copy(segment, BYTE, address, into, offset, length);
    }

    /** Copies a Java array into guest memory (checked). */
    public void write(long address, byte[] from, int offset, int length) {
        pageTable.check(address, length, AccessKind.WRITE);
        MemorySegment.copy(from, offset, segment, BYTE, address, length);
    }

    /** {@code memmove} within guest memory (checked); overlapping ranges are handled. */
    public void copy(long destination, long source, long length) {
        pageTable.check(source, length, AccessKind.READ);
        pageTable.check(destination, length, AccessKind.WRITE);
        MemorySegment.copy(segment, source, segment, destination, length);
    }

    /** Sets {@code length} bytes to {@code value} (checked). */
    public void fill(long address, long length, byte value) {
        pageTable.check(address, length, AccessKind.WRITE);
        segment.asSlice(address, length).fill(value);
    }

    /** A NUL-terminated string at {@code address}, at most {@code maxLength} bytes (UTF-8). */
    public String readCString(long address, int maxLength) {
        int n = 0;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (long a = address; n < maxLength; a++, n++) {
            byte b = loadByte(a);
            if (b == 0) {
                return out.toString(java.nio.charset.StandardCharsets.UTF_8);
            }
            out.write(b);
        }
        throw new MemoryAccessException(address, maxLength, AccessKind.READ,
                "no NUL terminator within " + maxLength + " bytes");
    }

    // ---- atomics ----------------------------------------------------------------------------

    private void checkAtomic(long address, int size, AccessKind kind) {
        if ((address & (size - 1)) != 0) {
            throw new MemoryAccessException(address, size, kind, "atomic access is not naturally aligned");
        }
        pageTable.check(address, size, kind);
    }

    public short atomicLoadShort(long address, MemoryOrder order) {
        checkAtomic(address, 2, AccessKind.READ);
        return switch (order) {
            case RELAXED -> (short) ATOMIC_SHORT.getOpaque(segment, address);
            case SEQ_CST -> (short) ATOMIC_SHORT.getVolatile(segment, address);
            default -> (short) ATOMIC_SHORT.getAcquire(segment, address);
        };
    }

    public void atomicStoreShort(long address, short value, MemoryOrder order) {
        checkAtomic(address, 2, AccessKind.WRITE);
        switch (order) {
            case RELAXED -> ATOMIC_SHORT.setOpaque(segment, address, value);
            case SEQ_CST -> ATOMIC_SHORT.setVolatile(segment, address, value);
            default -> ATOMIC_SHORT.setRelease(segment, address, value);
        }
    }

    public int atomicLoadInt(long address, MemoryOrder order) {
        checkAtomic(address, 4, AccessKind.READ);
        return switch (order) {
            case RELAXED -> (int) ATOMIC_INT.getOpaque(segment, address);
            case SEQ_CST -> (int) ATOMIC_INT.getVolatile(segment, address);
            default -> (int) ATOMIC_INT.getAcquire(segment, address);
        };
    }

    public long atomicLoadLong(long address, MemoryOrder order) {
        checkAtomic(address, 8, AccessKind.READ);
        return switch (order) {
            case RELAXED -> (long) ATOMIC_LONG.getOpaque(segment, address);
            case SEQ_CST -> (long) ATOMIC_LONG.getVolatile(segment, address);
            default -> (long) ATOMIC_LONG.getAcquire(segment, address);
        };
    }

    public void atomicStoreInt(long address, int value, MemoryOrder order) {
        checkAtomic(address, 4, AccessKind.WRITE);
        switch (order) {
            case RELAXED -> ATOMIC_INT.setOpaque(segment, address, value);
            case SEQ_CST -> ATOMIC_INT.setVolatile(segment, address, value);
            default -> ATOMIC_INT.setRelease(segment, address, value);
        }
    }

    public void atomicStoreLong(long address, long value, MemoryOrder order) {
        checkAtomic(address, 8, AccessKind.WRITE);
        switch (order) {
            case RELAXED -> ATOMIC_LONG.setOpaque(segment, address, value);
            case SEQ_CST -> ATOMIC_LONG.setVolatile(segment, address, value);
            default -> ATOMIC_LONG.setRelease(segment, address, value);
        }
    }

    /** Compare-and-exchange of 32 bits; returns the value found (the swap happened iff it equals expected). */
    public int compareAndExchangeInt(long address, int expected, int desired, MemoryOrder order) {
        checkAtomic(address, 4, AccessKind.WRITE);
        return switch (order) {
            case RELAXED, RELEASE -> (int) ATOMIC_INT.compareAndExchangeRelease(segment, address, expected, desired);
            case ACQUIRE -> (int) ATOMIC_INT.compareAndExchangeAcquire(segment, address, expected, desired);
            case ACQ_REL, SEQ_CST -> (int) ATOMIC_INT.compareAndExchange(segment, address, expected, desired);
        };
    }

    /** Compare-and-exchange of 64 bits; returns the value found (the swap happened iff it equals expected). */
    public long compareAndExchangeLong(long address, long expected, long desired, MemoryOrder order) {
        checkAtomic(address, 8, AccessKind.WRITE);
        return switch (order) {
            case RELAXED, RELEASE -> (long) ATOMIC_LONG.compareAndExchangeRelease(segment, address, expected, desired);
            case ACQUIRE -> (long) ATOMIC_LONG.compareAndExchangeAcquire(segment, address, expected, desired);
            case ACQ_REL, SEQ_CST -> (long) ATOMIC_LONG.compareAndExchange(segment, address, expected, desired);
        };
    }

    /** Atomic read-modify-write of 32 bits; returns the previous value. */
    public int atomicInt(AtomicOp op, long address, int operand, MemoryOrder order) {
        checkAtomic(address, 4, AccessKind.WRITE);
        switch (op) {
            case ADD, SUB -> {
                int delta = op == AtomicOp.ADD ? operand : -operand;
                return switch (order) {
                    case RELAXED, RELEASE -> (int) ATOMIC_INT.getAndAddRelease(segment, address, delta);
                    case ACQUIRE -> (int) ATOMIC_INT.getAndAddAcquire(segment, address, delta);
                    case ACQ_REL, SEQ_CST -> (int) ATOMIC_INT.getAndAdd(segment, address, delta);
                };
            }
            case EXCHANGE -> {
                return switch (order) {
                    case RELAXED, RELEASE -> (int) ATOMIC_INT.getAndSetRelease(segment, address, operand);
                    case ACQUIRE -> (int) ATOMIC_INT.getAndSetAcquire(segment, address, operand);
                    case ACQ_REL, SEQ_CST -> (int) ATOMIC_INT.getAndSet(segment, address, operand);
                };
            }
            default -> {
                // Bitwise and min/max: a CAS loop keeps one code path for all of them.
                int current = (int) ATOMIC_INT.getVolatile(segment, address);
                while (true) {
                    int witness = compareAndExchangeInt(address, current, op.apply(current, operand), order);
                    if (witness == current) {
                        return current;
                    }
                    current = witness;
                }
            }
        }
    }

    /** Atomic read-modify-write of 64 bits; returns the previous value. */
    public long atomicLong(AtomicOp op, long address, long operand, MemoryOrder order) {
        checkAtomic(address, 8, AccessKind.WRITE);
        switch (op) {
            case ADD, SUB -> {
                long delta = op == AtomicOp.ADD ? operand : -operand;
                return switch (order) {
                    case RELAXED, RELEASE -> (long) ATOMIC_LONG.getAndAddRelease(segment, address, delta);
                    case ACQUIRE -> (long) ATOMIC_LONG.getAndAddAcquire(segment, address, delta);
                    case ACQ_REL, SEQ_CST -> (long) ATOMIC_LONG.getAndAdd(segment, address, delta);
                };
            }
            case EXCHANGE -> {
                return switch (order) {
                    case RELAXED, RELEASE -> (long) ATOMIC_LONG.getAndSetRelease(segment, address, operand);
                    case ACQUIRE -> (long) ATOMIC_LONG.getAndSetAcquire(segment, address, operand);
                    case ACQ_REL, SEQ_CST -> (long) ATOMIC_LONG.getAndSet(segment, address, operand);
                };
            }
            default -> {
                long current = (long) ATOMIC_LONG.getVolatile(segment, address);
                while (true) {
                    long witness = compareAndExchangeLong(address, current, op.apply(current, operand), order);
                    if (witness == current) {
                        return current;
                    }
                    current = witness;
                }
            }
        }
    }

    /** A full fence (HSAIL {@code memfence} at system scope, RISC-V {@code fence rw,rw}). */
    public static void fullFence() {
        VarHandle.fullFence();
    }

    /**
     * Keeps the backing store mapped until the lease is closed, even past {@link #close}. Code that
     * reaches guest memory by its host address rather than through {@link #segment()} (the CPU agent's
     * translated code) holds one for as long as it may run: an access through the segment after the
     * memory is unmapped fails with IllegalStateException, an access by address would fault the JVM.
     *
     * @throws IllegalStateException if this memory is already closed
     */
    public synchronized MemoryLease lease() {
        if (closed) {
            throw new IllegalStateException("the shared virtual memory is closed");
        }
        leases++;
        return new MemoryLease(this);
    }

    synchronized void release() {
        if (--leases == 0 && closed) {
            mapping.close();
        }
    }

    /**
     * Unmaps the whole address space, at once or, while leases are held, when the last one is closed;
     * accesses through the segment after that fail with IllegalStateException.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (leases == 0) {
            mapping.close();
        }
    }
}
