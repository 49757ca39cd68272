package org.hsaj.bench.queue;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import org.hsaj.gpu.dispatch.GpuAgent;
import org.hsaj.platform.bench.Benchmark;
import org.hsaj.runtime.api.Agent;
import org.hsaj.runtime.api.HsaConfig;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.packet.BarrierPacket;
import org.hsaj.runtime.packet.FenceScope;
import org.hsaj.runtime.packet.KernelDispatchPacket;
import org.hsaj.runtime.packet.PacketHeader;
import org.hsaj.runtime.packet.PacketType;
import org.hsaj.runtime.queue.QueueType;
import org.hsaj.runtime.queue.UserModeQueue;
import org.hsaj.runtime.signal.Signal;
import org.hsaj.runtime.signal.SignalCondition;
import org.hsaj.runtime.signal.WaitState;
import org.hsaj.runtime.signal.WaitStrategyKind;

/**
 * {@code ./hsaj bench queue}: AQL queue dispatch latency and packet throughput, each beside the same
 * exchange through {@link ArrayBlockingQueue} in the same run.
 *
 * <ul>
 * <li>round trip: a producer submits an empty kernel dispatch and waits for its completion signal;
 *     the peer puts a request into one ArrayBlockingQueue and takes the reply from another.
 * <li>throughput: 1 or 4 producers submit barrier-AND packets (no dependencies) that one packet
 *     processor consumes; the peer's producers put into one ArrayBlockingQueue that one thread drains.
 * </ul>
 */
public final class QueueBenchmark implements Benchmark {
    private static final int RING = 1024;
    private static final PacketHeader DISPATCH = PacketHeader.of(PacketType.KERNEL_DISPATCH, false, FenceScope.SYSTEM,
            FenceScope.SYSTEM);
    private static final PacketHeader BARRIER = PacketHeader.of(PacketType.BARRIER_AND, false, FenceScope.NONE,
            FenceScope.NONE);

    @Override
    public String name() {
        return "queue";
    }

    @Override
    public String description() {
        return "AQL dispatch round-trip latency and barrier-packet throughput beside ArrayBlockingQueue";
    }

    public static void main(String[] args) throws Exception {
        System.exit(new QueueBenchmark().run(Arrays.asList(args).contains("--quick"), System.out));
    }

    @Override
    public int run(boolean quick, PrintStream out) throws Exception {
        int roundTrips = quick ? 20_000 : 200_000;
        int packets = quick ? 400_000 : 4_000_000;
        int repeats = quick ? 3 : 5;
        WaitStrategyKind[] strategies = {WaitStrategyKind.PHASED, WaitStrategyKind.YIELDING};
        out.printf("hsaj bench queue (%s): %d round trips, %d packets per throughput run, best of %d%n%n",
                quick ? "quick" : "full", roundTrips, packets, repeats);
        out.printf("%-34s %-10s %14s %14s %8s%n", "measure", "strategy", "hsaj", "ArrayBlockingQ", "ratio");
        List<String> headline = new ArrayList<>();
        for (WaitStrategyKind strategy : strategies) {
            HsaConfig config = HsaConfig.defaults().withAddressSpaceSize(1L << 30).withWaitStrategy(strategy);
            try (HsaRuntime runtime = HsaRuntime.create(config, List.of(c -> new GpuAgent(c, d -> { }, 1)))) {
                runtime.init();
                Agent gpu = runtime.agents().get(0);
                double hsaj = best(repeats, () -> dispatchRoundTripNanos(runtime, gpu, roundTrips), Math::min);
                double peer = best(repeats, () -> blockingQueueRoundTripNanos(roundTrips), Math::min);
                row(out, "dispatch round trip (ns, lower=better)", strategy, hsaj, peer, peer / hsaj);
                headline.add(String.format("round-trip[%s] %.2fx", label(strategy), peer / hsaj));
                for (int producers : new int[] {1, 4}) {
                    double h = best(repeats, () -> barrierPacketsPerSecond(runtime, gpu, producers, packets), Math::max);
                    double p = best(repeats, () -> blockingQueueItemsPerSecond(producers, packets), Math::max);
                    row(out, "barrier packets/s, " + producers + " producer" + (producers > 1 ? "s" : ""), strategy, h, p, h / p);
                    headline.add(String.format("throughput-%dp[%s] %.2fx", producers, label(strategy), h / p));
                }
            }
        }
        out.println();
        out.println("ratio > 1: hsaj's AQL queue is better than ArrayBlockingQueue (faster round trip, more packets/s)");
        out.println("queue headline: " + String.join(", ", headline));
        return 0;
    }

    private static String label(WaitStrategyKind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void row(PrintStream out, String what, WaitStrategyKind strategy, double hsaj, double peer, double ratio) {
        out.printf("%-34s %-10s %14.0f %14.0f %7.2fx%n", what, label(strategy), hsaj, peer, ratio);
    }

    @FunctionalInterface
    private interface Measurement {
        double measure() throws Exception;
    }

    private static double best(int repeats, Measurement m, java.util.function.DoubleBinaryOperator better) throws Exception {
        double best = m.measure(); // the first run warms the JIT and is kept only if nothing beats it
        for (int i = 1; i < repeats; i++) {
            best = better.applyAsDouble(best, m.measure());
        }
        return best;
    }

    /** Mean nanoseconds for submit-empty-dispatch + wait-for-completion. */
    private static double dispatchRoundTripNanos(HsaRuntime runtime, Agent gpu, int n) {
        UserModeQueue queue = runtime.queueCreate(gpu, RING, QueueType.SINGLE, null);
        Signal done = runtime.signalCreate(1);
        KernelDispatchPacket empty = KernelDispatchPacket.of(DISPATCH, 1, new int[] {64, 1, 1}, new int[] {64, 1, 1},
                0, 0, 1, 0, done.handle());
        try {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                done.store(1, MemoryOrder.RELAXED);
                queue.submit(empty);
                while (done.waitFor(SignalCondition.LT, 1, Long.MAX_VALUE, WaitState.ACTIVE, MemoryOrder.ACQUIRE) != 0) {
                    Thread.onSpinWait();
                }
            }
            return (System.nanoTime() - start) / (double) n;
        } finally {
            runtime.queueDestroy(queue);
            runtime.signalDestroy(done);
        }
    }

    private static double blockingQueueRoundTripNanos(int n) throws InterruptedException {
        ArrayBlockingQueue<Object> requests = new ArrayBlockingQueue<>(RING);
        ArrayBlockingQueue<Object> replies = new ArrayBlockingQueue<>(RING);
        Object stop = new Object();
        Thread server = Thread.ofPlatform().start(() -> {
            try {
                for (Object r = requests.take(); r != stop; r = requests.take()) {
                    replies.put(r);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Object request = new Object();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            requests.put(request);
            replies.take();
        }
        double nanos = (System.nanoTime() - start) / (double) n;
        requests.put(stop);
        server.join();
        return nanos;
    }

    private static double barrierPacketsPerSecond(HsaRuntime runtime, Agent gpu, int producers, int total)
            throws InterruptedException {
        UserModeQueue queue = runtime.queueCreate(gpu, RING, QueueType.MULTI, null);
        Signal done = runtime.signalCreate(producers);
        BarrierPacket plain = BarrierPacket.of(BARRIER, 0);
        BarrierPacket last = BarrierPacket.of(BARRIER, done.handle());
        int each = total / producers;
        try {
            long start = System.nanoTime();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 1; i < each; i++) {
                        queue.submit(plain);
                    }
                    queue.submit(last);
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            done.waitFor(SignalCondition.EQ, 0, Long.MAX_VALUE, WaitState.BLOCKED, MemoryOrder.ACQUIRE);
            return (double) each * producers / ((System.nanoTime() - start) / 1e9);
        } finally {
            runtime.queueDestroy(queue);
            runtime.signalDestroy(done);
        }
    }

    private static double blockingQueueItemsPerSecond(int producers, int total) throws InterruptedException {
        ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(RING);
        int each = total / producers;
        Object item = new Object();
        long start = System.nanoTime();
        Thread consumer = Thread.ofPlatform().start(() -> {
            try {
                for (long i = 0; i < (long) each * producers; i++) {
                    queue.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        queue.put(item);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        consumer.join();
        return (double) each * producers / ((System.nanoTime() - start) / 1e9);
    }
}
