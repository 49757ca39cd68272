package org.hsaj.runtime.queue;

import com.lmax.disruptor.Sequence;
import org.hsaj.runtime.memory.AtomicOp;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * A Disruptor {@link Sequence} whose value is a 64-bit word of shared virtual memory rather than a Java
 * field: a queue's {@code write_index} (the Disruptor cursor) and {@code read_index} (the consumer's
 * gating sequence) are sequences that guest code and HSAIL can also read and update in place.
 * Orders follow Sequence's contract: {@link #get()} acquires, {@link #set(long)} releases,
 * {@link #setVolatile(long)} and the read-modify-writes are sequentially consistent.
 */
public final class SharedMemorySequence extends Sequence {
    private final SharedVirtualMemory memory;
    private final long address;

    public SharedMemorySequence(SharedVirtualMemory memory, long address) {
        this.memory = memory;
        this.address = address;
    }

    public long address() {
        return address;
    }

    @Override
    public long get() {
        return memory.atomicLoadLong(address, MemoryOrder.ACQUIRE);
    }

    public long get(MemoryOrder order) {
        return memory.atomicLoadLong(address, order);
    }

    @Override
    public void set(long value) {
        memory.atomicStoreLong(address, value, MemoryOrder.RELEASE);
    }

    public void set(long value, MemoryOrder order) {
        memory.atomicStoreLong(address, value, order);
    }

    @Override
    public void setVolatile(long value) {
        memory.atomicStoreLong(address, value, MemoryOrder.SEQ_CST);
    }

    @Override
    public boolean compareAndSet(long expected, long value) {
        return compareAndExchange(expected, value, MemoryOrder.SEQ_CST) == expected;
    }

    /** CAS in the given order; returns the value observed. */
    public long compareAndExchange(long expected, long value, MemoryOrder order) {
        return memory.compareAndExchangeLong(address, expected, value, order);
    }

    @Override
    public long incrementAndGet() {
        return addAndGet(1);
    }

    @Override
    public long addAndGet(long increment) {
        return getAndAdd(increment) + increment;
    }

    @Override
    public long getAndAdd(long increment) {
        return getAndAdd(increment, MemoryOrder.SEQ_CST);
    }

    public long getAndAdd(long increment, MemoryOrder order) {
        return memory.atomicLong(AtomicOp.ADD, address, increment, order);
    }

    @Override
    public String toString() {
        return Long.toString(get());
    }
}
