package org.hsaj.runtime.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.AtomicOp;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.MemoryRegion;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SignalTest {
    private final SharedVirtualMemory svm = SharedVirtualMemory.reserve(64L << 20);
    private final MemoryRegion region = MemoryRegion.global("signals", MemoryRegion.FLAG_FINE_GRAINED, 1 << 20, svm);
    private volatile boolean shutDown;

    private SignalTable table(WaitStrategyKind kind) {
        return new SignalTable(svm, region, kind, () -> shutDown);
    }

    @AfterEach
    void close() {
        svm.close();
    }

    @Test
    void valueLivesAtHandlePlusEightAndOperationsReturnPreviousValues() {
        Signal s = table(WaitStrategyKind.BLOCKING).create(10);
        assertEquals(10, svm.loadLong(s.handle() + SignalLayout.VALUE));
        assertEquals(10, s.apply(AtomicOp.ADD, 5, MemoryOrder.ACQ_REL));
        assertEquals(15, s.apply(AtomicOp.SUB, 3, MemoryOrder.RELEASE));
        assertEquals(12, s.apply(AtomicOp.AND, 0b1010, MemoryOrder.ACQUIRE));
        assertEquals(8, s.apply(AtomicOp.OR, 1, MemoryOrder.RELAXED));
        assertEquals(9, s.apply(AtomicOp.XOR, 0xF, MemoryOrder.RELAXED));
        assertEquals(6, s.apply(AtomicOp.EXCHANGE, 100, MemoryOrder.ACQ_REL));
        assertEquals(100, s.compareAndSwap(1, 2, MemoryOrder.ACQ_REL));
        assertEquals(100, s.compareAndSwap(100, 2, MemoryOrder.ACQ_REL));
        assertEquals(2, s.load(MemoryOrder.ACQUIRE));
        s.store(-7, MemoryOrder.RELAXED);
        assertEquals(-7, svm.loadLong(s.valueAddress()));
    }

    @ParameterizedTest
    @EnumSource(WaitStrategyKind.class)
    void everyConditionIsWokenByAnotherThreadWithEveryStrategy(WaitStrategyKind kind) throws Exception {
        SignalTable signals = table(kind);
        record Case(SignalCondition condition, long compare, long start, long finish) {
        }
        Case[] cases = {new Case(SignalCondition.EQ, 0, 1, 0), new Case(SignalCondition.NE, 5, 5, 6),
                new Case(SignalCondition.LT, 1, 1, 0), new Case(SignalCondition.GTE, 10, 0, 10)};
        for (Case c : cases) {
            Signal s = signals.create(c.start);
            CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() ->
                    s.waitFor(c.condition, c.compare, Long.MAX_VALUE, WaitState.BLOCKED, MemoryOrder.ACQUIRE));
            Thread.sleep(5);
            s.store(c.finish, MemoryOrder.RELEASE);
            assertEquals(c.finish, waiter.get(10, TimeUnit.SECONDS), c.condition + " with " + kind);
        }
    }

    @Test
    void aTimedOutWaitReturnsTheUnsatisfyingValue() {
        Signal s = table(WaitStrategyKind.BLOCKING).create(3);
        long start = System.nanoTime();
        assertEquals(3, s.waitFor(SignalCondition.EQ, 0, 20_000_000L, WaitState.BLOCKED, MemoryOrder.ACQUIRE));
        assertTrue(System.nanoTime() - start >= 20_000_000L, "returned before its timeout");
        assertEquals(3, s.waitFor(SignalCondition.LT, 0, 1_000_000L, WaitState.ACTIVE, MemoryOrder.RELAXED));
    }

    @Test
    void aPlainStoreToSharedMemoryIsNoticedWithoutANotification() throws Exception {
        Signal s = table(WaitStrategyKind.BLOCKING).create(1);
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() ->
                s.waitFor(SignalCondition.EQ, 0, Long.MAX_VALUE, WaitState.BLOCKED, MemoryOrder.ACQUIRE));
        Thread.sleep(5);
        svm.storeLong(s.valueAddress(), 0); // as guest code would: no wake-up call
        assertEquals(0, waiter.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aPhasedWaiterBlocksThroughItsRechecksAndStillSeesAPlainStore() throws Exception {
        Signal s = table(WaitStrategyKind.PHASED).create(1);
        SpinYieldBlockWaitStrategy strategy = (SpinYieldBlockWaitStrategy) s.waitStrategy();
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() ->
                s.waitFor(SignalCondition.EQ, 0, Long.MAX_VALUE, WaitState.BLOCKED, MemoryOrder.ACQUIRE));
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!strategy.hasBlockedWaiters() && System.nanoTime() < giveUp) {
            Thread.sleep(1);
        }
        assertTrue(strategy.hasBlockedWaiters(), "the waiter never blocked");
        Thread.sleep(30); // some hundred re-checks
        svm.storeLong(s.valueAddress(), 0); // as guest code would: no wake-up call
        assertEquals(0, waiter.get(10, TimeUnit.SECONDS));
        // Spinning and yielding happen once, at the start; the re-checks stay blocked.
        assertEquals(1, strategy.yieldPhases);
    }

    @Test
    void destroyingASignalReleasesItsWaitersAndInvalidatesTheHandle() throws Exception {
        SignalTable signals = table(WaitStrategyKind.PHASED);
        Signal s = signals.create(1);
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() ->
                s.waitFor(SignalCondition.EQ, 0, Long.MAX_VALUE, WaitState.BLOCKED, MemoryOrder.ACQUIRE));
        Thread.sleep(5);
        signals.destroy(s.handle());
        assertEquals(1, waiter.get(10, TimeUnit.SECONDS));
        HsaException e = assertThrows(HsaException.class, () -> signals.lookup(s.handle()));
        assertEquals(HsaStatus.ERROR_INVALID_SIGNAL, e.status());
        assertThrows(HsaException.class, () -> signals.destroy(s.handle()));
    }

    @Test
    void shuttingDownReleasesWaiters() throws Exception {
        SignalTable signals = table(WaitStrategyKind.BLOCKING);
        Signal s = signals.create(1);
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() ->
                s.waitFor(SignalCondition.EQ, 0, Long.MAX_VALUE, WaitState.BLOCKED, MemoryOrder.ACQUIRE));
        Thread.sleep(5);
        shutDown = true;
        signals.wakeAll();
        assertEquals(1, waiter.get(10, TimeUnit.SECONDS));
    }

    @Test
    void slotsAreReusedAndManySignalsFit() {
        SignalTable signals = table(WaitStrategyKind.BLOCKING);
        long first = signals.create(0).handle();
        signals.destroy(first);
        for (int i = 0; i < 200; i++) {
            signals.create(i);
        }
        assertEquals(200, signals.liveCount());
        assertEquals(0, region.allocatedBytes() % 4096);
    }

    @Test
    void waitStrategyNamesParse() {
        assertEquals(WaitStrategyKind.BUSY_SPIN, WaitStrategyKind.parse("busy-spin"));
        assertEquals(WaitStrategyKind.PHASED, WaitStrategyKind.parse(" Phased "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WaitStrategyKind.parse("lazy"));
        assertEquals("unknown wait strategy 'lazy' (expected blocking, sleeping, yielding, busy-spin or phased)",
                e.getMessage());
    }
}
