package org.hsaj.runtime.signal;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.MemoryRegion;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Creates, finds and destroys the signals of a platform. Signal objects are carved in 64-byte slots
 * out of pages allocated from a fine-grained region, so every agent can read them.
 *
 * <p>Threading: create/destroy/lookup are safe from any thread; lookup is lock-free.
 */
public final class SignalTable {
    private final SharedVirtualMemory memory;
    private final MemoryRegion region;
    private final WaitStrategyKind waitStrategy;
    private final BooleanSupplier shutDown;
    private final ConcurrentHashMap<Long, Signal> live = new ConcurrentHashMap<>();
    private final ArrayDeque<Long> freeSlots = new ArrayDeque<>();

    public SignalTable(SharedVirtualMemory memory, MemoryRegion region, WaitStrategyKind waitStrategy,
            BooleanSupplier shutDown) {
        this.memory = memory;
        this.region = region;
        this.waitStrategy = waitStrategy;
        this.shutDown = shutDown;
    }

    /** {@code hsa_signal_create}: a new signal holding {@code initialValue}. */
    public Signal create(long initialValue) {
        long handle = takeSlot();
        memory.atomicStoreLong(handle + SignalLayout.KIND, SignalLayout.KIND_USER, MemoryOrder.RELAXED);
        memory.atomicStoreLong(handle + SignalLayout.VALUE, initialValue, MemoryOrder.RELEASE);
        Signal signal = new Signal(handle, memory, waitStrategy, shutDown);
        live.put(handle, signal);
        return signal;
    }

    private synchronized long takeSlot() {
        if (freeSlots.isEmpty()) {
            long page = region.allocate(PageTable.PAGE_SIZE);
            for (long slot = page; slot < page + PageTable.PAGE_SIZE; slot += SignalLayout.SIZE) {
                freeSlots.add(slot);
            }
        }
        return freeSlots.poll();
    }

    /**
     * The live signal with this handle.
     *
     * @throws HsaException ERROR_INVALID_SIGNAL when there is none
     */
    public Signal lookup(long handle) {
        Signal signal = live.get(handle);
        if (signal == null) {
            throw new HsaException(HsaStatus.ERROR_INVALID_SIGNAL, String.format(
                    "0x%x is not a live signal handle", handle));
        }
        return signal;
    }

    /** The live signal with this handle, or null. */
    public Signal find(long handle) {
        return live.get(handle);
    }

    /** {@code hsa_signal_destroy}: waiters wake up, the handle becomes invalid. */
    public void destroy(long handle) {
        Signal signal = live.remove(handle);
        if (signal == null) {
            throw new HsaException(HsaStatus.ERROR_INVALID_SIGNAL, String.format(
                    "0x%x is not a live signal handle (destroyed twice?)", handle));
        }
        signal.markDestroyed();
        memory.atomicStoreLong(handle + SignalLayout.KIND, 0, MemoryOrder.RELEASE);
        synchronized (this) {
            freeSlots.add(handle);
        }
    }

    /** Number of live signals. */
    public int liveCount() {
        return live.size();
    }

    /** Wakes every waiter of every signal (shut down). */
    public void wakeAll() {
        live.values().forEach(Signal::wakeWaiters);
    }
}
