package org.hsaj.hsail.exec;

import org.hsaj.runtime.memory.AccessKind;
import org.hsaj.runtime.memory.MemoryAccessException;

/**
 * The group and private memory a compute unit lends to the work-group it runs: two ranges of the shared
 * virtual memory, mapped read-write, reused from one work-group to the next (HSA does not promise
 * zeroed group or private memory).
 *
 * @param groupBase flat address of group segment address 0
 * @param groupCapacity bytes available for the group segment
 * @param privateBase flat address of the private segment of work-item 0
 * @param privateCapacity bytes available for all work-items' private segments together
 */
public record WorkGroupMemory(long groupBase, long groupCapacity, long privateBase, long privateCapacity) {
    /**
     * The exception for an access of {@code length} bytes at {@code segment} ("group" or "private")
     * segment address {@code address} that does not fit in the segment's {@code size} bytes.
     */
    public static MemoryAccessException outsideSegment(String segment, long address, int length, long size,
            boolean write) {
        return new MemoryAccessException(address, length, write ? AccessKind.WRITE : AccessKind.READ, String.format(
                "%s segment address outside the %d bytes of %s memory", segment, size, segment));
    }
}
