package org.hsaj.cpu.linux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Futex wait queues of one process, keyed by guest address. The value check of a wait and the enqueue
 * happen under the same lock that wakes take, so a wake after the guest changed the value cannot be
 * lost. Waiters carry a bitset (FUTEX_WAIT_BITSET / FUTEX_WAKE_BITSET; plain WAIT/WAKE use all bits).
 *
 * <p>Threading: all methods are thread-safe; {@link #await} blocks the calling host thread.
 */
final class Futexes {
    private static final class Waiter {
        final int bitset;
        boolean woken;

        Waiter(int bitset) {
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
        Waiter waiter = new Waiter(bitset);
        synchronized (this) {
            if (memory.atomicLoadInt(address, MemoryOrder.SEQ_CST) != expected) {
                return -Errno.EAGAIN;
            }
            queues.computeIfAbsent(address, a -> new ArrayList<>()).add(waiter);
            try {
                while (!waiter.woken) {
                    long left = deadlineNanos == Long.MAX_VALUE ? 0 : deadlineNanos - System.nanoTime();
                    if (deadlineNanos != Long.MAX_VALUE && left <= 0) {
                        remove(address, waiter);
                        return -Errno.ETIMEDOUT;
                    }
                    if (deadlineNanos == Long.MAX_VALUE) {
                        wait();
                    } else {
                        wait(left / 1_000_000, (int) (left % 1_000_000));
                    }
                }
                return 0;
            } catch (InterruptedException e) {
                remove(address, waiter);
                Thread.currentThread().interrupt();
                return -Errno.EINTR;
            }
        }
    }

    private void remove(long address, Waiter waiter) {
        List<Waiter> queue = queues.get(address);
        if (queue != null) {
            queue.remove(waiter);
            if (queue.isEmpty()) {
                queues.remove(address);
            }
        }
    }

    /** Wakes up to {@code count} waiters on {@code address} whose bitset meets {@code bitset}. */
    synchronized int wake(long address, int count, int bitset) {
        List<Waiter> queue = queues.get(address);
        int woken = 0;
        if (queue != null) {
            for (Iterator<Waiter> it = queue.iterator(); it.hasNext() && woken < count; ) {
                Waiter w = it.next();
                if ((w.bitset & bitset) != 0) {
                    w.woken = true;
                    it.remove();
                    woken++;
                }
            }
            if (queue.isEmpty()) {
                queues.remove(address);
            }
            if (woken > 0) {
                notifyAll();
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
                destination.add(queue.remove(0));
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
