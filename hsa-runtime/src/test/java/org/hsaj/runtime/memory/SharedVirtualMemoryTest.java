package org.hsaj.runtime.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SharedVirtualMemoryTest {
    private final SharedVirtualMemory svm = SharedVirtualMemory.reserve(64L << 20);

    @AfterEach
    void close() {
        svm.close();
    }

    @Test
    void zeroClearsWholePagesAndPartialRangesAndNothingBeside() {
        long a = 0x200000;
        svm.map(a, 4 * 4096, PageTable.READ_WRITE);
        svm.fill(a, 4 * 4096, (byte) 0x5A);
        svm.zero(a + 4096, 2 * 4096);                   // whole pages: dropped, read back as zeros
        svm.zero(a + 100, 28);                          // inside a page: cleared
        for (long at = a; at < a + 4 * 4096; at++) {
            boolean cleared = (at >= a + 4096 && at < a + 3 * 4096) || (at >= a + 100 && at < a + 128);
            assertEquals(cleared ? 0 : 0x5A, svm.loadByte(at) & 0xFF, "byte at offset " + (at - a));
        }
        svm.storeInt(a + 4096, 7);
        assertEquals(7, svm.loadInt(a + 4096), "a dropped page is writable again");
        assertEquals(PageTable.READ_WRITE, svm.pageTable().get(a + 4096) & PageTable.READ_WRITE, "mapping kept");
        assertThrows(IndexOutOfBoundsException.class, () -> svm.zero(svm.size() - 4096, 2 * 4096));
    }

    @Test
    void typedAccessesAreLittleEndianAndRoundTrip() {
        long a = 0x100000;
        svm.map(a, 4096, PageTable.READ_WRITE);
        svm.storeLong(a, 0x0102030405060708L);
        assertEquals(0x08, svm.loadByte(a));
        assertEquals(0x0708, svm.loadShort(a));
        assertEquals(0x05060708, svm.loadInt(a));
        svm.storeDouble(a + 8, -2.5);
        assertEquals(-2.5, svm.loadDouble(a + 8));
        svm.storeFloat(a + 16, 1.25f);
        assertEquals(Float.floatToRawIntBits(1.25f), svm.loadInt(a + 16));
        assertThrows(MemoryAccessException.class, () -> svm.storeInt(a + 4093, 0xCAFEBABE), "crosses into an unmapped page");
    }

    @Test
    void unmappedPagesAndMissingPermissionsAreReportedPrecisely() {
        long a = 0x200000;
        MemoryAccessException unmapped = assertThrows(MemoryAccessException.class, () -> svm.loadInt(a));
        assertEquals("HSA_STATUS_ERROR_EXCEPTION (0x1016): read of 4 bytes at 0x200000: page 0x200000 is not mapped",
                unmapped.getMessage());
        svm.map(a, 4096, PageTable.READ);
        MemoryAccessException readOnly = assertThrows(MemoryAccessException.class, () -> svm.storeByte(a + 5, (byte) 1));
        assertEquals("write of 1 byte at 0x200005: page 0x200000 is mapped r--",
                readOnly.getMessage().substring(readOnly.getMessage().indexOf(": ") + 2));
        assertEquals(AccessKind.WRITE, readOnly.kind());
        MemoryAccessException outside = assertThrows(MemoryAccessException.class, () -> svm.loadLong(svm.size() - 4));
        assertTrue(outside.getMessage().contains("outside the shared virtual memory"), outside.getMessage());
        assertThrows(MemoryAccessException.class, () -> svm.loadByte(0), "null must fault");
    }

    @Test
    void accessesStraddlingAPageNeedBothPages() {
        long a = 0x300000;
        svm.map(a, 4096, PageTable.READ_WRITE);
        MemoryAccessException e = assertThrows(MemoryAccessException.class, () -> svm.storeInt(a + 4094, 1));
        assertTrue(e.getMessage().contains("page 0x301000 is not mapped"), e.getMessage());
        svm.map(a + 4096, 4096, PageTable.READ_WRITE);
        svm.storeInt(a + 4094, 0x11223344);
        assertEquals(0x11223344, svm.loadInt(a + 4094));
    }

    @Test
    void unmapZeroesMemory() {
        long a = 0x400000;
        svm.map(a, 8192, PageTable.READ_WRITE);
        svm.fill(a, 8192, (byte) 0x5A);
        svm.unmap(a, 8192);
        svm.map(a, 8192, PageTable.READ_WRITE);
        assertEquals(0, svm.loadLong(a + 4000));
    }

    @Test
    void copyHandlesOverlapAndCStrings() {
        long a = 0x500000;
        svm.map(a, 4096, PageTable.READ_WRITE);
        byte[] text = "hello, svm\0".getBytes();
        svm.write(a, text, 0, text.length);
        assertEquals("hello, svm", svm.readCString(a, 100));
        svm.copy(a + 2, a, 10);
        byte[] out = new byte[12];
        svm.read(a, out, 0, 12);
        assertArrayEquals("hehello, svm".getBytes(), out);
        svm.fill(a + 100, 8, (byte) 'x');
        assertThrows(MemoryAccessException.class, () -> svm.readCString(a + 100, 8));
    }

    @ParameterizedTest
    @EnumSource(MemoryOrder.class)
    void everyAtomicOperationMatchesItsDefinitionInEveryOrder(MemoryOrder order) {
        long a = 0x600000;
        svm.map(a, 4096, PageTable.READ_WRITE);
        long[] operands = {0, 1, -1, 5, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000L};
        for (AtomicOp op : AtomicOp.values()) {
            for (long initial : operands) {
                for (long operand : operands) {
                    svm.atomicStoreLong(a, initial, order);
                    assertEquals(initial, svm.atomicLong(op, a, operand, order));
                    assertEquals(expected(op, initial, operand, 64), svm.atomicLoadLong(a, order), op + " " + initial + " " + operand);
                    svm.atomicStoreInt(a + 8, (int) initial, order);
                    assertEquals((int) initial, svm.atomicInt(op, a + 8, (int) operand, order));
                    assertEquals(expected(op, (int) initial, (int) operand, 32), svm.atomicLoadInt(a + 8, order));
                }
            }
        }
        svm.atomicStoreLong(a, 7, order);
        assertEquals(7, svm.compareAndExchangeLong(a, 6, 9, order));
        assertEquals(7, svm.compareAndExchangeLong(a, 7, 9, order));
        assertEquals(9, svm.atomicLoadLong(a, order));
        assertEquals(0, svm.compareAndExchangeInt(a + 16, 0, -3, order));
        assertEquals(-3, svm.atomicLoadInt(a + 16, order));
        svm.atomicStoreShort(a + 24, (short) 0x1502, order);
        assertEquals((short) 0x1502, svm.atomicLoadShort(a + 24, order));
    }

    /**
     * The oracle: each operation written out independently of AtomicOp.apply, at 64 bits, or at 32
     * bits on values sign-extended from int (unsigned order then compares the low 32 bits).
     */
    private static long expected(AtomicOp op, long x, long y, int bits) {
        long bias = bits == 64 ? Long.MIN_VALUE : Integer.MIN_VALUE;
        long ux = bits == 64 ? x + bias : (x & 0xFFFFFFFFL) + bias;
        long uy = bits == 64 ? y + bias : (y & 0xFFFFFFFFL) + bias;
        long r = switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case AND -> x & y;
            case OR -> x | y;
            case XOR -> x ^ y;
            case EXCHANGE -> y;
            case MIN -> x < y ? x : y;
            case MAX -> x > y ? x : y;
            case UMIN -> ux < uy ? x : y;
            case UMAX -> ux > uy ? x : y;
        };
        return bits == 64 ? r : (int) r;
    }

    @Test
    void misalignedAtomicsAndAtomicsOnReadOnlyPagesFail() {
        long a = 0x700000;
        svm.map(a, 4096, PageTable.READ);
        MemoryAccessException misaligned = assertThrows(MemoryAccessException.class,
                () -> svm.atomicLoadLong(a + 4, MemoryOrder.ACQUIRE));
        assertTrue(misaligned.getMessage().contains("not naturally aligned"), misaligned.getMessage());
        assertThrows(MemoryAccessException.class, () -> svm.atomicLong(AtomicOp.ADD, a, 1, MemoryOrder.RELAXED));
    }

    @Test
    void concurrentAtomicsFromManyThreadsLoseNothing() throws InterruptedException {
        long a = 0x800000;
        svm.map(a, 4096, PageTable.READ_WRITE);
        svm.atomicStoreLong(a + 8, Long.MAX_VALUE, MemoryOrder.SEQ_CST);
        int threads = 4;
        int each = 50_000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    svm.atomicLong(AtomicOp.ADD, a, 1, MemoryOrder.RELAXED);
                    svm.atomicLong(AtomicOp.MIN, a + 8, (long) id * each + i, MemoryOrder.ACQ_REL);
                    svm.atomicInt(AtomicOp.XOR, a + 16, 1 << (i % 31), MemoryOrder.RELEASE);
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        assertEquals((long) threads * each, svm.atomicLoadLong(a, MemoryOrder.ACQUIRE));
        assertEquals(0, svm.atomicLoadLong(a + 8, MemoryOrder.ACQUIRE));
        int expectedXor = 0;
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < each; i++) {
                expectedXor ^= 1 << (i % 31);
            }
        }
        assertEquals(expectedXor, svm.atomicLoadInt(a + 16, MemoryOrder.ACQUIRE));
    }

    @Test
    void aFourGibibyteSpaceCostsNothingUntilTouched() throws Exception {
        long before = residentKib();
        try (SharedVirtualMemory big = SharedVirtualMemory.reserve(4L << 30)) {
            big.map((4L << 30) - 4096, 4096, PageTable.READ_WRITE);
            big.storeLong((4L << 30) - 8, 42);
            assertEquals(42, big.loadLong((4L << 30) - 8));
            long growth = residentKib() - before;
            assertTrue(growth < 64 * 1024, "reserving 4 GiB grew the resident set by " + growth + " KiB");
        }
    }

    private static long residentKib() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    @Test
    void addressSpacesLivingTogetherEachGetTheirOwnMemory() {
        // Both ask for the same preferred host address; the second must land beside the first, not on it.
        try (SharedVirtualMemory other = SharedVirtualMemory.reserve(64L << 20)) {
            assertNotEquals(svm.segment().address(), other.segment().address());
            long a = 0x100000;
            svm.map(a, 4096, PageTable.READ_WRITE);
            other.map(a, 4096, PageTable.READ_WRITE);
            svm.storeLong(a, 0x1111_2222_3333_4444L);
            other.storeLong(a, -1L);
            assertEquals(0x1111_2222_3333_4444L, svm.loadLong(a));
            assertEquals(-1L, other.loadLong(a));
        }
    }

    @Test
    void accessAfterCloseFailsInsteadOfCrashing() {
        SharedVirtualMemory m = SharedVirtualMemory.reserve(1L << 20);
        m.map(0x10000, 4096, PageTable.READ_WRITE);
        m.close();
        assertThrows(IllegalStateException.class, () -> m.loadInt(0x10000));
    }

    @Test
    void aLeaseKeepsTheMemoryMappedPastCloseUntilTheLastLeaseEnds() {
        SharedVirtualMemory m = SharedVirtualMemory.reserve(1L << 20);
        m.map(0x10000, 4096, PageTable.READ_WRITE);
        MemoryLease first = m.lease();
        MemoryLease second = m.lease();
        m.close();
        m.storeInt(0x10000, 7);
        assertEquals(7, m.loadInt(0x10000), "still mapped while leases are held");
        assertThrows(IllegalStateException.class, m::lease, "no new lease on a closed memory");
        first.close();
        first.close();                                   // twice: counts once
        assertEquals(7, m.loadInt(0x10000), "the second lease still holds it");
        second.close();
        assertThrows(IllegalStateException.class, () -> m.loadInt(0x10000), "unmapped with the last lease");
    }

    @Test
    void closingLeasesBeforeTheMemoryLeavesCloseInCharge() {
        SharedVirtualMemory m = SharedVirtualMemory.reserve(1L << 20);
        m.map(0x10000, 4096, PageTable.READ_WRITE);
        m.lease().close();
        m.storeInt(0x10000, 3);
        assertEquals(3, m.loadInt(0x10000), "a released lease does not unmap an open memory");
        m.close();
        assertThrows(IllegalStateException.class, () -> m.loadInt(0x10000));
    }
}
