package org.hsaj.runtime.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VirtualRangeAllocatorTest {
    private final VirtualRangeAllocator allocator = new VirtualRangeAllocator(0x10000, 0x1000000);

    @Test
    void reservesAlignedPageRoundedRangesAtOrAboveTheHint() {
        long a = allocator.reserve(1, 4096, 0);
        assertEquals(0x10000, a);
        long b = allocator.reserve(5000, 0x10000, 0);
        assertEquals(0x20000, b);
        assertEquals(3 * 4096, allocator.reservedBytes());
        long c = allocator.reserve(4096, 4096, 0x800000);
        assertEquals(0x800000, c);
    }

    @Test
    void fixedReservationsFailOnOverlapAndReleaseCoalesces() {
        assertTrue(allocator.reserveFixed(0x100000, 0x3000));
        assertFalse(allocator.reserveFixed(0x102000, 0x1000));
        assertFalse(allocator.isFree(0x101000, 1));
        allocator.release(0x101000, 0x1000);
        assertTrue(allocator.isFree(0x101000, 0x1000));
        allocator.release(0x100000, 0x1000);
        allocator.release(0x102000, 0x1000);
        assertEquals(0, allocator.reservedBytes());
        assertEquals(0x10000, allocator.reserve(0x1000000 - 0x10000, 4096, 0), "everything coalesced back");
    }

    @Test
    void pagesOutsideTheBookedRangeAreNeverReserved() {
        assertTrue(allocator.isFree(0, 0x10000), "below the base");
        assertTrue(allocator.isFree(0x1000000, 0x1000), "at the limit");
        assertTrue(allocator.isFree(0x8000, 0x10000), "across the base, nothing booked");
        assertTrue(allocator.reserveFixed(0x10000, 0x1000));
        assertFalse(allocator.isFree(0x8000, 0x10000), "across the base, its first page booked");
    }

    @Test
    void exhaustionAndBadReleasesAreReported() {
        assertEquals(0, allocator.reserve(0x2000000, 4096, 0));
        assertThrows(IllegalArgumentException.class, () -> allocator.release(0x10000, 4096));
        assertThrows(IllegalArgumentException.class, () -> allocator.reserve(4096, 3 * 4096, 0));
        assertFalse(allocator.reserveFixed(0x1000, 4096), "below the base");
    }
}
