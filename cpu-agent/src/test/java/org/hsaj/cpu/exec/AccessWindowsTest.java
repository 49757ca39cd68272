package org.hsaj.cpu.exec;

import static org.junit.jupiter.api.Assertions.*;

import org.hsaj.cpu.testing.PagedMemory;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Access windows follow the mappings: a window is a run of pages allowing its kind of access, an
 * access is in it exactly when all its bytes are, and a change of mapping or code decoded from one of
 * its pages re-measures it before translated code can use it again.
 */
class AccessWindowsTest {
    private static final long A = 0x100000;
    private static final long PAGE = PageTable.PAGE_SIZE;

    private final PagedMemory paged = new PagedMemory();
    private final SharedVirtualMemory shared = paged.shared;
    private final GuestMemory memory = paged.memory;
    private final AccessWindows windows = memory.windows;

    @AfterEach
    void close() {
        paged.close();
    }

    private void map(long address, long length, int permission) {
        paged.map(address, length, permission);
    }

    private void unmap(long address, long length) {
        paged.unmap(address, length);
    }

    /** Whether an access of {@code size} bytes at {@code address} lies in window k. */
    private boolean holds(int k, long address, int size) {
        return AccessWindows.holds(windows.bounds, k, address, size);
    }

    @Test
    void aWindowIsTheRunOfPagesAroundTheAddressThatAllowItsKind() {
        map(A, 2 * PAGE, PageTable.READ_WRITE);
        map(A + 2 * PAGE, PAGE, PageTable.READ);
        int load = windows.windowFor(A + PAGE + 8, false);
        int store = windows.windowFor(A + 8, true);
        assertNotEquals(load, store);
        assertEquals(load, windows.windowFor(A + 3 * PAGE - 1, false), "one load window holds all three pages");
        assertEquals(store, windows.windowFor(A + 2 * PAGE - 1, true));

        assertTrue(holds(load, A, 8));
        assertTrue(holds(load, A + 3 * PAGE - 8, 8), "the last long of the read-only page");
        assertFalse(holds(load, A + 3 * PAGE - 7, 8), "one byte past the run");
        assertTrue(holds(load, A + 3 * PAGE - 1, 1));
        assertFalse(holds(load, A + 3 * PAGE, 1));
        assertFalse(holds(load, A - 1, 1), "below the run");
        assertFalse(holds(load, A - 1, 2), "starting below the run");
        assertFalse(holds(load, -1L, 1));
        assertTrue(holds(store, A + 2 * PAGE - 4, 4));
        assertFalse(holds(store, A + 2 * PAGE - 2, 4), "a store running into the read-only page");
        assertTrue(holds(store, A + 2 * PAGE - AccessWindows.MAX_SPAN, AccessWindows.MAX_SPAN), "a group's span");
        assertFalse(holds(store, A + 2 * PAGE - AccessWindows.MAX_SPAN + 1, AccessWindows.MAX_SPAN));
    }

    @Test
    void addressesThatAllowNothingGetNoWindow() {
        map(A, PAGE, PageTable.READ);
        assertEquals(-1, windows.windowFor(A + PAGE, false), "unmapped");
        assertEquals(-1, windows.windowFor(A, true), "read-only, for a store");
        assertEquals(-1, windows.windowFor(-8, false));
        assertEquals(-1, windows.windowFor(shared.size(), false), "beyond the address space");
    }

    @Test
    void unmappingShrinksOrDisablesAWindowAndMappingGrowsItAgain() {
        map(A, 4 * PAGE, PageTable.READ_WRITE);
        int k = windows.windowFor(A, true);
        assertTrue(holds(k, A + 4 * PAGE - 8, 8));

        unmap(A + 2 * PAGE, PAGE);
        assertTrue(holds(k, A + 2 * PAGE - 8, 8));
        assertFalse(holds(k, A + 2 * PAGE, 1), "the unmapped page");
        assertFalse(holds(k, A + 3 * PAGE, 1), "pages past it are another run");

        map(A + 2 * PAGE, 3 * PAGE, PageTable.READ_WRITE); // like brk growing over the hole and on
        assertTrue(holds(k, A + 5 * PAGE - 8, 8));

        unmap(A, PAGE);
        assertFalse(holds(k, A + PAGE, 1), "a window whose first page goes is disabled");
        assertFalse(holds(k, A, 1));
        map(A, PAGE, PageTable.READ);
        assertFalse(holds(k, A, 1), "read-only now: still no store window");
        map(A, PAGE, PageTable.READ_WRITE);
        assertEquals(k, windows.windowFor(A + 16, true), "a run starting where a disabled window did takes it back");
        assertTrue(holds(k, A + 5 * PAGE - 8, 8));
    }

    @Test
    void protectingPagesShrinksTheStoreWindowButNotTheLoadWindow() {
        map(A, 3 * PAGE, PageTable.READ_WRITE);
        int store = windows.windowFor(A, true);
        int load = windows.windowFor(A, false);
        map(A + PAGE, PAGE, PageTable.READ);            // mprotect(PROT_READ)
        assertFalse(holds(store, A + PAGE, 1));
        assertTrue(holds(store, A + PAGE - 1, 1));
        assertTrue(holds(load, A + 3 * PAGE - 1, 1));
    }

    @Test
    void codeDecodedFromAPageTakesItOutOfStoreWindowsOnly() {
        map(A, 3 * PAGE, PageTable.READ_WRITE | PageTable.EXECUTE);
        int store = windows.windowFor(A, true);
        int load = windows.windowFor(A, false);
        memory.fetchParcel(A + PAGE + 6);
        assertTrue(holds(store, A + PAGE - 8, 8));
        assertFalse(holds(store, A + PAGE, 1), "a store there must reach the code-write listener");
        assertTrue(holds(load, A + 3 * PAGE - 8, 8));
        assertEquals(-1, windows.windowFor(A + PAGE, true), "no new store window over code either");
        int beyond = windows.windowFor(A + 2 * PAGE, true);
        assertNotEquals(store, beyond);
        assertFalse(holds(beyond, A + PAGE + 8, 8));
        assertTrue(holds(beyond, A + 2 * PAGE, 8));
    }

    /** Pages another agent maps (the page table alone changes) join a window once the mirror has them. */
    @Test
    void pagesMappedBehindTheMirrorsBackJoinWindowsOnceItLearnsThem() {
        map(A, PAGE, PageTable.READ_WRITE);
        shared.map(A + PAGE, PAGE, PageTable.READ_WRITE);
        int k = windows.windowFor(A, true);
        assertFalse(holds(k, A + PAGE, 1), "the mirror does not know the page yet");
        assertEquals(-1, windows.windowFor(A + PAGE, true));
        memory.checkWrite(A + PAGE, 8); // a slow path learns it
        assertEquals(k, windows.windowFor(A + PAGE, true));
        assertTrue(holds(k, A + 2 * PAGE - 8, 8));
    }

    @Test
    void windowsRunOutQuietly() {
        for (int i = 0; i < AccessWindows.CAPACITY; i++) {
            long at = A + 2 * i * PAGE; // runs of one page with a hole between
            map(at, PAGE, PageTable.READ);
            assertEquals(i, windows.windowFor(at, false));
        }
        long last = A + 2 * AccessWindows.CAPACITY * PAGE;
        map(last, PAGE, PageTable.READ);
        assertEquals(-1, windows.windowFor(last, false), "every window taken: the mirror check alone");
        assertEquals(3, windows.windowFor(A + 6 * PAGE + 100, false), "existing windows are still found");
    }
}
