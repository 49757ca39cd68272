package org.hsaj.runtime.signal;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.LiteTimeoutBlockingWaitStrategy;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import java.util.concurrent.TimeUnit;

/**
 * Spins briefly, then yields, then blocks (woken by {@link #signalAllWhenBlocking}, re-checking on a
 * timeout). The Disruptor's own phased strategy spins 10,000 reads between clock checks, which is far
 * longer than its phases when a read is a shared-memory condition rather than a field; this one reads
 * the clock on every yield so each phase lasts what it says.
 */
final class SpinYieldBlockWaitStrategy implements WaitStrategy {
    private static final int SPINS = 100;
    private final long yieldNanos;
    private final LiteTimeoutBlockingWaitStrategy blocking;

    SpinYieldBlockWaitStrategy(long yieldMicros, long pollMicros) {
        this.yieldNanos = TimeUnit.MICROSECONDS.toNanos(yieldMicros);
        this.blocking = new LiteTimeoutBlockingWaitStrategy(pollMicros, TimeUnit.MICROSECONDS);
    }

    @Override
    public long waitFor(long sequence, Sequence cursor, Sequence dependentSequence, SequenceBarrier barrier)
            throws AlertException, InterruptedException, TimeoutException {
        long available;
        for (int i = 0; i < SPINS; i++) {
            if ((available = dependentSequence.get()) >= sequence) {
                return available;
            }
            Thread.onSpinWait();
        }
        long start = System.nanoTime();
        do {
            if ((available = dependentSequence.get()) >= sequence) {
                return available;
            }
            barrier.checkAlert();
            Thread.yield();
        } while (System.nanoTime() - start < yieldNanos);
        return blocking.waitFor(sequence, cursor, dependentSequence, barrier);
    }

    @Override
    public void signalAllWhenBlocking() {
        blocking.signalAllWhenBlocking();
    }
}
