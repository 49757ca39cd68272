package org.hsaj.runtime.signal;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.TimeUnit;

/**
 * Spins briefly, then yields, then blocks on a monitor, re-checking every {@code pollMicros} because
 * guest code may change shared memory without calling {@link #signalAllWhenBlocking}. The re-checks
 * stay in the blocking phase: a waiter that went back to spinning and yielding after each one would
 * keep half a core busy for as long as it waits (an idle queue's processor, a host thread waiting for
 * a long dispatch), taking it from the compute units and guest threads.
 *
 * <p>Why not the Disruptor's phased strategy: it reads the clock only every 10,000 condition reads, far
 * longer than its phases when a read is a shared-memory condition; and waking costs an atomic
 * read-modify-write on every signal. Here a signal that finds nobody blocked costs one volatile read.
 * A wake-up can be missed only in the instant a waiter starts blocking; the timed re-check bounds it.
 */
final class SpinYieldBlockWaitStrategy implements WaitStrategy {
    private static final int SPINS = 100;
    private final long yieldNanos;
    private final long pollNanos;
    private final Object mutex = new Object();
    private volatile int blockedWaiters;
    /** How many waits reached the yield phase (for tests: once per wait, however long it blocks). */
    int yieldPhases;

    SpinYieldBlockWaitStrategy(long yieldMicros, long pollMicros) {
        this.yieldNanos = TimeUnit.MICROSECONDS.toNanos(yieldMicros);
        this.pollNanos = TimeUnit.MICROSECONDS.toNanos(pollMicros);
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException {
        long available;
        for (int i = 0; i < SPINS; i++) {
            if ((available = dependentSequence.get()) >= sequence) {
                return available;
            }
            Thread.onSpinWait();
        }
        yieldPhases++;
        long start = System.nanoTime();
        do {
            if ((available = dependentSequence.get()) >= sequence) {
                return available;
            }
            barrier.checkAlert();
            Thread.yield();
        } while (System.nanoTime() - start < yieldNanos);
        synchronized (mutex) {
            blockedWaiters++;
            try {
                while ((available = dependentSequence.get()) < sequence) {
                    barrier.checkAlert();
                    TimeUnit.NANOSECONDS.timedWait(mutex, pollNanos);
                }
                return available;
            } finally {
                blockedWaiters--;
            }
        }
    }

    /** Whether a waiter is in the blocking phase now (for tests). */
    boolean hasBlockedWaiters() {
        return blockedWaiters > 0;
    }

    @Override
    public void signalAllWhenBlocking() {
        if (blockedWaiters > 0) {
            synchronized (mutex) {
                mutex.notifyAll();
            }
        }
    }
}
