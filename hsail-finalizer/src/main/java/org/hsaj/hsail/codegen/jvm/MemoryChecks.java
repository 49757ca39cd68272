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

    static long read(PageTable pages, long address, int length) {
        pages.check(address, length, AccessKind.READ);
        return address;
    }

    static long write(PageTable pages, long address, int length) {
        pages.check(address, length, AccessKind.WRITE);
        return address;
    }

    /**
     * A segment address of {@code segment} ("group", "private") accessed with {@code length} bytes must
     * lie in [0, size).
     */
    static long segment(long address, int length, long size, boolean write, String segment) {
        if (address < 0 || address > size - length) {
            throw new MemoryAccessException(address, length, write ? AccessKind.WRITE : AccessKind.READ, String.format(
                    "%s segment address outside the %d bytes of %s memory", segment, size, segment));
        }
        return address;
    }
}
