package org.hsaj.cpu.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Futex wait queues of one process, keyed by guest address. The value check of a wait and the enqueue
 * happen under the same lock that wakes take, so a wake after the guest changed the value cannot be
 * lost. Waiters carry a bitset (FUTEX_WAIT_BITSET / FUTEX_WAKE_BITSET; plain WAIT/WAKE use all bits).
 * A waiter parks its own host thread outside the lock and a wake unparks exactly the threads it wakes,
 * so a wake costs what it wakes, not every waiter of the process.
 *
 * <p>Threading: all methods are thread-safe; {@link #await} blocks the calling host thread.
 */
final class Futexes {
    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        final int bitset;
        /** The queue it is in (requeue moves it); guarded by the Futexes lock. */
        long address;
        volatile boolean woken;

        Waiter(long address, int bitset) {
            this.address = address;
            this.bitset = bitset;
        }
    }

    private final Map<Long, List<Waiter>> queues = new HashMap<>();
    private final SharedVirtualMemory memory;

    Futexes(SharedVirtualMemory memory) {
        this.memory = memory;
    }

    /**
     * Waits while the word at {@code address} holds {@code expected}, until woken or until
     * {@code deadlineNanos} (System.nanoTime; Long.MAX_VALUE = forever). Returns 0, -EAGAIN,
     * -ETIMEDOUT or -EINTR (the thread was interrupted: the process is exiting).
     */
    int await(long address, int expected, int bitset, long deadlineNanos) {
        Waiter waiter = new Waiter(address, bitset);
        synchronized (this) {
            if (memory.atomicLoadInt(address, MemoryOrder.SEQ_CST) != expected) {
                return -Errno.EAGAIN;
            }
            queues.computeIfAbsent(address, a -> new ArrayList<>()).add(waiter);
        }
        while (!waiter.woken) {
            if (Thread.currentThread().isInterrupted()) {
                return giveUp(waiter, -Errno.EINTR);
            }
            if (deadlineNanos == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return giveUp(waiter, -Errno.ETIMEDOUT);
                }
                LockSupport.parkNanos(this, left);
            }
        }
        return 0;
    }

    /** Leaves the queue with {@code result}, unless a wake came first (then the wait succeeded). */
    private synchronized int giveUp(Waiter waiter, int result) {
        if (waiter.woken) {
            return 0;
        }
        List<Waiter> queue = queues.get(waiter.address);
        if (queue != null) {
            queue.remove(waiter);
            if (queue.isEmpty()) {
                queues.remove(waiter.address);
            }
        }
        return result;
    }

    /** Wakes up to {@code count} waiters on {@code address} whose bitset meets {@code bitset}. */
    synchronized int wake(long address, int count, int bitset) {
        List<Waiter> queue = queues.get(address);
        int woken = 0;
        if (queue != null) {
            for (Iterator<Waiter> it = queue.iterator(); it.hasNext() && woken < count; ) {
                Waiter w = it.next();
                if ((w.bitset & bitset) != 0) {
                    it.remove();
                    w.woken = true;
                    LockSupport.unpark(w.thread);
                    woken++;
                }
            }
            if (queue.isEmpty()) {
                queues.remove(address);
            }
        }
        return woken;
    }

    /**
     * FUTEX_CMP_REQUEUE / FUTEX_REQUEUE: wakes {@code wakeCount} waiters and moves up to
     * {@code requeueCount} of the rest to {@code target}. With {@code check}, fails with -EAGAIN unless
     * the word still holds {@code expected}.
     */
    synchronized int requeue(long address, int wakeCount, int requeueCount, long target, boolean check, int expected) {
        if (check && memory.atomicLoadInt(address, MemoryOrder.SEQ_CST) != expected) {
            return -Errno.EAGAIN;
        }
        int woken = wake(address, wakeCount, -1);
        List<Waiter> queue = queues.get(address);
        int moved = 0;
        if (queue != null) {
            List<Waiter> destination = queues.computeIfAbsent(target, a -> new ArrayList<>());
            while (!queue.isEmpty() && moved < requeueCount) {
                Waiter w = queue.remove(0);
                w.address = target;
                destination.add(w);
                moved++;
            }
            if (queue.isEmpty()) {
                queues.remove(address);
            }
            if (destination.isEmpty()) {
                queues.remove(target);
            }
        }
        return woken + moved;
    }
}
