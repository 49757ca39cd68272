package org.hsaj.cpu.exec;

import java.lang.foreign.MemorySegment;
import java.util.function.LongConsumer;
import org.hsaj.cpu.GuestFault;
import org.hsaj.runtime.memory.AccessKind;
import org.hsaj.runtime.memory.MemoryAccessException;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * The CPU agent's view of the shared virtual memory: plain loads and stores with a one-load permission
 * check, instruction fetch, and detection of stores to pages that hold decoded or translated code.
 *
 * <p>{@link #pages} mirrors the {@link PageTable}'s permissions (one byte per page) plus a {@link #CODE}
 * bit for pages code was fetched from. The fast path of an access reads that one byte; anything it does
 * not allow (unmapped or newly mapped by another agent, a code page being written, an access crossing
 * a page) goes to the slow path, which asks the page table (the authority), refreshes the mirror and
 * reports stores to code pages to the code-write listener before storing.
 *
 * <p>Threading: all harts of a process share one instance. Mirror bytes are written with plain stores;
 * a stale byte only sends an access to the slow path, except after another agent unmaps a page, which
 * the mirror learns when this agent changes the mapping itself ({@link #refresh}).
 */
public final class GuestMemory {
    public static final int READ = PageTable.READ;
    public static final int WRITE = PageTable.WRITE;
    public static final int EXECUTE = PageTable.EXECUTE;
    /** Code was decoded from this page: stores must go through the slow path. */
    public static final int CODE = 8;

    public final SharedVirtualMemory shared;
    public final MemorySegment segment;
    /**
     * Mirror of page permissions plus {@link #CODE}; index = min(address >>> 12, {@link #pageLimit}).
     * The entry at pageLimit is always 0, so clamping any address to it sends it to the slow path.
     */
    public final byte[] pages;
    /** Number of pages of the address space (and index of the always-zero guard entry). */
    public final long pageLimit;
    /** Runs of pages translated code checks its accesses against before the mirror. */
    public final AccessWindows windows;
    private volatile LongConsumer codeWriteListener = page -> { };

    public GuestMemory(SharedVirtualMemory shared) {
        this.shared = shared;
        this.segment = shared.segment();
        this.pageLimit = shared.size() >>> PageTable.PAGE_SHIFT;
        // Starts all zero rather than copied from the page table (millions of pages): a page's first
        // access takes the slow path, which fills in its byte.
        this.pages = new byte[(int) pageLimit + 1];
        this.windows = new AccessWindows(shared.pageTable(), pages, pageLimit);
    }

    /** Called with the page address of each code page a store is about to change. */
    public void setCodeWriteListener(LongConsumer listener) {
        this.codeWriteListener = listener;
    }

    /**
     * Re-reads the permissions of [address, address + length) from the page table and re-measures the
     * access windows there: called by this agent after it maps, unmaps or protects memory.
     */
    public void refresh(long address, long length) {
        refreshMirror(address, length, true);
    }

    /**
     * Re-reads the mirror bytes of [address, address + length) from the page table, and re-measures the
     * access windows there when the mapping changed ({@code mapped}) or a byte lost a permission (a
     * slow path found a page another agent unmapped): a window never allows more than the mirror.
     */
    private void refreshMirror(long address, long length, boolean mapped) {
        if (length <= 0) {
            return;
        }
        boolean lost = false;
        long first = Math.max(0, address >>> PageTable.PAGE_SHIFT);
        long last = Math.min(pageLimit - 1, (address + length - 1) >>> PageTable.PAGE_SHIFT);
        PageTable table = shared.pageTable();
        for (long p = first; p <= last; p++) {
            int old = pages[(int) p];
            int now = table.get(p << PageTable.PAGE_SHIFT);
            if ((old & CODE) != 0 && (now & EXECUTE) == 0) {
                codeWriteListener.accept(p << PageTable.PAGE_SHIFT);
                old &= ~CODE;
            }
            lost |= (old & ~now & (READ | WRITE)) != 0;
            pages[(int) p] = (byte) (now | (old & CODE));
        }
        if (mapped || lost) {
            windows.mappingChanged(address, length);
        }
    }

    /** The mirror byte of the page holding {@code address} (0 outside the address space). */
    public int permission(long address) {
        return pages[(int) Math.min(address >>> PageTable.PAGE_SHIFT, pageLimit)];
    }

    private boolean fastRead(long address, int size) {
        return (permission(address) & READ) != 0 && (address & 0xfff) <= 4096 - size;
    }

    private boolean fastWrite(long address, int size) {
        return (permission(address) & (WRITE | CODE)) == WRITE && (address & 0xfff) <= 4096 - size;
    }

    // ---- loads -------------------------------------------------------------------------------

    public byte loadByte(long address) {
        if (!fastRead(address, 1)) {
            checkRead(address, 1);
        }
        return segment.get(SharedVirtualMemory.BYTE, address);
    }

    public short loadShort(long address) {
        if (!fastRead(address, 2)) {
            checkRead(address, 2);
        }
        return segment.get(SharedVirtualMemory.SHORT, address);
    }

    public int loadInt(long address) {
        if (!fastRead(address, 4)) {
            checkRead(address, 4);
        }
        return segment.get(SharedVirtualMemory.INT, address);
    }

    public long loadLong(long address) {
        if (!fastRead(address, 8)) {
            checkRead(address, 8);
        }
        return segment.get(SharedVirtualMemory.LONG, address);
    }

    // ---- stores ------------------------------------------------------------------------------

    public void storeByte(long address, byte value) {
        if (!fastWrite(address, 1)) {
            checkWrite(address, 1);
        }
        segment.set(SharedVirtualMemory.BYTE, address, value);
    }

    public void storeShort(long address, short value) {
        if (!fastWrite(address, 2)) {
            checkWrite(address, 2);
        }
        segment.set(SharedVirtualMemory.SHORT, address, value);
    }

    public void storeInt(long address, int value) {
        if (!fastWrite(address, 4)) {
            checkWrite(address, 4);
        }
        segment.set(SharedVirtualMemory.INT, address, value);
    }

    public void storeLong(long address, long value) {
        if (!fastWrite(address, 8)) {
            checkWrite(address, 8);
        }
        segment.set(SharedVirtualMemory.LONG, address, value);
    }

    // ---- slow paths --------------------------------------------------------------------------

    /** Throws MemoryAccessException unless the page table allows reading; refreshes the mirror. */
    public void checkRead(long address, int size) {
        shared.pageTable().check(address, size, AccessKind.READ);
        refreshMirror(address, size, false);
    }

    /**
     * Throws MemoryAccessException unless the page table allows writing; reports the code pages the
     * store touches (they stop being code pages until code is fetched from them again).
     */
    public void checkWrite(long address, long size) {
        shared.pageTable().check(address, size, AccessKind.WRITE);
        for (long page = address & -PageTable.PAGE_SIZE; page < address + size; page += PageTable.PAGE_SIZE) {
            int index = (int) (page >>> PageTable.PAGE_SHIFT);
            if ((pages[index] & CODE) != 0) {
                pages[index] &= ~CODE;
                codeWriteListener.accept(page);
            }
        }
        refreshMirror(address, size, false);
    }

    /**
     * The 16 bits of instruction memory at {@code address}; marks its page as a code page.
     * Throws MemoryAccessException when the page is not executable.
     */
    public int fetchParcel(long address) {
        int p = permission(address);
        if ((p & (EXECUTE | CODE)) != (EXECUTE | CODE) || (address & 0xfff) > 4094) {
            shared.pageTable().check(address, 2, AccessKind.EXECUTE);
            refreshMirror(address, 2, false);
            int index = (int) (address >>> PageTable.PAGE_SHIFT);
            if ((pages[index] & CODE) == 0) {
                pages[index] |= CODE;
                windows.codeFetched(address & -PageTable.PAGE_SIZE);
            }
        }
        return segment.get(SharedVirtualMemory.SHORT, address) & 0xffff;
    }

    /** A guest segmentation fault for a failed access by the instruction at {@code pc}. */
    public static GuestFault segmentationFault(MemoryAccessException e, long pc) {
        return new GuestFault(String.format("segmentation fault at pc 0x%x: %s", pc, detail(e)),
                GuestFault.SIGSEGV_STATUS, e, new GuestFault.Trap(GuestFault.SIGSEGV_STATUS - 128,
                        e.mapped() ? GuestFault.Trap.SEGV_ACCERR : GuestFault.Trap.SEGV_MAPERR, e.refusedAt(), pc));
    }

    /** What {@code e} says went wrong, without the HSA status it starts with. */
    public static String detail(MemoryAccessException e) {
        String detail = e.getMessage();
        String status = e.status() + ": ";
        return detail.startsWith(status) ? detail.substring(status.length()) : detail;
    }
}
