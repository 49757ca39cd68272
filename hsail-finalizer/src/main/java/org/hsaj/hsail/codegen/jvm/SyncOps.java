package org.hsaj.hsail.codegen.jvm;

import java.lang.invoke.VarHandle;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Atomic operations that the shared memory has no single method for (wrapinc, wrapdec), signal
 * waits, and memory fences (PRM 6.6 to 6.9). Signals: a handle is the address of the signal object;
 * its int64 value is at handle + 8.
 */
final class SyncOps {
    static final long SIGNAL_VALUE = 8;
    /**
     * How long a signal wait without its own timeout waits before returning (the PRM lets a wait
     * return early; callers loop). Short, so a kernel waiting on a signal never blocks a compute unit
     * for long between watchdog polls.
     */
    static final long WAIT_TIMEOUT_NANOS = 1_000_000;

    private SyncOps() {
    }

    static int wrapinc32(SharedVirtualMemory m, long address, int limit, MemoryOrder order) {
        int old = m.atomicLoadInt(address, MemoryOrder.RELAXED);
        while (true) {
            int next = Integer.compareUnsigned(old, limit) >= 0 ? 0 : old + 1;
            int witness = m.compareAndExchangeInt(address, old, next, order);
            if (witness == old) {
                return old;
            }
            old = witness;
        }
    }

    static long wrapinc64(SharedVirtualMemory m, long address, long limit, MemoryOrder order) {
        long old = m.atomicLoadLong(address, MemoryOrder.RELAXED);
        while (true) {
            long next = Long.compareUnsigned(old, limit) >= 0 ? 0 : old + 1;
            long witness = m.compareAndExchangeLong(address, old, next, order);
            if (witness == old) {
                return old;
            }
            old = witness;
        }
    }

    static int wrapdec32(SharedVirtualMemory m, long address, int limit, MemoryOrder order) {
        int old = m.atomicLoadInt(address, MemoryOrder.RELAXED);
        while (true) {
            int next = old == 0 || Integer.compareUnsigned(old, limit) > 0 ? limit : old - 1;
            int witness = m.compareAndExchangeInt(address, old, next, order);
            if (witness == old) {
                return old;
            }
            old = witness;
        }
    }

    static long wrapdec64(SharedVirtualMemory m, long address, long limit, MemoryOrder order) {
        long old = m.atomicLoadLong(address, MemoryOrder.RELAXED);
        while (true) {
            long next = old == 0 || Long.compareUnsigned(old, limit) > 0 ? limit : old - 1;
            long witness = m.compareAndExchangeLong(address, old, next, order);
            if (witness == old) {
                return old;
            }
            old = witness;
        }
    }

    /**
     * signal_wait*: spins until the signal's value satisfies {@code condition} (0 eq, 1 ne, 2 lt, 3 gte)
     * against {@code value}, or until {@code timeoutNanos} passed (negative: no timeout). Returns the
     * value last read (the PRM allows returning early). Polls the dispatch's cancellation while waiting:
     * a work-item waiting for another work-item of its own work-group would otherwise spin for ever,
     * since they run in turn.
     */
    static long waitSignal(WorkGroupState state, long handle, int condition, long value, long timeoutNanos,
            MemoryOrder order) {
        long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        int spins = 0;
        while (true) {
            long v = state.svm.atomicLoadLong(handle + SIGNAL_VALUE, order);
            boolean met = switch (condition) {
                case 0 -> v == value;
                case 1 -> v != value;
                case 2 -> v < value;
                default -> v >= value;
            };
            if (met || System.nanoTime() - deadline >= 0) {
                return v;
            }
            if (++spins % 1024 == 0) {
                state.poll();
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** memfence with order 1 acquire, 2 release, 3 acquire-release. */
    static void fence(int order) {
        switch (order) {
            case 1 -> VarHandle.acquireFence();
            case 2 -> VarHandle.releaseFence();
            default -> VarHandle.fullFence();
        }
    }
}
