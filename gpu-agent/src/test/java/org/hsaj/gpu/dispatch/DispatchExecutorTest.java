package org.hsaj.gpu.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hsaj.gpu.cu.RoundRobinWorkGroupScheduler;
import org.hsaj.gpu.cu.WorkGroupScheduler;
import org.hsaj.gpu.cu.WorkStealingWorkGroupScheduler;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.KernelFault;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.runtime.api.Agent;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.MemoryRegion;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.hsaj.runtime.packet.FenceScope;
import org.hsaj.runtime.packet.KernelDispatchPacket;
import org.hsaj.runtime.packet.PacketHeader;
import org.hsaj.runtime.packet.PacketType;
import org.hsaj.runtime.queue.QueueType;
import org.hsaj.runtime.queue.UserModeQueue;
import org.hsaj.runtime.signal.Signal;
import org.hsaj.runtime.signal.SignalCondition;
import org.hsaj.runtime.signal.WaitState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The compute-unit dispatcher with kernels written in Java against the back-end contract: each
 * work-item writes what it computed from its ids into memory, and the test checks every element
 * against the same formula.
 */
class DispatchExecutorTest {
    private static final long TEN_SECONDS = 10_000_000_000L;

    /**
     * out[flat abs id] = (abs x + 1000 * abs y + 1000000 * abs z) + group memory round trip; kernarg: u64 out.
     * Each work-item also writes its value into group memory and reads its neighbour's back after all
     * have written, which fails if two running work-groups shared group memory.
     */
    static class IdKernel implements CompiledKernel {
        @Override
        public String name() {
            return "&ids";
        }

        @Override
        public long kernargSegmentSize() {
            return 8;
        }

        @Override
        public int kernargSegmentAlignment() {
            return 16;
        }

        @Override
        public long groupSegmentSize() {
            return 4096;
        }

        @Override
        public long privateSegmentSize() {
            return 0;
        }

        @Override
        public void runWorkGroup(DispatchContext d, WorkGroupMemory m, long gx, long gy, long gz) {
            SharedVirtualMemory mem = d.memory();
            DispatchGeometry g = d.geometry();
            long out = mem.loadLong(d.kernargAddress());
            forEachWorkItem(g, gx, gy, gz, (local, ax, ay, az) ->
                    mem.storeLong(m.groupBase() + 8L * local, ax + 1000 * ay + 1_000_000 * az));
            Thread.yield(); // let another compute unit run while this group's memory is live
            forEachWorkItem(g, gx, gy, gz, (local, ax, ay, az) -> {
                long flat = (az * g.gridY() + ay) * g.gridX() + ax;
                mem.storeLong(out + 8 * flat, mem.loadLong(m.groupBase() + 8L * local));
            });
        }

        interface WorkItem {
            void run(int local, long ax, long ay, long az);
        }

        /** Calls {@code item} for every work-item of the (possibly partial) work-group, x fastest. */
        static void forEachWorkItem(DispatchGeometry g, long gx, long gy, long gz, WorkItem item) {
            int sx = g.currentWorkgroupSize(0, gx);
            int sy = g.currentWorkgroupSize(1, gy);
            int sz = g.currentWorkgroupSize(2, gz);
            for (int z = 0; z < sz; z++) {
                for (int y = 0; y < sy; y++) {
                    for (int x = 0; x < sx; x++) {
                        item.run((z * sy + y) * sx + x, gx * g.workgroupX() + x, gy * g.workgroupY() + y,
                                gz * g.workgroupZ() + z);
                    }
                }
            }
        }
    }

    private HsaRuntime platform(WorkGroupScheduler scheduler, long watchdogMillis) {
        return TestPlatforms.withGpu(3, scheduler, watchdogMillis);
    }

    private static final PacketHeader HEADER = PacketHeader.of(PacketType.KERNEL_DISPATCH, false, FenceScope.SYSTEM,
            FenceScope.SYSTEM);

    @ParameterizedTest
    @ValueSource(strings = {"round-robin", "work-stealing"})
    void everyWorkItemOfPartialMultiDimensionalGridsRunsOnce(String policy) {
        try (HsaRuntime rt = platform(WorkGroupScheduler.named(policy), 0)) {
            Agent gpu = rt.agents().get(0);
            GpuAgent agent = (GpuAgent) rt.device(gpu);
            long kernel = agent.registerKernel(new IdKernel());
            MemoryRegion region = rt.findRegion(gpu, MemoryRegion.FLAG_KERNARG);
            UserModeQueue queue = rt.queueCreate(gpu, 64, QueueType.MULTI, null);
            int[][] grids = {{1000, 1, 1}, {37, 29, 1}, {9, 7, 5}};
            int[][] groups = {{64, 1, 1}, {8, 4, 1}, {4, 2, 2}};
            for (int d = 0; d < 3; d++) {
                int[] grid = grids[d];
                long items = (long) grid[0] * grid[1] * grid[2];
                long out = rt.memoryAllocate(region, items * 8);
                rt.memory().fill(out, items * 8, (byte) 0xFF);
                long kernarg = rt.memoryAllocate(region, 16);
                rt.memory().storeLong(kernarg, out);
                Signal done = rt.signalCreate(1);
                queue.submit(KernelDispatchPacket.of(HEADER, d + 1, groups[d], grid, 0, 4096 + 64, kernel, kernarg,
                        done.handle()));
                assertEquals(0, done.waitFor(SignalCondition.LT, 1, TEN_SECONDS, WaitState.BLOCKED, MemoryOrder.ACQUIRE));
                for (long z = 0; z < grid[2]; z++) {
                    for (long y = 0; y < grid[1]; y++) {
                        for (long x = 0; x < grid[0]; x++) {
                            long flat = (z * grid[1] + y) * grid[0] + x;
                            assertEquals(x + 1000 * y + 1_000_000 * z, rt.memory().loadLong(out + 8 * flat),
                                    policy + " dims " + (d + 1) + " item " + x + "," + y + "," + z);
                        }
                    }
                }
            }
        }
    }

    record Failure(HsaStatus status, String message) {
    }

    private static Failure dispatchExpectingFailure(HsaRuntime rt, CompiledKernel kernel, int groupSegment,
            long kernargAddress) throws InterruptedException {
        Agent gpu = rt.agents().get(0);
        long object = ((GpuAgent) rt.device(gpu)).registerKernel(kernel);
        BlockingQueue<Failure> failures = new LinkedBlockingQueue<>();
        UserModeQueue queue = rt.queueCreate(gpu, 16, QueueType.SINGLE,
                (status, q, id, message) -> failures.add(new Failure(status, message)));
        queue.submit(KernelDispatchPacket.of(HEADER, 1, new int[] {64, 1, 1}, new int[] {640, 1, 1}, 0, groupSegment,
                object, kernargAddress, 0));
        Failure f = failures.poll(20, TimeUnit.SECONDS);
        assertTrue(f != null, "no failure reported");
        // The agent keeps serving other queues.
        UserModeQueue other = rt.queueCreate(gpu, 16, QueueType.SINGLE, null);
        long out = rt.memoryAllocate(rt.findRegion(gpu, MemoryRegion.FLAG_KERNARG), 640 * 8);
        long kernarg = rt.memoryAllocate(rt.findRegion(gpu, MemoryRegion.FLAG_KERNARG), 16);
        rt.memory().storeLong(kernarg, out);
        Signal done = rt.signalCreate(1);
        other.submit(KernelDispatchPacket.of(HEADER, 1, new int[] {64, 1, 1}, new int[] {640, 1, 1}, 0, 4096,
                ((GpuAgent) rt.device(gpu)).registerKernel(new IdKernel()), kernarg, done.handle()));
        assertEquals(0, done.waitFor(SignalCondition.LT, 1, TEN_SECONDS, WaitState.BLOCKED, MemoryOrder.ACQUIRE));
        assertEquals(639, rt.memory().loadLong(out + 639 * 8));
        return f;
    }

    @Test
    void aFaultingWorkItemFailsItsDispatchAndOnlyItsQueue() throws InterruptedException {
        CompiledKernel faulty = new IdKernel() {
            @Override
            public void runWorkGroup(DispatchContext d, WorkGroupMemory m, long gx, long gy, long gz) {
                if (gx == 7) {
                    throw new KernelFault(HsaStatus.ERROR_EXCEPTION, "&faulty", new long[] {7 * 64 + 3, 0, 0},
                            new long[] {7, 0, 0}, "line 12:5", "read of 4 bytes at 0x0: page 0x0 is not mapped", null);
                }
            }
        };
        try (HsaRuntime rt = platform(new WorkStealingWorkGroupScheduler(), 0)) {
            long kernarg = rt.memoryAllocate(rt.findRegion(rt.agents().get(0), MemoryRegion.FLAG_KERNARG), 16);
            Failure f = dispatchExpectingFailure(rt, faulty, 4096, kernarg);
            assertEquals(HsaStatus.ERROR_EXCEPTION, f.status());
            assertEquals("HSA_STATUS_ERROR_EXCEPTION (0x1016): kernel &faulty, work-item (451, 0, 0) of work-group "
                    + "(7, 0, 0), line 12:5: read of 4 bytes at 0x0: page 0x0 is not mapped", f.message());
        }
    }

    @Test
    void theWatchdogStopsAHungDispatch() throws InterruptedException {
        CompiledKernel hung = new IdKernel() {
            @Override
            public void runWorkGroup(DispatchContext d, WorkGroupMemory m, long gx, long gy, long gz) {
                while (!d.isCancelled()) {
                    Thread.onSpinWait();
                }
                throw new KernelFault(HsaStatus.ERROR_EXCEPTION, "&hung", new long[] {gx * 64, 0, 0},
                        new long[] {gx, 0, 0}, "line 3:1", d.cancellation(), null);
            }
        };
        try (HsaRuntime rt = platform(new RoundRobinWorkGroupScheduler(), 100)) {
            long kernarg = rt.memoryAllocate(rt.findRegion(rt.agents().get(0), MemoryRegion.FLAG_KERNARG), 16);
            Failure f = dispatchExpectingFailure(rt, hung, 4096, kernarg);
            assertTrue(f.message().contains("the watchdog stopped the dispatch after 100 ms"), f.message());
        }
    }

    @Test
    void packetsThatDoNotFitTheirKernelAreRejected() throws InterruptedException {
        try (HsaRuntime rt = platform(new WorkStealingWorkGroupScheduler(), 0)) {
            Failure noKernarg = dispatchExpectingFailure(rt, new IdKernel(), 4096, 0);
            assertEquals(HsaStatus.ERROR_INVALID_ARGUMENT, noKernarg.status());
            assertTrue(noKernarg.message().contains("the kernel reads 8 bytes of kernarg but [0x0, 0x8) is not mapped readable"),
                    noKernarg.message());
            long kernarg = rt.memoryAllocate(rt.findRegion(rt.agents().get(0), MemoryRegion.FLAG_KERNARG), 16);
            Failure smallGroup = dispatchExpectingFailure(rt, new IdKernel(), 100, kernarg);
            assertTrue(smallGroup.message().contains("group_segment_size 100 is less than the kernel's 4096 bytes"),
                    smallGroup.message());
        }
    }

    @Test
    void anUnknownKernelObjectIsAnInvalidCodeObject() throws InterruptedException {
        try (HsaRuntime rt = platform(new WorkStealingWorkGroupScheduler(), 0)) {
            Agent gpu = rt.agents().get(0);
            BlockingQueue<Failure> failures = new LinkedBlockingQueue<>();
            UserModeQueue queue = rt.queueCreate(gpu, 16, QueueType.SINGLE,
                    (status, q, id, message) -> failures.add(new Failure(status, message)));
            queue.submit(KernelDispatchPacket.of(HEADER, 1, new int[] {64, 1, 1}, new int[] {64, 1, 1}, 0, 0,
                    0x1234000, 0, 0));
            Failure f = failures.poll(10, TimeUnit.SECONDS);
            assertEquals(HsaStatus.ERROR_INVALID_CODE_OBJECT, f.status());
            assertTrue(f.message().contains("kernel_object 0x1234000 of packet 0 is not a finalized kernel"), f.message());
        }
    }
}
