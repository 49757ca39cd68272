package org.hsaj.runtime.queue;

import com.lmax.disruptor.WaitStrategy;
import java.lang.foreign.MemorySegment;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.hsaj.runtime.packet.AqlPacket;
import org.hsaj.runtime.packet.PacketHeader;
import org.hsaj.runtime.packet.PacketType;
import org.hsaj.runtime.signal.ConditionWait;
import org.hsaj.runtime.signal.DeadlineBarrier;
import org.hsaj.runtime.signal.Signal;
import org.hsaj.runtime.signal.WaitStrategyKind;

/**
 * An HSA user-mode queue: a descriptor ({@link QueueLayout}) and a ring of 64-byte AQL packets, both in
 * shared virtual memory, plus the doorbell signal.
 *
 * <p>How HSA's protocol maps onto the Disruptor: {@code write_index} is the producers' cursor (a
 * {@link SharedMemorySequence}); a producer claims packet ids by CAS on it, but only while
 * {@code write_index - read_index < size} (the wrap point, exactly as a multi-producer sequencer gates on
 * its consumer), so a full ring pushes back on producers. The packet header's type field is the
 * availability flag: a claimed slot stays INVALID until its producer stores the header with release
 * order, after every other byte. {@code read_index} is the consumer's gating sequence, advanced with
 * release order by the packet processor once a packet is complete and its slot reset to INVALID.
 * The doorbell is the wake-up call ({@code signalAllWhenBlocking}) for the processor's wait strategy.
 *
 * <p>Threading: every method may be called from any thread; the index operations have the memory order
 * named in their argument.
 */
public final class UserModeQueue {
    private final SharedVirtualMemory memory;
    private final long address;
    private final long ringAddress;
    private final int size;
    private final QueueType type;
    private final int features;
    private final long id;
    private final Signal doorbell;
    private final SharedMemorySequence readIndex;
    private final SharedMemorySequence writeIndex;
    private final WaitStrategy spaceWaitStrategy;
    private final MemorySegment ring;
    private volatile boolean active = true;
    /**
     * Producers' last look at {@code read_index}, as the Disruptor caches its gating sequence: re-read
     * only when a claim would pass it. A plain field: a stale (smaller) value only costs a re-read.
     */
    private long cachedReadIndex;

    /**
     * Lays out a queue at {@code address} (a zeroed descriptor of {@link QueueLayout#DESCRIPTOR_SIZE}
     * bytes) with its ring at {@code ringAddress} ({@code size * 64} bytes): writes the descriptor fields
     * and marks every slot INVALID.
     */
    public UserModeQueue(SharedVirtualMemory memory, long address, long ringAddress, int size, QueueType type,
            int features, long id, Signal doorbell, WaitStrategyKind waitStrategy) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("queue size must be a power of two, got " + size);
        }
        this.memory = memory;
        this.address = address;
        this.ringAddress = ringAddress;
        this.size = size;
        this.type = type;
        this.features = features;
        this.id = id;
        this.doorbell = doorbell;
        this.readIndex = new SharedMemorySequence(memory, address + QueueLayout.READ_INDEX);
        this.writeIndex = new SharedMemorySequence(memory, address + QueueLayout.WRITE_INDEX);
        this.spaceWaitStrategy = waitStrategy.create();
        this.ring = memory.segment().asSlice(ringAddress, (long) size * AqlPacket.SIZE);
        memory.storeInt(address + QueueLayout.TYPE, type.value());
        memory.storeInt(address + QueueLayout.FEATURES, features);
        memory.storeLong(address + QueueLayout.BASE_ADDRESS, ringAddress);
        memory.storeLong(address + QueueLayout.DOORBELL_SIGNAL, doorbell.handle());
        memory.storeInt(address + QueueLayout.SIZE, size);
        memory.storeLong(address + QueueLayout.ID, id);
        short invalid = PacketHeader.of(PacketType.INVALID, false,
                org.hsaj.runtime.packet.FenceScope.NONE, org.hsaj.runtime.packet.FenceScope.NONE).encode();
        for (long slot = 0; slot < size; slot++) {
            ring.set(SharedVirtualMemory.SHORT, slot * AqlPacket.SIZE, invalid);
        }
        readIndex.set(0, MemoryOrder.RELAXED);
        writeIndex.set(0, MemoryOrder.RELEASE);
    }

    /** The {@code hsa_queue_t*}: the descriptor's address in shared virtual memory. */
    public long address() {
        return address;
    }

    public long ringAddress() {
        return ringAddress;
    }

    public int size() {
        return size;
    }

    public QueueType type() {
        return type;
    }

    public int features() {
        return features;
    }

    public long id() {
        return id;
    }

    public Signal doorbell() {
        return doorbell;
    }

    public SharedVirtualMemory memory() {
        return memory;
    }

    public SharedMemorySequence readIndexSequence() {
        return readIndex;
    }

    public SharedMemorySequence writeIndexSequence() {
        return writeIndex;
    }

    // ---- the index API of HSA -----------------------------------------------------------------

    public long loadReadIndex(MemoryOrder order) {
        return readIndex.get(order);
    }

    public void storeReadIndex(long value, MemoryOrder order) {
        readIndex.set(value, order);
        spaceWaitStrategy.signalAllWhenBlocking();
    }

    public long loadWriteIndex(MemoryOrder order) {
        return writeIndex.get(order);
    }

    public void storeWriteIndex(long value, MemoryOrder order) {
        writeIndex.set(value, order);
    }

    /** {@code hsa_queue_cas_write_index_*}: returns the value observed. */
    public long casWriteIndex(long expected, long value, MemoryOrder order) {
        return writeIndex.compareAndExchange(expected, value, order);
    }

    /** {@code hsa_queue_add_write_index_*}: returns the previous value. */
    public long addWriteIndex(long value, MemoryOrder order) {
        return writeIndex.getAndAdd(value, order);
    }

    // ---- slots ---------------------------------------------------------------------------------

    /** The address of the slot of packet {@code packetId}. */
    public long slotAddress(long packetId) {
        return ringAddress + (packetId & (size - 1)) * AqlPacket.SIZE;
    }

    /** The 64 bytes of the slot of packet {@code packetId}. */
    public MemorySegment slot(long packetId) {
        return ring.asSlice((packetId & (size - 1)) * AqlPacket.SIZE, AqlPacket.SIZE);
    }

    /** The raw 16-bit header of packet {@code packetId}, loaded with acquire order. */
    public short loadHeader(long packetId) {
        return memory.atomicLoadShort(slotAddress(packetId), MemoryOrder.ACQUIRE);
    }

    /** Stores a raw 16-bit header with release order: publishes (or, with INVALID, frees) a slot. */
    public void storeHeader(long packetId, short header) {
        memory.atomicStoreShort(slotAddress(packetId), header, MemoryOrder.RELEASE);
    }

    // ---- producer side -------------------------------------------------------------------------

    /**
     * Claims {@code count} consecutive packet ids, waiting while the ring has no room for them
     * (back-pressure: the producer sees {@code read_index + size} as its limit).
     *
     * @return the first id claimed
     * @throws HsaException ERROR_INVALID_QUEUE when the queue stops while waiting, or
     *     ERROR_INVALID_ARGUMENT when {@code count} exceeds the ring
     */
    public long reserve(int count) {
        if (count < 1 || count > size) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT,
                    "cannot reserve " + count + " slots in a queue of " + size);
        }
        while (true) {
            long current = writeIndex.get(MemoryOrder.RELAXED);
            long wrapPoint = current + count - size;
            if (wrapPoint > cachedReadIndex) {
                long consumed = readIndex.get(MemoryOrder.ACQUIRE);
                cachedReadIndex = consumed;
                if (consumed < wrapPoint) {
                    awaitSpace(wrapPoint);
                    continue;
                }
            }
            if (writeIndex.compareAndExchange(current, current + count, MemoryOrder.ACQ_REL) == current) {
                return current;
            }
        }
    }

    private void awaitSpace(long wrapPoint) {
        DeadlineBarrier barrier = new DeadlineBarrier(DeadlineBarrier.NO_DEADLINE, () -> !active);
        try {
            ConditionWait.await(spaceWaitStrategy, () -> readIndex.get(MemoryOrder.ACQUIRE) >= wrapPoint, barrier);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HsaException(HsaStatus.ERROR, "interrupted while waiting for room in queue " + id);
        }
        if (!active) {
            throw new HsaException(HsaStatus.ERROR_INVALID_QUEUE,
                    "queue " + id + " stopped while a producer waited for room in it");
        }
    }

    /** Writes every byte of {@code packet} but its header into slot {@code packetId}, then the header (release). */
    public void publish(long packetId, AqlPacket packet) {
        packet.encodeBody(slot(packetId));
        storeHeader(packetId, packet.header().encode());
    }

    /** Rings the doorbell with {@code packetId}: wakes the packet processor. */
    public void ringDoorbell(long packetId) {
        doorbell.store(packetId, MemoryOrder.RELEASE);
    }

    /** The whole producer protocol for one packet: reserve, publish, ring. Returns the packet id. */
    public long submit(AqlPacket packet) {
        long packetId = reserve(1);
        publish(packetId, packet);
        ringDoorbell(packetId);
        return packetId;
    }

    // ---- consumer side -------------------------------------------------------------------------

    /** Called by the packet processor after it advanced {@code read_index}: wakes producers waiting for room. */
    public void notifySpace() {
        spaceWaitStrategy.signalAllWhenBlocking();
    }

    /** False once the queue was inactivated, hit an error or was destroyed: nothing more is processed. */
    public boolean isActive() {
        return active;
    }

    /** Stops the queue ({@code hsa_queue_inactivate}, or after an error): its processor and producers wake and leave. */
    public void inactivate() {
        active = false;
        doorbell.wakeWaiters();
        spaceWaitStrategy.signalAllWhenBlocking();
    }

    @Override
    public String toString() {
        return String.format("queue %d at 0x%x (%s, %d packets)", id, address, type, size);
    }
}
