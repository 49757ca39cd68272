package org.hsaj.runtime.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MemoryRegionTest {
    private final SharedVirtualMemory svm = SharedVirtualMemory.reserve(256L << 20);
    private final MemoryRegion region = MemoryRegion.global("test", MemoryRegion.FLAG_FINE_GRAINED, 1 << 20, svm);

    @AfterEach
    void close() {
        svm.close();
    }

    @Test
    void allocationsAreMappedZeroedAlignedAndAccounted() {
        long a = region.allocate(100);
        assertEquals(0, a % region.allocationAlignment());
        assertEquals(4096, region.allocatedBytes());
        assertEquals(0, svm.loadLong(a + 92));
        svm.storeLong(a, 5);
        long b = region.allocate(10_000, 65536);
        assertEquals(0, b % 65536);
        assertEquals(4096 + 12288, region.allocatedBytes());
        region.free(a);
        assertFalse(region.owns(a));
        assertThrows(MemoryAccessException.class, () -> svm.loadLong(a));
        region.free(b);
        assertEquals(0, region.allocatedBytes());
    }

    @Test
    void badAllocationsCarryTheirStatus() {
        assertEquals(HsaStatus.ERROR_INVALID_ALLOCATION, assertThrows(HsaException.class, () -> region.allocate(0)).status());
        assertEquals(HsaStatus.ERROR_INVALID_ALLOCATION,
                assertThrows(HsaException.class, () -> region.allocate((1 << 20) + 1)).status());
        region.allocate(1 << 19);
        region.allocate(1 << 19);
        HsaException full = assertThrows(HsaException.class, () -> region.allocate(1));
        assertEquals(HsaStatus.ERROR_OUT_OF_RESOURCES, full.status());
        HsaException notOurs = assertThrows(HsaException.class, () -> region.free(0x12345000L));
        assertTrue(notOurs.getMessage().contains("0x12345000 is not the start of an allocation"), notOurs.getMessage());
        MemoryRegion group = MemoryRegion.fixed("group", RegionSegment.GROUP, 65536);
        assertEquals(HsaStatus.ERROR_INVALID_ALLOCATION, assertThrows(HsaException.class, () -> group.allocate(16)).status());
    }
}
