package org.hsaj.runtime.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.MemoryRegion;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.hsaj.runtime.packet.BarrierPacket;
import org.hsaj.runtime.packet.FenceScope;
import org.hsaj.runtime.packet.PacketHeader;
import org.hsaj.runtime.packet.PacketType;
import org.hsaj.runtime.signal.SignalTable;
import org.hsaj.runtime.signal.WaitStrategyKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserModeQueueTest {
    private final SharedVirtualMemory svm = SharedVirtualMemory.reserve(64L << 20);
    private final MemoryRegion region = MemoryRegion.global("q", MemoryRegion.FLAG_FINE_GRAINED, 8 << 20, svm);
    private final SignalTable signals = new SignalTable(svm, region, WaitStrategyKind.BLOCKING, () -> false);

    private UserModeQueue queue(int size, QueueType type) {
        long ring = region.allocate((long) size * 64);
        long descriptor = region.allocate(QueueLayout.DESCRIPTOR_SIZE);
        return new UserModeQueue(svm, descriptor, ring, size, type, QueueLayout.FEATURE_KERNEL_DISPATCH, 7,
                signals.create(-1), WaitStrategyKind.BLOCKING);
    }

    @AfterEach
    void close() {
        svm.close();
    }

    @Test
    void descriptorHoldsHsaQueueTThenTheIndicesAtTheirDocumentedOffsets() {
        UserModeQueue q = queue(16, QueueType.SINGLE);
        long d = q.address();
        assertEquals(1, svm.loadInt(d));
        assertEquals(1, svm.loadInt(d + 4));
        assertEquals(q.ringAddress(), svm.loadLong(d + 8));
        assertEquals(q.doorbell().handle(), svm.loadLong(d + 16));
        assertEquals(16, svm.loadInt(d + 24));
        assertEquals(0, svm.loadInt(d + 28));
        assertEquals(7, svm.loadLong(d + 32));
        q.storeWriteIndex(5, MemoryOrder.RELEASE);
        q.storeReadIndex(3, MemoryOrder.RELEASE);
        assertEquals(5, svm.loadLong(d + 128));
        assertEquals(3, svm.loadLong(d + 64));
        assertEquals(5, q.addWriteIndex(2, MemoryOrder.ACQ_REL));
        assertEquals(7, q.casWriteIndex(6, 9, MemoryOrder.ACQ_REL));
        assertEquals(7, q.casWriteIndex(7, 9, MemoryOrder.ACQ_REL));
        assertEquals(9, q.loadWriteIndex(MemoryOrder.ACQUIRE));
        for (long i = 0; i < 16; i++) {
            assertEquals(PacketType.INVALID.value(), PacketHeader.typeOf(q.loadHeader(i)), "fresh slots are INVALID");
        }
        assertEquals(q.ringAddress() + 3 * 64, q.slotAddress(19), "slot = index mod size");
    }

    @Test
    void publishingWritesTheBodyThenTheHeader() {
        UserModeQueue q = queue(4, QueueType.SINGLE);
        PacketHeader header = PacketHeader.of(PacketType.BARRIER_AND, true, FenceScope.SYSTEM, FenceScope.SYSTEM);
        long id = q.submit(BarrierPacket.of(header, 0x1234, 0x10, 0x20));
        assertEquals(0, id);
        assertEquals(header.encode(), q.loadHeader(0));
        assertEquals(0x10, svm.loadLong(q.slotAddress(0) + 8));
        assertEquals(0x1234, svm.loadLong(q.slotAddress(0) + 56));
        assertEquals(0, q.doorbell().load(MemoryOrder.ACQUIRE));
        assertEquals(1, q.loadWriteIndex(MemoryOrder.ACQUIRE));
    }

    @Test
    void aFullRingPushesBackUntilTheConsumerAdvances() throws Exception {
        UserModeQueue q = queue(4, QueueType.MULTI);
        assertEquals(0, q.reserve(4));
        CompletableFuture<Long> blocked = CompletableFuture.supplyAsync(() -> q.reserve(1));
        Thread.sleep(30);
        assertFalse(blocked.isDone(), "the producer must wait: write_index - read_index == size");
        assertEquals(4, q.loadWriteIndex(MemoryOrder.ACQUIRE), "nothing claimed past the wrap point");
        q.storeReadIndex(1, MemoryOrder.RELEASE);
        assertEquals(4, blocked.get(10, TimeUnit.SECONDS));
        HsaException tooMany = assertThrows(HsaException.class, () -> q.reserve(5));
        assertEquals(HsaStatus.ERROR_INVALID_ARGUMENT, tooMany.status());
    }

    @Test
    void aProducerWaitingOnAStoppedQueueFails() throws Exception {
        UserModeQueue q = queue(2, QueueType.MULTI);
        q.reserve(2);
        CompletableFuture<Long> blocked = CompletableFuture.supplyAsync(() -> q.reserve(1));
        Thread.sleep(20);
        q.inactivate();
        Exception e = assertThrows(Exception.class, () -> blocked.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof HsaException h && h.status() == HsaStatus.ERROR_INVALID_QUEUE, e.toString());
    }

    @Test
    void concurrentProducersClaimDistinctIds() throws Exception {
        UserModeQueue q = queue(1024, QueueType.MULTI);
        Set<Long> claimed = ConcurrentHashMap.newKeySet();
        Thread[] producers = new Thread[4];
        for (int t = 0; t < producers.length; t++) {
            producers[t] = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 256; i++) {
                    assertTrue(claimed.add(q.reserve(1)));
                }
            });
        }
        for (Thread p : producers) {
            p.join();
        }
        assertEquals(1024, claimed.size());
        assertEquals(1024, q.loadWriteIndex(MemoryOrder.ACQUIRE));
    }
}
