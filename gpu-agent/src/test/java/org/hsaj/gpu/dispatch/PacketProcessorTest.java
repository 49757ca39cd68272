package org.hsaj.gpu.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hsaj.runtime.api.Agent;
import org.hsaj.runtime.api.HsaConfig;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.MemoryRegion;
import org.hsaj.runtime.packet.AgentDispatchPacket;
import org.hsaj.runtime.packet.BarrierPacket;
import org.hsaj.runtime.packet.FenceScope;
import org.hsaj.runtime.packet.KernelDispatchPacket;
import org.hsaj.runtime.packet.PacketHeader;
import org.hsaj.runtime.packet.PacketType;
import org.hsaj.runtime.queue.QueueErrorCallback;
import org.hsaj.runtime.queue.QueueType;
import org.hsaj.runtime.queue.UserModeQueue;
import org.hsaj.runtime.signal.Signal;
import org.hsaj.runtime.signal.SignalCondition;
import org.hsaj.runtime.signal.WaitState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PacketProcessorTest {
    private static final long TEN_SECONDS = 10_000_000_000L;
    private static final int RECORD = 1;

    private final List<KernelDispatch> dispatched = new CopyOnWriteArrayList<>();
    private volatile KernelExecutor executor = dispatched::add;
    private final List<long[]> calls = Collections.synchronizedList(new ArrayList<>());
    private final HsaRuntime runtime = HsaRuntime.create(
            HsaConfig.defaults().withAddressSpaceSize(512L << 20).withInvalidPacketGraceMillis(100),
            List.of(context -> new GpuAgent(context, d -> executor.execute(d), 2)));
    private final Agent gpu;

    record Failure(HsaStatus status, long packetId, String message) {
    }

    private final BlockingQueue<Failure> failures = new LinkedBlockingQueue<>();
    private final QueueErrorCallback recordFailures = (status, q, id, message) -> failures.add(new Failure(status, id, message));

    PacketProcessorTest() {
        runtime.init();
        gpu = runtime.agents().get(0);
        ((GpuAgent) runtime.device(gpu)).registerAgentFunction(RECORD, (a, b, c, d) -> {
            calls.add(new long[] {a, b});
            return a * 1000 + b;
        });
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    private static PacketHeader header(PacketType type) {
        return PacketHeader.of(type, false, FenceScope.SYSTEM, FenceScope.SYSTEM);
    }

    private static long await(Signal s, long below) {
        return s.waitFor(SignalCondition.LT, below, TEN_SECONDS, WaitState.BLOCKED, MemoryOrder.ACQUIRE);
    }

    private static AgentDispatchPacket record(long a, long b, long returnAddress, long completion) {
        return new AgentDispatchPacket(header(PacketType.AGENT_DISPATCH), RECORD, 0, returnAddress, new long[] {a, b, 0, 0},
                0, completion);
    }

    private KernelDispatchPacket dispatch(int dims, int[] wg, int[] grid, long kernarg, long completion) {
        return KernelDispatchPacket.of(header(PacketType.KERNEL_DISPATCH), dims, wg, grid, 0, 0, 0xC0DE, kernarg, completion);
    }

    @Test
    void severalProducersFillOneSmallQueueAndEveryPacketIsProcessedOnceInOrder() throws Exception {
        UserModeQueue queue = runtime.queueCreate(gpu, 8, QueueType.MULTI, recordFailures);
        int producers = 4;
        int each = 2000;
        Signal done = runtime.signalCreate((long) producers * each);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < each; i++) {
                    queue.submit(record(producer, i, 0, done.handle()));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, await(done, 1));
        assertEquals(producers * each, calls.size(), "every packet exactly once");
        long[] next = new long[producers];
        for (long[] call : calls) {
            assertEquals(next[(int) call[0]]++, call[1], "packets of one producer in submission order");
        }
        assertEquals((long) producers * each, queue.loadReadIndex(MemoryOrder.ACQUIRE));
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void agentDispatchStoresItsResultAtTheReturnAddress() {
        UserModeQueue queue = runtime.queueCreate(gpu, 16, QueueType.SINGLE, recordFailures);
        long result = runtime.memoryAllocate(runtime.findRegion(gpu, MemoryRegion.FLAG_FINE_GRAINED), 8);
        Signal done = runtime.signalCreate(1);
        queue.submit(record(4, 2, result, done.handle()));
        assertEquals(0, await(done, 1));
        assertEquals(4002, runtime.memory().loadLong(result));
    }

    @Test
    void barrierAndWaitsForEveryDependencyAndTreatsNullHandlesAsSatisfied() throws Exception {
        UserModeQueue queue = runtime.queueCreate(gpu, 16, QueueType.SINGLE, recordFailures);
        Signal a = runtime.signalCreate(1);
        Signal b = runtime.signalCreate(2);
        Signal done = runtime.signalCreate(1);
        queue.submit(BarrierPacket.of(header(PacketType.BARRIER_AND), done.handle(), a.handle(), 0, b.handle()));
        Signal after = runtime.signalCreate(1);
        queue.submit(record(1, 1, 0, after.handle()));
        a.store(0, MemoryOrder.RELEASE);
        assertEquals(1, done.waitFor(SignalCondition.EQ, 0, 30_000_000L, WaitState.BLOCKED, MemoryOrder.ACQUIRE));
        b.store(1, MemoryOrder.RELEASE);
        assertEquals(1, done.waitFor(SignalCondition.EQ, 0, 30_000_000L, WaitState.BLOCKED, MemoryOrder.ACQUIRE));
        assertTrue(calls.isEmpty(), "the packet after the barrier waits for it");
        b.store(0, MemoryOrder.RELEASE);
        assertEquals(0, await(done, 1));
        assertEquals(0, await(after, 1));
        assertEquals(1, calls.size());
    }

    @Test
    void barrierOrCompletesOnAnyDependencyAndNeverOnNullHandles() {
        UserModeQueue queue = runtime.queueCreate(gpu, 16, QueueType.SINGLE, recordFailures);
        Signal a = runtime.signalCreate(1);
        Signal b = runtime.signalCreate(1);
        Signal done = runtime.signalCreate(1);
        queue.submit(BarrierPacket.of(header(PacketType.BARRIER_OR), done.handle(), 0, a.handle(), b.handle()));
        assertEquals(1, done.waitFor(SignalCondition.EQ, 0, 30_000_000L, WaitState.BLOCKED, MemoryOrder.ACQUIRE));
        b.store(0, MemoryOrder.RELEASE);
        assertEquals(0, await(done, 1));
    }

    @Test
    void barrierOrWithOnlyNullHandlesIsReportedInsteadOfHanging() throws Exception {
        UserModeQueue queue = runtime.queueCreate(gpu, 16, QueueType.SINGLE, recordFailures);
        queue.submit(BarrierPacket.of(header(PacketType.BARRIER_OR), 0));
        Failure f = failures.poll(10, TimeUnit.SECONDS);
        assertEquals(HsaStatus.ERROR_INVALID_PACKET_FORMAT, f.status());
        assertEquals("HSA_STATUS_ERROR_INVALID_PACKET_FORMAT (0x1009): packet 0 (BARRIER_OR): every dep_signal is 0, so it can never complete",
                f.message());
    }

    @Test
    void kernelDispatchesReachTheExecutorWithTheirGeometry() {
        UserModeQueue queue = runtime.queueCreate(gpu, 16, QueueType.SINGLE, recordFailures);
        Signal done = runtime.signalCreate(2);
        queue.submit(dispatch(2, new int[] {16, 8, 1}, new int[] {100, 30, 1}, 0x10000, done.handle()));
        queue.submit(dispatch(3, new int[] {4, 4, 4}, new int[] {8, 8, 8}, 0, done.handle()));
        assertEquals(0, await(done, 1));
        assertEquals(2, dispatched.size());
        KernelDispatch first = dispatched.get(0);
        assertEquals(0, first.packetId());
        assertEquals(queue.slotAddress(0), first.packetAddress());
        assertEquals(100, first.packet().gridSizeX());
        assertEquals(8, first.packet().workgroupSizeY());
        assertEquals(3, dispatched.get(1).packet().dimensions());
    }

    /** Each malformed packet, its status and the message its queue's callback receives. */
    @Test
    void everyKindOfInvalidPacketStopsOnlyItsQueue() throws Exception {
        record Bad(String name, HsaStatus status, String message, java.util.function.Consumer<UserModeQueue> submit) {
        }
        long completionOfNothing = 0xDEAD0;
        List<Bad> cases = List.of(
                new Bad("unknown type", HsaStatus.ERROR_INVALID_PACKET_FORMAT, "packet 0: unknown packet type 9",
                        q -> rawHeader(q, (short) 9)),
                new Bad("vendor specific", HsaStatus.ERROR_INVALID_PACKET_FORMAT,
                        "packet 0: vendor-specific packets are not supported by this agent", q -> rawHeader(q, (short) 0)),
                new Bad("reserved header bits", HsaStatus.ERROR_INVALID_PACKET_FORMAT,
                        "packet 0: reserved header bits 13-15 set (0x2000)", q -> rawHeader(q, (short) 0x2003)),
                new Bad("reserved fence scope", HsaStatus.ERROR_INVALID_PACKET_FORMAT,
                        "packet 0: reserved acquire fence scope 3", q -> rawHeader(q, (short) (3 | 3 << 9))),
                new Bad("zero dimensions", HsaStatus.ERROR_INVALID_PACKET_FORMAT,
                        "packet 0 (KERNEL_DISPATCH): setup.dimensions is 0 (expected 1, 2 or 3)",
                        q -> q.submit(dispatch(0, new int[] {1, 1, 1}, new int[] {1, 1, 1}, 0, 0))),
                new Bad("zero work-group", HsaStatus.ERROR_INVALID_PACKET_FORMAT,
                        "packet 0 (KERNEL_DISPATCH): workgroup_size_x is 0",
                        q -> q.submit(dispatch(1, new int[] {0, 1, 1}, new int[] {64, 1, 1}, 0, 0))),
                new Bad("zero grid", HsaStatus.ERROR_INVALID_PACKET_FORMAT,
                        "packet 0 (KERNEL_DISPATCH): grid_size_y is 0",
                        q -> q.submit(dispatch(2, new int[] {8, 8, 1}, new int[] {64, 0, 1}, 0, 0))),
                new Bad("oversized work-group", HsaStatus.ERROR_INVALID_PACKET_FORMAT,
                        "packet 0 (KERNEL_DISPATCH): work-group of 2048 work-items, more than the agent's maximum of 1024",
                        q -> q.submit(dispatch(2, new int[] {64, 32, 1}, new int[] {64, 32, 1}, 0, 0))),
                new Bad("unused dimension not 1", HsaStatus.ERROR_INVALID_PACKET_FORMAT,
                        "packet 0 (KERNEL_DISPATCH): the packet has 1 dimension but workgroup_size_y = 2 and grid_size_y = 1 (both must be 1)",
                        q -> q.submit(dispatch(1, new int[] {8, 2, 1}, new int[] {64, 1, 1}, 0, 0))),
                new Bad("misaligned kernarg", HsaStatus.ERROR_INVALID_PACKET_FORMAT,
                        "packet 0 (KERNEL_DISPATCH): kernarg_address 0x10008 is not 16-byte aligned",
                        q -> q.submit(dispatch(1, new int[] {8, 1, 1}, new int[] {64, 1, 1}, 0x10008, 0))),
                new Bad("unknown completion signal", HsaStatus.ERROR_INVALID_SIGNAL,
                        "packet 0 (BARRIER_AND): completion_signal 0xdead0 is not a live signal",
                        q -> q.submit(BarrierPacket.of(header(PacketType.BARRIER_AND), completionOfNothing))),
                new Bad("unknown agent function", HsaStatus.ERROR_INVALID_PACKET_FORMAT,
                        "packet 0 (AGENT_DISPATCH): agent dispatch type 77 names no function of this agent",
                        q -> q.submit(new AgentDispatchPacket(header(PacketType.AGENT_DISPATCH), 77, 0, 0,
                                new long[4], 0, 0))),
                new Bad("INVALID after the doorbell", HsaStatus.ERROR_INVALID_PACKET_FORMAT,
                        "is still INVALID", q -> q.ringDoorbell(q.reserve(1))));
        for (Bad bad : cases) {
            failures.clear();
            UserModeQueue broken = runtime.queueCreate(gpu, 16, QueueType.SINGLE, recordFailures);
            UserModeQueue healthy = runtime.queueCreate(gpu, 16, QueueType.SINGLE, null);
            bad.submit.accept(broken);
            Failure f = failures.poll(10, TimeUnit.SECONDS);
            assertTrue(f != null, bad.name + ": no error reported");
            assertEquals(bad.status, f.status(), bad.name);
            assertTrue(f.message().contains(bad.message), bad.name + ": " + f.message());
            assertEquals(0, f.packetId());
            assertTrue(!broken.isActive(), bad.name + ": the broken queue stops");
            Signal done = runtime.signalCreate(3);
            for (int i = 0; i < 3; i++) {
                healthy.submit(BarrierPacket.of(header(PacketType.BARRIER_AND), done.handle()));
            }
            assertEquals(0, await(done, 1), bad.name + ": the other queue keeps running");
            runtime.queueDestroy(broken);
            runtime.queueDestroy(healthy);
        }
    }

    private static void rawHeader(UserModeQueue q, short header) {
        long id = q.reserve(1);
        q.storeHeader(id, header);
        q.ringDoorbell(id);
    }

    @Test
    void aFailingDispatchIsReportedWithTheExecutorsStatus() throws Exception {
        executor = KernelExecutor.NONE;
        UserModeQueue queue = runtime.queueCreate(gpu, 16, QueueType.SINGLE, recordFailures);
        queue.submit(dispatch(1, new int[] {64, 1, 1}, new int[] {64, 1, 1}, 0, 0));
        Failure f = failures.poll(10, TimeUnit.SECONDS);
        assertEquals(HsaStatus.ERROR_INVALID_CODE_OBJECT, f.status());
        assertTrue(f.message().contains("kernel_object 0xc0de of packet 0"), f.message());
    }

    @Test
    void destroyingAQueueStopsItsProcessorThread() throws Exception {
        UserModeQueue queue = runtime.queueCreate(gpu, 16, QueueType.SINGLE, recordFailures);
        String name = "hsaj-queue-" + queue.id();
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name)));
        runtime.queueDestroy(queue);
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals(name) && t.isAlive()));
    }
}
