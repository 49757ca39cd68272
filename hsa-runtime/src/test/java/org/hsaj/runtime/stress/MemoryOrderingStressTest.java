package org.hsaj.runtime.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.hsaj.runtime.memory.AtomicOp;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.MemoryRegion;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.hsaj.runtime.packet.BarrierPacket;
import org.hsaj.runtime.packet.FenceScope;
import org.hsaj.runtime.packet.PacketHeader;
import org.hsaj.runtime.packet.PacketType;
import org.hsaj.runtime.queue.QueueLayout;
import org.hsaj.runtime.queue.QueueType;
import org.hsaj.runtime.queue.UserModeQueue;
import org.hsaj.runtime.signal.Signal;
import org.hsaj.runtime.signal.SignalTable;
import org.hsaj.runtime.signal.WaitStrategyKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The memory-ordering contracts of queue indices, packet headers and signals, raced under stress.
 * Each test lists the acceptable outcomes and the forbidden one, and fails if a forbidden one is seen.
 */
class MemoryOrderingStressTest {
    private static final int BATCHES = 40;
    private static final int BATCH = 2048;

    private final SharedVirtualMemory svm = SharedVirtualMemory.reserve(256L << 20);
    private final MemoryRegion region = MemoryRegion.global("stress", MemoryRegion.FLAG_FINE_GRAINED, 128L << 20, svm);
    private final SignalTable signals = new SignalTable(svm, region, WaitStrategyKind.BUSY_SPIN, () -> false);

    @AfterEach
    void close() {
        svm.close();
    }

    private static void assertOnly(Map<String, Integer> outcomes, Set<String> acceptable, String forbidden) {
        assertEquals(null, outcomes.get(forbidden), "forbidden outcome " + forbidden + " seen: " + outcomes);
        assertTrue(acceptable.containsAll(outcomes.keySet()), "unexpected outcomes " + outcomes);
    }

    private UserModeQueue queue() {
        long ring = region.allocate(4 * 64);
        long descriptor = region.allocate(QueueLayout.DESCRIPTOR_SIZE);
        return new UserModeQueue(svm, descriptor, ring, 4, QueueType.MULTI, QueueLayout.FEATURE_KERNEL_DISPATCH, 0,
                signals.create(-1), WaitStrategyKind.BUSY_SPIN);
    }

    /**
     * Producer: body then header (release). Consumer: header (acquire) then body.
     * Forbidden: the header is seen published while the body is not yet there.
     */
    @Test
    void aPublishedHeaderCarriesItsPacketBody() throws InterruptedException {
        PacketHeader header = PacketHeader.of(PacketType.BARRIER_AND, false, FenceScope.NONE, FenceScope.NONE);
        Map<String, Integer> outcomes = StressHarness.run(BATCHES / 4, 256, i -> queue(),
                q -> {
                    q.publish(0, BarrierPacket.of(header, 0x77, 0x1111, 0x2222));
                    return "published";
                },
                q -> {
                    if (PacketHeader.typeOf(q.loadHeader(0)) == PacketType.INVALID.value()) {
                        return "not-yet";
                    }
                    long dep = svm.segment().get(SharedVirtualMemory.LONG, q.slotAddress(0) + 16);
                    long done = svm.segment().get(SharedVirtualMemory.LONG, q.slotAddress(0) + 56);
                    return dep == 0x2222 && done == 0x77 ? "body" : "stale-body";
                });
        assertOnly(outcomes, Set.of("published|not-yet", "published|body"), "published|stale-body");
    }

    /**
     * Processor: reset the slot to INVALID, then advance read_index (release). Producer: read_index
     * (acquire), then the slot. Forbidden: read_index says the slot is free but it still holds the old packet.
     */
    @Test
    void anAdvancedReadIndexMeansTheSlotWasReset() throws InterruptedException {
        PacketHeader header = PacketHeader.of(PacketType.BARRIER_AND, false, FenceScope.NONE, FenceScope.NONE);
        short invalid = PacketHeader.of(PacketType.INVALID, false, FenceScope.NONE, FenceScope.NONE).encode();
        Map<String, Integer> outcomes = StressHarness.run(BATCHES / 4, 256, i -> {
                    UserModeQueue q = queue();
                    q.publish(q.reserve(1), BarrierPacket.of(header, 0));
                    return q;
                },
                q -> {
                    q.storeHeader(0, invalid);
                    q.storeReadIndex(1, MemoryOrder.RELEASE);
                    return "consumed";
                },
                q -> {
                    if (q.loadReadIndex(MemoryOrder.ACQUIRE) < 1) {
                        return "full";
                    }
                    return PacketHeader.typeOf(q.loadHeader(0)) == PacketType.INVALID.value() ? "free" : "stale-slot";
                });
        assertOnly(outcomes, Set.of("consumed|full", "consumed|free"), "consumed|stale-slot");
    }

    /**
     * Writer: data, then the signal decremented to 0 with release order (a completion). Waiter: the
     * signal (acquire), then data. Forbidden: the signal reads 0 but the data is stale.
     */
    @Test
    void aCompletionSignalPublishesTheResultsBeforeIt() throws InterruptedException {
        long data = region.allocate((long) BATCH * 8);
        Signal[] pool = new Signal[BATCH];
        for (int i = 0; i < BATCH; i++) {
            pool[i] = signals.create(1);
        }
        record State(Signal signal, long data) {
        }
        Map<String, Integer> outcomes = StressHarness.run(BATCHES, BATCH, i -> {
                    pool[i].store(1, MemoryOrder.RELAXED);
                    svm.segment().set(SharedVirtualMemory.LONG, data + 8L * i, 0);
                    return new State(pool[i], data + 8L * i);
                },
                s -> {
                    svm.segment().set(SharedVirtualMemory.LONG, s.data, 42);
                    s.signal.apply(AtomicOp.SUB, 1, MemoryOrder.RELEASE);
                    return "done";
                },
                s -> {
                    if (s.signal.load(MemoryOrder.ACQUIRE) != 0) {
                        return "pending";
                    }
                    return svm.segment().get(SharedVirtualMemory.LONG, s.data) == 42 ? "result" : "stale-result";
                });
        assertOnly(outcomes, Set.of("done|pending", "done|result"), "done|stale-result");
    }

    /** Two producers reserve concurrently. Forbidden: both get the same packet id. */
    @Test
    void racingProducersNeverShareAPacketId() throws InterruptedException {
        Map<String, Integer> outcomes = StressHarness.run(BATCHES / 4, 256, i -> queue(),
                q -> Long.toString(q.reserve(1)),
                q -> Long.toString(q.reserve(1)));
        assertOnly(outcomes, Set.of("0|1", "1|0"), "0|0");
    }
}
