package org.hsaj.cpu.linux;

import java.nio.ByteBuffer;
import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.runtime.memory.AccessKind;
import org.hsaj.runtime.memory.PageTable;

/**
 * Direct {@link ByteBuffer} views ("windows") of guest memory, through which host I/O moves bytes
 * straight between a host file and the guest: no intermediate array, no second copy. A window is only
 * handed out for a range the page table allows; windows the host writes into go through
 * {@link GuestMemory#checkWrite}, so code decoded from those pages is dropped as for any guest store.
 *
 * <p>Windows inside one 1 GiB chunk of the address space are one reused buffer per chunk with its
 * position and limit set, so a system call allocates nothing for them.
 *
 * <p>Threading: one instance per hart, used on that hart's thread only. A window is valid until the
 * next call on the same instance.
 */
final class GuestWindows {
    /** Linux's cap on the bytes one read or write moves (MAX_RW_COUNT). */
    static final int MAX_TRANSFER = 0x7ffff000;
    private static final int CHUNK_SHIFT = 30;
    private static final long CHUNK_SIZE = 1L << CHUNK_SHIFT;

    /** A buffer with no room: what a transfer with no usable byte moves through (it holds and takes nothing). */
    static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);
    private final GuestMemory memory;
    private final ByteBuffer[] chunks;

    GuestWindows(GuestMemory memory) {
        this.memory = memory;
        this.chunks = new ByteBuffer[(int) ((memory.segment.byteSize() + CHUNK_SIZE - 1) >>> CHUNK_SHIFT)];
    }

    /** A byte count the guest passed as size_t, clamped as Linux clamps it. */
    static int transferLength(long count) {
        return Long.compareUnsigned(count, MAX_TRANSFER) > 0 ? MAX_TRANSFER : (int) count;
    }

    /**
     * How many bytes from {@code address} (at most {@code length}) lie in pages that allow
     * {@code permission} ({@link PageTable#READ} or {@link PageTable#WRITE}): what a transfer can move
     * before it would fault. 0 when the first page does not.
     */
    int accessiblePrefix(long address, int length, int permission) {
        PageTable table = memory.shared.pageTable();
        if (table.allows(address, length, permission)) {
            return length;
        }
        long end = address + length;
        long at = address;
        while (at < end && at >= 0 && (table.get(at) & permission) == permission) {
            at = (at & -PageTable.PAGE_SIZE) + PageTable.PAGE_SIZE;
        }
        return (int) (Math.min(at, end) - address);
    }

    /**
     * A window the host fills (the guest reads: read, pread, getdents64). The whole range must be
     * writable by the guest; else {@link org.hsaj.runtime.memory.MemoryAccessException}.
     */
    ByteBuffer forHostToFill(long address, int length) {
        if (length > 0) {
            memory.checkWrite(address, length);
        }
        return window(address, length);
    }

    /** A window the host drains (the guest writes: write, pwrite). The whole range must be readable. */
    ByteBuffer forHostToDrain(long address, int length) {
        if (length > 0) {
            memory.shared.pageTable().check(address, length, AccessKind.READ);
        }
        return window(address, length);
    }

    private ByteBuffer window(long address, int length) {
        if (length == 0) {
            return EMPTY; // not sliced at the address: callers found no usable byte there, which may lie past the end
        }
        int chunk = (int) (address >>> CHUNK_SHIFT);
        if (((address + length - 1) >>> CHUNK_SHIFT) != chunk) {
            return memory.segment.asSlice(address, length).asByteBuffer();
        }
        ByteBuffer b = chunks[chunk];
        if (b == null) {
            long base = (long) chunk << CHUNK_SHIFT;
            b = memory.segment.asSlice(base, Math.min(CHUNK_SIZE, memory.segment.byteSize() - base)).asByteBuffer();
            chunks[chunk] = b;
        }
        int offset = (int) (address & (CHUNK_SIZE - 1));
        b.clear();
        b.position(offset);
        b.limit(offset + length);
        return b;
    }
}
