package org.hsaj.bench.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The hand-written Java peer's threads: runs a loop body over [0, n) split into one contiguous chunk per
 * thread, on as many platform threads as the GPU agent has compute units.
 *
 * <p>Threading: {@link #run} is called from one thread at a time.
 */
final class ParallelLoop implements AutoCloseable {
    /** The body of a loop over the index range [{@code from}, {@code to}). */
    @FunctionalInterface
    interface Chunk {
        void run(int thread, long from, long to);
    }

    private final int threads;
    private final ExecutorService pool;

    ParallelLoop(int threads) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> Thread.ofPlatform().daemon().name("java-peer").unstarted(r));
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body} over [0, n) on every thread and waits for all of them. */
    void run(long n, Chunk body) {
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            long from = n * t / threads;
            long to = n * (t + 1) / threads;
            parts.add(pool.submit(() -> body.run(thread, from, to)));
        }
        try {
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a Java peer thread failed", e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
