package org.hsaj.runtime.signal;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.LiteTimeoutBlockingWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The Disruptor wait strategy used by signal waits and packet processors (setting
 * {@code hsaj.wait-strategy}). Every strategy is woken early by stores made through the runtime API
 * ({@code signalAllWhenBlocking}); the blocking ones also re-check on a short timeout, because guest
 * code may change a signal or ring a doorbell with a plain store to shared memory, which notifies no one.
 */
public enum WaitStrategyKind {
    /** Park on a lock; woken by API stores, re-checks every {@link #POLL_MICROS} µs. Lowest CPU use. */
    BLOCKING,
    /** Spin, then yield, then sleep with growing pauses. */
    SLEEPING,
    /** Spin briefly, then {@code Thread.yield()}. Low latency, burns a core while waiting. */
    YIELDING,
    /** Spin only. Lowest latency; needs a core per waiter. */
    BUSY_SPIN,
    /** Spin a hundred reads, yield for 100 µs, then block as {@link #BLOCKING} does. The default. */
    PHASED;

    /**
     * How often a blocked waiter re-reads shared memory that may have changed without notification. A
     * millisecond: both blocking strategies wait with {@code Object.wait(millis, nanos)}, which rounds
     * any fraction of a millisecond up to a whole one, so a shorter setting would only be what the code
     * claims, not what it does; and each re-check of an idle queue or a waiting host thread takes a
     * core from a compute unit or guest thread for a context switch.
     */
    static final long POLL_MICROS = 1_000;

    /** A fresh strategy instance (each signal and each queue has its own). */
    public WaitStrategy create() {
        return switch (this) {
            case BLOCKING -> new LiteTimeoutBlockingWaitStrategy(POLL_MICROS, TimeUnit.MICROSECONDS);
            case SLEEPING -> new SleepingWaitStrategy(200, 50_000);
            case YIELDING -> new YieldingWaitStrategy();
            case BUSY_SPIN -> new BusySpinWaitStrategy();
            case PHASED -> new SpinYieldBlockWaitStrategy(100, POLL_MICROS);
        };
    }

    /** Parses a setting value such as {@code busy-spin} or {@code PHASED}. */
    public static WaitStrategyKind parse(String text) {
        String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (WaitStrategyKind kind : values()) {
            if (kind.name().equals(normalized)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown wait strategy '" + text
                + "' (expected blocking, sleeping, yielding, busy-spin or phased)");
    }
}
