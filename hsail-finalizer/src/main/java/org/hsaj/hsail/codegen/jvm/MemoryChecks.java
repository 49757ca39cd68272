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

    /** Bytes of address space a window found for a kernarg pointer may reach before and after it. */
    static final long POINTER_WINDOW_BEFORE = 16L << 20;
    static final long POINTER_WINDOW_AFTER = 256L << 20;
    /** Pages looked at together while a window grows (one tight loop in the page table per look). */
    private static final long STRIDE = 256 * PageTable.PAGE_SIZE;

    /**
     * The start of the window around {@code address}: the first page of the run of consecutive pages
     * that allow {@code permission} and hold it, looking back at most {@code before} bytes. The address
     * itself when its page does not allow the permission (an empty window).
     */
    static long windowStart(PageTable pages, long address, int permission, long before) {
        long page = address & -PageTable.PAGE_SIZE;
        if (!pages.allows(page, PageTable.PAGE_SIZE, permission)) {
            return address;
        }
        long floor = Math.max(0, page - before);
        while (page - STRIDE >= floor && pages.allows(page - STRIDE, STRIDE, permission)) {
            page -= STRIDE;
        }
        while (page - PageTable.PAGE_SIZE >= floor && pages.allows(page - PageTable.PAGE_SIZE, PageTable.PAGE_SIZE,
                permission)) {
            page -= PageTable.PAGE_SIZE;
        }
        return page;
    }

    /** The end (exclusive) of the window around {@code address}, looking ahead at most {@code after} bytes. */
    static long windowEnd(PageTable pages, long address, int permission, long after) {
        long end = (address & -PageTable.PAGE_SIZE) + PageTable.PAGE_SIZE;
        if (!pages.allows(end - PageTable.PAGE_SIZE, PageTable.PAGE_SIZE, permission)) {
            return address;
        }
        long ceiling = end - PageTable.PAGE_SIZE + after;
        while (end + STRIDE <= ceiling && pages.allows(end, STRIDE, permission)) {
            end += STRIDE;
        }
        while (end + PageTable.PAGE_SIZE <= ceiling && pages.allows(end, PageTable.PAGE_SIZE, permission)) {
            end += PageTable.PAGE_SIZE;
        }
        return end;
    }

    /** An access left its window: checks it against the page table, throwing the fault when the pages refuse it. */
    static void windowMiss(PageTable pages, long address, int length, boolean write) {
        if (!pages.allows(address, length, write ? PageTable.WRITE : PageTable.READ)) {
            throw pageFault(pages, address, length, write);
        }
    }

    /** A group or private access failed its quick check: exact check, throwing the fault when it is outside. */
    static void segmentAccess(long address, int length, long size, boolean write, String segment) {
        if (size < length || address < 0 || address > size - length) {
            throw segmentFault(address, length, size, write, segment);
        }
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
