package org.hsaj.hsail.codegen.jvm;

import org.hsaj.runtime.memory.AccessKind;
import org.hsaj.runtime.memory.MemoryAccessException;
import org.hsaj.runtime.memory.PageTable;

/**
 * The checks of checked mode: flat, global, readonly and kernarg accesses consult the page table;
 * group and private accesses must stay inside the work-group's group memory and the work-item's
 * private memory. Each returns the address it checked so the generated code keeps it on the stack.
 */
final class MemoryChecks {
    private MemoryChecks() {
    }

    /** The exception for an access the page table refused (the generated code has seen it refused). */
    static RuntimeException pageFault(PageTable pages, long address, int length, boolean write) {
        try {
            pages.check(address, length, write ? AccessKind.WRITE : AccessKind.READ);
        } catch (MemoryAccessException e) {
            return e;
        }
        return new IllegalStateException(String.format("page check of 0x%x failed but the page table allows it",
                address));
    }

    /** The exception for a group or private access beyond the segment. */
    static RuntimeException segmentFault(long address, int length, long size, boolean write, String segment) {
        return new MemoryAccessException(address, length, write ? AccessKind.WRITE : AccessKind.READ, String.format(
                "%s segment address outside the %d bytes of %s memory", segment, size, segment));
    }

    static long read(PageTable pages, long address, int length) {
        pages.check(address, length, AccessKind.READ);
        return address;
    }

    static long write(PageTable pages, long address, int length) {
        pages.check(address, length, AccessKind.WRITE);
        return address;
    }

}
