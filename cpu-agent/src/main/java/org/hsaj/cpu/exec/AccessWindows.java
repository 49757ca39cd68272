package org.hsaj.cpu.exec;

import java.lang.invoke.VarHandle;
import org.hsaj.runtime.memory.PageTable;

/**
 * Access windows: runs of whole pages that all allow one kind of access, against which translated
 * code checks an access with one unsigned comparison instead of reading the permission mirror. A load
 * window's pages are readable; a store window's pages are readable and writable and hold no decoded
 * code (a store to code must take the slow path, which drops the code's translations).
 *
 * <p>Why: the mirror check is about eleven host instructions per access (page index, clamp, mirror
 * byte, page crossing), half of a tight loop's turn; a window's start and limit are loop invariants
 * the JIT keeps in registers, leaving a subtraction, a comparison and a branch. The translator picks a
 * window per access from the address the interpreter last saw it use ({@link DecodedBlock#accessAddress});
 * an access outside its window falls back to the mirror check, so a window is never needed for
 * correctness, only for speed.
 *
 * <p>Layout of {@link #bounds}, read by translated code: {@link #STRIDE} longs per window, the window's
 * first address at offset 0, then at {@link #limitIndex} the number of start addresses an access of
 * that many bytes may have: an access of {@code size} bytes at {@code a} lies in window {@code k} iff
 * {@code a - bounds[k * STRIDE]} is below {@code bounds[k * STRIDE + limitIndex(size)]} as unsigned
 * numbers. A disabled window has every limit 0, which nothing is below. A window's first address never
 * changes once set (a window shrinks, grows or is disabled by its limits alone), so code that read the
 * two values at different times still checks against a run of pages that was valid at one of them.
 *
 * <p>Keeping windows true: a page is in a window only while both the page table and the permission
 * mirror allow the access, so a window never allows more than the mirror check would (pages another
 * agent maps join windows once the mirror has learned them; see {@link GuestMemory} for what the mirror
 * learns late). {@link #mappingChanged} (every map, unmap, protect and brk of this agent, and a mirror
 * byte that lost a permission) re-measures the windows that touch the changed pages, and
 * {@link #codeFetched} shrinks the store windows holding a page that code was just decoded from. Both
 * run on a guest thread outside translated code, or inside a system call or slow path that translated
 * code called, after which the JIT reads the bounds again. Only processes with a single thread use
 * windows: another thread's unmap would not reach a loop that keeps the bounds in registers (the
 * translator's guards see to that).
 *
 * <p>Threading: the bookkeeping is serialized by this object's lock (the translator's thread creates
 * windows, guest threads change them); {@link #bounds} is read without it. A new window's bounds are
 * written before the region that uses it is compiled and installed (and fenced, for processors that
 * reorder stores).
 */
public final class AccessWindows {
    /** Longs per window in {@link #bounds}: its first address and a limit per access size (index 1 + log2 size). */
    public static final int STRIDE = 16;
    /** Widest span of one check of several accesses (the translator's access groups). */
    public static final int MAX_SPAN = 512;
    /** Windows at most; later accesses keep the mirror check. */
    static final int CAPACITY = 64;
    /** A window's size in pages at most (1 GiB), which bounds the work of measuring one. */
    static final long MAX_PAGES = 1L << 18;
    /** The access sizes a window has limits for. */
    private static final int[] SIZES = {1, 2, 4, 8, MAX_SPAN};

    /** First address and limits of every window (see the class comment); read by translated code. */
    public final long[] bounds = new long[CAPACITY * STRIDE];
    /** End address of every window (its first address when disabled). */
    private final long[] ends = new long[CAPACITY];
    private final boolean[] forStores = new boolean[CAPACITY];
    private int used;
    private final PageTable table;
    private final byte[] mirror;
    private final long pageLimit;

    AccessWindows(PageTable table, byte[] mirror, long pageLimit) {
        this.table = table;
        this.mirror = mirror;
        this.pageLimit = pageLimit;
    }

    /**
     * Index in {@link #bounds}, relative to a window's first long, of the limit for accesses of
     * {@code size} bytes (1, 2, 4, 8 or {@link #MAX_SPAN}): a tiny expression, as translated code
     * inlines it into every access.
     */
    public static int limitIndex(int size) {
        return 1 + Integer.numberOfTrailingZeros(size);
    }

    /**
     * The window for accesses of one kind at {@code address}: one that holds its page already, or a new
     * one over the run of pages around it that allow the kind; -1 when its page does not allow it or
     * every window is taken.
     */
    public synchronized int windowFor(long address, boolean store) {
        long page = address >>> PageTable.PAGE_SHIFT;
        if (address < 0 || page >= pageLimit || !allows(page, store)) {
            return -1;
        }
        for (int k = 0; k < used; k++) {
            if (forStores[k] == store && bounds[k * STRIDE] <= address && address < ends[k]) {
                return k;
            }
        }
        long first = page; // at most half the largest window below the page, so the window reaches past it
        while (first > 0 && page - first < MAX_PAGES / 2 && allows(first - 1, store)) {
            first--;
        }
        long start = first << PageTable.PAGE_SHIFT;
        for (int k = 0; k < used; k++) {
            if (forStores[k] == store && bounds[k * STRIDE] == start) {
                measure(k); // a disabled window whose pages are back
                return k;
            }
        }
        if (used == CAPACITY) {
            return -1;
        }
        int k = used++;
        forStores[k] = store;
        bounds[k * STRIDE] = start;
        measure(k);
        VarHandle.releaseFence();
        return k;
    }

    /** Re-measures the windows that hold or border a page of [address, address + length), whose mapping changed. */
    public synchronized void mappingChanged(long address, long length) {
        long end = address + length;
        for (int k = 0; k < used; k++) {
            if (bounds[k * STRIDE] <= end && address <= ends[k]) {
                measure(k, address);
            }
        }
    }

    /** Shrinks the store windows that hold {@code page}, which code was just decoded from. */
    public synchronized void codeFetched(long page) {
        for (int k = 0; k < used; k++) {
            if (forStores[k] && bounds[k * STRIDE] <= page && page < ends[k]) {
                measure(k, page);
            }
        }
    }

    private void measure(int k) {
        measure(k, bounds[k * STRIDE]);
    }

    /**
     * Sets window k's end and limits to the run of allowing pages from its first address (none:
     * disabled), walking from {@code from} on: the pages before it are known to still allow.
     */
    private void measure(int k, long from) {
        long start = bounds[k * STRIDE];
        long first = start >>> PageTable.PAGE_SHIFT;
        long page = Math.max(first, from >>> PageTable.PAGE_SHIFT);
        while (page < pageLimit && page - first < MAX_PAGES && allows(page, forStores[k])) {
            page++;
        }
        long end = page << PageTable.PAGE_SHIFT;
        ends[k] = end;
        for (int size : SIZES) {
            bounds[k * STRIDE + limitIndex(size)] = Math.max(end - start - size + 1, 0);
        }
    }

    /** Whether the page table and the mirror both allow the kind of access on {@code page} (and for stores, no code is there). */
    private boolean allows(long page, boolean store) {
        int mirrored = mirror[(int) page];
        int permission = table.get(page << PageTable.PAGE_SHIFT) & mirrored;
        if (!store) {
            return (permission & PageTable.READ) != 0;
        }
        return (permission & PageTable.READ_WRITE) == PageTable.READ_WRITE && (mirrored & GuestMemory.CODE) == 0;
    }

    /**
     * Whether an access of {@code size} bytes at {@code address} lies in window k of {@code bounds} (the
     * check translated code inlines, hence static over the array: a constant there, unlike a field).
     */
    public static boolean holds(long[] bounds, int k, long address, int size) {
        int at = k * STRIDE;
        return Long.compareUnsigned(address - bounds[at], bounds[at + limitIndex(size)]) < 0;
    }
}
