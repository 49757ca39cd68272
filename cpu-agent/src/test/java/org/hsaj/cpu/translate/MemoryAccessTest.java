package org.hsaj.cpu.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.hsaj.cpu.GuestFault;
import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.cpu.testing.PagedMemory;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The checks translated code inlines into every access, at page edges: accesses crossing into the next
 * page are allowed exactly when that page allows them, and a store running into a page code was fetched
 * from reaches the code-write listener.
 */
class MemoryAccessTest {
    private static final long A = 0x100000;
    private static final long PAGE = PageTable.PAGE_SIZE;

    private final PagedMemory paged = new PagedMemory();
    private final SharedVirtualMemory shared = paged.shared;
    private final GuestMemory memory = paged.memory;
    private final Hart hart = new Hart(memory, null);
    private final List<Long> codeWrites = new ArrayList<>();

    MemoryAccessTest() {
        memory.setCodeWriteListener(codeWrites::add);
    }

    @AfterEach
    void close() {
        paged.close();
    }

    private void map(long address, long length, int permission) {
        paged.map(address, length, permission);
    }

    private long ld(long address) {
        return MemoryAccess.ld(memory.segment, memory.pages, address, hart, 0x1234);
    }

    private void sd(long address, long value) {
        MemoryAccess.sd(memory.segment, memory.pages, address, value, hart, 0x1234);
    }

    @Test
    void accessesCrossIntoPagesThatAllowThemAndFaultIntoPagesThatDoNot() {
        map(A, 2 * PAGE, PageTable.READ_WRITE);
        map(A + 2 * PAGE, PAGE, PageTable.READ);
        sd(A + PAGE - 4, 0x1122334455667788L);
        assertEquals(0x1122334455667788L, ld(A + PAGE - 4));
        shared.segment().set(SharedVirtualMemory.LONG, A + 3 * PAGE - 16, 42L);
        assertEquals(42, ld(A + 3 * PAGE - 16), "last whole long of the read-only page");

        GuestFault write = assertThrows(GuestFault.class, () -> sd(A + 2 * PAGE - 4, 1));
        assertTrue(write.getMessage().contains("write of 8 bytes at 0x101ffc"), write.getMessage());
        assertEquals(0, shared.loadInt(A + 2 * PAGE - 4), "nothing written by the faulting store");
        GuestFault read = assertThrows(GuestFault.class, () -> ld(A + 3 * PAGE - 4));
        assertTrue(read.getMessage().contains("read of 8 bytes at 0x102ffc"), read.getMessage());
    }

    @Test
    void aStoreRunningIntoACodePageReachesTheCodeWriteListener() {
        map(A, PAGE, PageTable.READ_WRITE);
        map(A + PAGE, PAGE, PageTable.READ_WRITE | PageTable.EXECUTE);
        memory.fetchParcel(A + PAGE);                   // code was decoded from the second page

        sd(A + PAGE - 8, 5);                            // within the first page: no code touched
        assertEquals(List.of(), codeWrites);
        sd(A + PAGE - 2, 0x0102030405060708L);          // runs into the code page
        assertEquals(List.of(A + PAGE), codeWrites);
        assertEquals(0x0102030405060708L, ld(A + PAGE - 2));
    }
}
