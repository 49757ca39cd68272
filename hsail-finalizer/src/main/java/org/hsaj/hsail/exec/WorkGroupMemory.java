package org.hsaj.hsail.exec;

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
}
