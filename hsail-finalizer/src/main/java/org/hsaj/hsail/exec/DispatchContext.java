package org.hsaj.hsail.exec;

import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * What every work-group of one dispatch shares: the memory, the geometry, the kernarg and packet
 * addresses, the segment sizes. Immutable except for the cancellation flag, which a watchdog or the
 * first failing work-group sets so that the other work-groups stop early.
 *
 * @param groupSegmentSize bytes of group memory per work-group: the kernel's static group variables
 *     plus the dynamic group memory the packet asks for
 * @param privateSegmentSize bytes of private (and spill) memory per work-item
 * @param packetAddress the address of the dispatch packet (HSAIL's dispatch-packet pointer)
 * @param packetId the packet's index in its queue (HSAIL {@code packetid})
 * @param queueAddress the address of the queue descriptor the packet came from
 * @param completionSignal the packet's completion signal handle (HSAIL {@code packetcompletionsig})
 */
public final class DispatchContext {
    private final SharedVirtualMemory memory;
    private final DispatchGeometry geometry;
    private final long kernargAddress;
    private final long groupSegmentSize;
    private final long privateSegmentSize;
    private final long packetAddress;
    private final long packetId;
    private final long queueAddress;
    private final long completionSignal;
    private volatile boolean cancelled;
    private volatile String cancellation;

    public DispatchContext(SharedVirtualMemory memory, DispatchGeometry geometry, long kernargAddress,
            long groupSegmentSize, long privateSegmentSize, long packetAddress, long packetId, long queueAddress,
            long completionSignal) {
        this.memory = memory;
        this.geometry = geometry;
        this.kernargAddress = kernargAddress;
        this.groupSegmentSize = groupSegmentSize;
        this.privateSegmentSize = privateSegmentSize;
        this.packetAddress = packetAddress;
        this.packetId = packetId;
        this.queueAddress = queueAddress;
        this.completionSignal = completionSignal;
    }

    /** A context for running a kernel outside any queue (tests, benchmarks): packet fields are 0. */
    public static DispatchContext standalone(SharedVirtualMemory memory, DispatchGeometry geometry,
            long kernargAddress, long groupSegmentSize, long privateSegmentSize) {
        return new DispatchContext(memory, geometry, kernargAddress, groupSegmentSize, privateSegmentSize, 0, 0, 0, 0);
    }

    public SharedVirtualMemory memory() {
        return memory;
    }

    public DispatchGeometry geometry() {
        return geometry;
    }

    public long kernargAddress() {
        return kernargAddress;
    }

    public long groupSegmentSize() {
        return groupSegmentSize;
    }

    public long privateSegmentSize() {
        return privateSegmentSize;
    }

    public long packetAddress() {
        return packetAddress;
    }

    public long packetId() {
        return packetId;
    }

    public long queueAddress() {
        return queueAddress;
    }

    public long completionSignal() {
        return completionSignal;
    }

    /**
     * True once the dispatch was cancelled. Back ends check it at least at every backward branch and
     * barrier and then throw a {@link KernelFault} (with the reason of {@link #cancellation()}).
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Why the dispatch was cancelled, or null. */
    public String cancellation() {
        return cancellation;
    }

    /** Asks every work-group of this dispatch to stop (watchdog, a failure elsewhere). */
    public void cancel(String reason) {
        cancellation = reason;
        cancelled = true;
    }
}
