package org.hsaj.runtime.signal;

import com.lmax.disruptor.WaitStrategy;
import java.util.function.BooleanSupplier;
import org.hsaj.runtime.memory.AtomicOp;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * An HSA signal: a 64-bit value in shared virtual memory ({@link SignalLayout}) plus the wait strategy
 * that parks its waiters. Every operation takes the memory order HSA defines for it; every modifying
 * operation wakes the waiters.
 *
 * <p>Threading: all methods are safe from any thread. Waits may return spuriously (HSA allows it):
 * callers re-check the returned value.
 */
public final class Signal {
    private final long handle;
    private final long valueAddress;
    private final SharedVirtualMemory memory;
    private final WaitStrategy blockedStrategy;
    private final WaitStrategy activeStrategy;
    private final BooleanSupplier cancelled;
    private final java.util.concurrent.CopyOnWriteArrayList<WaitStrategy> observers =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean destroyed;

    Signal(long handle, SharedVirtualMemory memory, WaitStrategyKind kind, BooleanSupplier cancelled) {
        this.handle = handle;
        this.valueAddress = handle + SignalLayout.VALUE;
        this.memory = memory;
        this.blockedStrategy = kind.create();
        this.activeStrategy = WaitStrategyKind.YIELDING.create();
        this.cancelled = () -> destroyed || cancelled.getAsBoolean();
    }

    /** The {@code hsa_signal_t} handle: the address of the signal object. */
    public long handle() {
        return handle;
    }

    /** The address of the 64-bit value. */
    public long valueAddress() {
        return valueAddress;
    }

    /** The wait strategy that the owner of this signal (a doorbell's queue processor) may wait with. */
    public WaitStrategy waitStrategy() {
        return blockedStrategy;
    }

    public long load(MemoryOrder order) {
        return memory.atomicLoadLong(valueAddress, order);
    }

    public void store(long value, MemoryOrder order) {
        memory.atomicStoreLong(valueAddress, value, order);
        wakeWaiters();
    }

    /** add, subtract, and, or, xor, exchange; returns the previous value. */
    public long apply(AtomicOp op, long operand, MemoryOrder order) {
        long previous = memory.atomicLong(op, valueAddress, operand, order);
        wakeWaiters();
        return previous;
    }

    /** Compare-and-swap; returns the value observed (the swap happened iff it equals {@code expected}). */
    public long compareAndSwap(long expected, long value, MemoryOrder order) {
        long observed = memory.compareAndExchangeLong(valueAddress, expected, value, order);
        if (observed == expected) {
            wakeWaiters();
        }
        return observed;
    }

    /**
     * {@code hsa_signal_wait_*}: waits until the value satisfies {@code condition} against {@code compare},
     * the timeout passes, or the signal is destroyed; returns the value last observed (which may not
     * satisfy the condition after a timeout or a spurious wake-up).
     *
     * @param timeoutNanos the timeout hint in nanoseconds (the platform's timestamp unit); negative or
     *     {@code Long.MAX_VALUE} waits without limit
     * @param order ACQUIRE or RELAXED: the order of the final load
     */
    public long waitFor(SignalCondition condition, long compare, long timeoutNanos, WaitState state,
            MemoryOrder order) {
        WaitStrategy strategy = state == WaitState.ACTIVE ? activeStrategy : blockedStrategy;
        DeadlineBarrier barrier = new DeadlineBarrier(DeadlineBarrier.deadlineAfter(timeoutNanos), cancelled);
        try {
            ConditionWait.await(strategy, () -> condition.test(load(MemoryOrder.RELAXED), compare), barrier);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return load(order);
    }

    /** Wakes every thread blocked on this signal so it re-reads the value. */
    public void wakeWaiters() {
        blockedStrategy.signalAllWhenBlocking();
        activeStrategy.signalAllWhenBlocking();
        for (WaitStrategy observer : observers) {
            observer.signalAllWhenBlocking();
        }
    }

    /**
     * Lets a waiter that watches several signals at once (a barrier packet) be woken by changes to this
     * one through its own strategy; undo with {@link #removeObserver}.
     */
    public void addObserver(WaitStrategy strategy) {
        observers.add(strategy);
    }

    public void removeObserver(WaitStrategy strategy) {
        observers.remove(strategy);
    }

    void markDestroyed() {
        destroyed = true;
        wakeWaiters();
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return String.format("signal 0x%x", handle);
    }
}
