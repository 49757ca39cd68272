package org.hsaj.runtime.signal;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import java.util.function.BooleanSupplier;

/**
 * Waits for an arbitrary condition on shared memory with a Disruptor {@link WaitStrategy}: the
 * condition is presented to the strategy as a sequence that reads 1 when it holds and 0 otherwise, and
 * the strategy waits for that sequence to reach 1. Whoever makes the condition true through the runtime
 * API calls the strategy's {@code signalAllWhenBlocking}; plain stores are caught by the blocking
 * strategies' periodic re-check.
 */
public final class ConditionWait {
    private ConditionWait() {
    }

    /**
     * Returns true once {@code satisfied} holds, or false when {@code barrier} expires first.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public static boolean await(WaitStrategy strategy, BooleanSupplier satisfied, DeadlineBarrier barrier)
            throws InterruptedException {
        if (satisfied.getAsBoolean()) {
            return true;
        }
        Sequence asSequence = new Sequence() {
            @Override
            public long get() {
                return satisfied.getAsBoolean() ? 1 : 0;
            }
        };
        while (true) {
            try {
                strategy.waitFor(1, asSequence, asSequence, barrier);
                return true;
            } catch (TimeoutException periodicRecheck) {
                if (satisfied.getAsBoolean()) {
                    return true;
                }
                if (barrier.expired()) {
                    return false;
                }
            } catch (AlertException expired) {
                return satisfied.getAsBoolean();
            }
        }
    }
}
