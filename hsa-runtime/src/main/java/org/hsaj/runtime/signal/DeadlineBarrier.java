package org.hsaj.runtime.signal;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.SequenceBarrier;
import java.util.function.BooleanSupplier;

/**
 * The {@link SequenceBarrier} handed to a Disruptor wait strategy by a waiter: it alerts (ends the
 * wait) when the waiter's deadline passes or when {@code cancelled} turns true (the platform shuts
 * down, the queue is destroyed). Only {@link #checkAlert} and the alert flag are used by strategies.
 */
public final class DeadlineBarrier implements SequenceBarrier {
    /** A deadline that never comes. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final long deadlineNanos;
    private final BooleanSupplier cancelled;
    private volatile boolean alerted;

    /**
     * @param deadlineNanos a {@link System#nanoTime()} instant, or {@link #NO_DEADLINE}
     * @param cancelled polled while waiting; true ends the wait
     */
    public DeadlineBarrier(long deadlineNanos, BooleanSupplier cancelled) {
        this.deadlineNanos = deadlineNanos;
        this.cancelled = cancelled;
    }

    /** The deadline {@code timeoutNanos} from now, saturating to {@link #NO_DEADLINE}. */
    public static long deadlineAfter(long timeoutNanos) {
        if (timeoutNanos < 0 || timeoutNanos == Long.MAX_VALUE) {
            return NO_DEADLINE;
        }
        long now = System.nanoTime();
        long deadline = now + timeoutNanos;
        return deadline < now ? NO_DEADLINE : deadline;
    }

    /** True when the deadline has passed or the wait was cancelled. */
    public boolean expired() {
        return alerted || cancelled.getAsBoolean()
                || (deadlineNanos != NO_DEADLINE && System.nanoTime() - deadlineNanos >= 0);
    }

    @Override
    public void checkAlert() throws AlertException {
        if (expired()) {
            throw AlertException.INSTANCE;
        }
    }

    @Override
    public long waitFor(long sequence) {
        throw new UnsupportedOperationException("waiters call their WaitStrategy directly");
    }

    @Override
    public long getCursor() {
        throw new UnsupportedOperationException("a deadline barrier has no cursor");
    }

    @Override
    public boolean isAlerted() {
        return alerted;
    }

    @Override
    public void alert() {
        alerted = true;
    }

    @Override
    public void clearAlert() {
        alerted = false;
    }
}
