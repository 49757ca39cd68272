package org.hsaj.platform.selfcheck;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.hsaj.gpu.dispatch.GpuAgent;
import org.hsaj.runtime.api.Agent;
import org.hsaj.runtime.api.AgentDevice;
import org.hsaj.runtime.api.DeviceType;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.memory.AtomicOp;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.MemoryRegion;
import org.hsaj.runtime.packet.AgentDispatchPacket;
import org.hsaj.runtime.packet.BarrierPacket;
import org.hsaj.runtime.packet.FenceScope;
import org.hsaj.runtime.packet.PacketHeader;
import org.hsaj.runtime.packet.PacketType;
import org.hsaj.runtime.queue.QueueType;
import org.hsaj.runtime.queue.UserModeQueue;
import org.hsaj.runtime.signal.Signal;
import org.hsaj.runtime.signal.SignalCondition;
import org.hsaj.runtime.signal.WaitState;

/**
 * The runtime's self-check: exercises shared memory, signals, queues and the packet processor of a
 * live platform end to end and prints one PASS/FAIL line per check. Each check computes its expected
 * result independently of the path under test.
 */
public final class SelfCheck {
    private static final long TIMEOUT_NANOS = 10_000_000_000L;

    private SelfCheck() {
    }

    /** Runs every check on {@code runtime}; returns true when all pass. */
    public static boolean run(HsaRuntime runtime, PrintStream out) {
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("svm-allocate-copy", SelfCheck::allocateAndCopy);
        checks.put("svm-atomics", SelfCheck::atomics);
        checks.put("signal-wait", SelfCheck::signalWait);
        checks.put("queue-barrier-and", SelfCheck::barrierAnd);
        checks.put("queue-agent-dispatch", SelfCheck::agentDispatch);
        checks.put("queue-invalid-packet", SelfCheck::invalidPacket);
        out.printf("%-24s %-6s %10s%n", "check", "result", "time");
        boolean allPassed = true;
        for (Map.Entry<String, Check> e : checks.entrySet()) {
            long start = System.nanoTime();
            String failure;
            try {
                failure = e.getValue().run(runtime);
            } catch (RuntimeException ex) {
                failure = ex.toString();
            }
            double ms = (System.nanoTime() - start) / 1e6;
            out.printf("%-24s %-6s %8.1fms%s%n", e.getKey(), failure == null ? "PASS" : "FAIL", ms,
                    failure == null ? "" : "  " + failure);
            allPassed &= failure == null;
        }
        return allPassed;
    }

    @FunctionalInterface
    private interface Check {
        /** Null on success, else what went wrong. */
        String run(HsaRuntime runtime);
    }

    private static String allocateAndCopy(HsaRuntime rt) {
        Agent gpu = rt.findAgent(DeviceType.GPU);
        MemoryRegion region = rt.findRegion(gpu, MemoryRegion.FLAG_FINE_GRAINED);
        int n = 1 << 16;
        long a = rt.memoryAllocate(region, n);
        long b = rt.memoryAllocate(region, n);
        try {
            for (int i = 0; i < n; i += 4) {
                rt.memory().storeInt(a + i, i * 31 + 7);
            }
            rt.memoryCopy(b, a, n);
            for (int i = 0; i < n; i += 4) {
                if (rt.memory().loadInt(b + i) != i * 31 + 7) {
                    return "copied word " + i + " differs";
                }
            }
            return null;
        } finally {
            rt.memoryFree(a);
            rt.memoryFree(b);
        }
    }

    private static String atomics(HsaRuntime rt) {
        MemoryRegion region = rt.findRegion(rt.findAgent(DeviceType.GPU), MemoryRegion.FLAG_FINE_GRAINED);
        long counter = rt.memoryAllocate(region, 8);
        try {
            int threads = 4;
            int each = 100_000;
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < each; i++) {
                        rt.memory().atomicLong(AtomicOp.ADD, counter, 1, MemoryOrder.RELAXED);
                    }
                }));
            }
            for (Thread w : workers) {
                w.join();
            }
            long total = rt.memory().atomicLoadLong(counter, MemoryOrder.ACQUIRE);
            return total == (long) threads * each ? null : "counter is " + total + ", expected " + threads * each;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            rt.memoryFree(counter);
        }
    }

    private static String signalWait(HsaRuntime rt) {
        Signal signal = rt.signalCreate(3);
        try {
            Thread setter = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 3; i++) {
                    signal.apply(AtomicOp.SUB, 1, MemoryOrder.RELEASE);
                }
            });
            long seen = signal.waitFor(SignalCondition.EQ, 0, TIMEOUT_NANOS, WaitState.BLOCKED, MemoryOrder.ACQUIRE);
            setter.join();
            return seen == 0 ? null : "wait returned " + seen;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            rt.signalDestroy(signal);
        }
    }

    private static String barrierAnd(HsaRuntime rt) {
        UserModeQueue queue = rt.queueCreate(rt.findAgent(DeviceType.GPU), 64, QueueType.MULTI, null);
        Signal dependency = rt.signalCreate(1);
        Signal done = rt.signalCreate(1);
        try {
            PacketHeader header = PacketHeader.of(PacketType.BARRIER_AND, true, FenceScope.SYSTEM, FenceScope.SYSTEM);
            queue.submit(BarrierPacket.of(header, done.handle(), dependency.handle()));
            if (awaitCompletion(done, 50_000_000L) == 0) {
                return "the barrier completed before its dependency was satisfied";
            }
            dependency.store(0, MemoryOrder.RELEASE);
            long seen = awaitCompletion(done, TIMEOUT_NANOS);
            return seen == 0 ? null : "completion signal is " + seen + " after the dependency was satisfied";
        } finally {
            rt.queueDestroy(queue);
            rt.signalDestroy(dependency);
            rt.signalDestroy(done);
        }
    }

    private static String agentDispatch(HsaRuntime rt) {
        Agent gpu = rt.findAgent(DeviceType.GPU);
        registerAdder(rt, gpu);
        UserModeQueue queue = rt.queueCreate(gpu, 16, QueueType.SINGLE, null);
        MemoryRegion region = rt.findRegion(gpu, MemoryRegion.FLAG_FINE_GRAINED);
        long result = rt.memoryAllocate(region, 8);
        Signal done = rt.signalCreate(1);
        try {
            PacketHeader header = PacketHeader.of(PacketType.AGENT_DISPATCH, false, FenceScope.SYSTEM, FenceScope.SYSTEM);
            queue.submit(new AgentDispatchPacket(header, ADD_FUNCTION, 0, result, new long[] {40, 2, 0, 0}, 0,
                    done.handle()));
            awaitCompletion(done, TIMEOUT_NANOS);
            long sum = rt.memory().loadLong(result);
            return sum == 42 ? null : "agent function returned " + sum + ", expected 42";
        } finally {
            rt.queueDestroy(queue);
            rt.memoryFree(result);
            rt.signalDestroy(done);
        }
    }

    private static String invalidPacket(HsaRuntime rt) {
        Agent gpu = rt.findAgent(DeviceType.GPU);
        AtomicReference<String> reported = new AtomicReference<>();
        UserModeQueue bad = rt.queueCreate(gpu, 16, QueueType.SINGLE,
                (status, q, id, message) -> reported.set(status.name() + ": " + message));
        UserModeQueue good = rt.queueCreate(gpu, 16, QueueType.SINGLE, null);
        Signal done = rt.signalCreate(1);
        try {
            long id = bad.reserve(1);
            bad.storeHeader(id, (short) 0x00FF); // type 255 does not exist
            bad.ringDoorbell(id);
            PacketHeader header = PacketHeader.of(PacketType.BARRIER_AND, false, FenceScope.NONE, FenceScope.NONE);
            good.submit(BarrierPacket.of(header, done.handle()));
            long seen = awaitCompletion(done, TIMEOUT_NANOS);
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            while (reported.get() == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            if (seen != 0) {
                return "the healthy queue did not complete its packet";
            }
            String message = reported.get();
            return message != null && message.startsWith("ERROR_INVALID_PACKET_FORMAT") ? null
                    : "the bad packet was reported as " + message;
        } finally {
            rt.queueDestroy(bad);
            rt.queueDestroy(good);
            rt.signalDestroy(done);
        }
    }

    /** Waits for a completion signal to drop below 1 (the HSA convention); returns the value seen. */
    private static long awaitCompletion(Signal done, long timeoutNanos) {
        return done.waitFor(SignalCondition.LT, 1, timeoutNanos, WaitState.BLOCKED, MemoryOrder.ACQUIRE);
    }

    private static final int ADD_FUNCTION = 1;

    private static void registerAdder(HsaRuntime rt, Agent gpu) {
        AgentDevice device = rt.device(gpu);
        if (device instanceof GpuAgent g) {
            g.registerAgentFunction(ADD_FUNCTION, (x, y, unused0, unused1) -> x + y);
        }
    }
}
