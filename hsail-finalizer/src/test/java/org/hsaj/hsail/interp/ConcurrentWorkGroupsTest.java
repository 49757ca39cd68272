package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hsaj.hsail.ir.Kernel;
import org.junit.jupiter.api.Test;

/** Work-groups of one dispatch run on several threads at once, as compute units do, with the sequential result. */
class ConcurrentWorkGroupsTest {
    @Test
    void reductionWithGroupsOnFourThreads() throws Exception {
        try (Machine m = new Machine("reduction.hsail")) {
            int n = 64 * 40;
            int[] data = new Random(10).ints(n, -100, 100).toArray();
            long in = m.ints(data);
            long partial = m.alloc(4L * 40);
            long total = m.alloc(4);
            Kernel k = m.kernel("&reduce");
            KernelDispatch d = KernelDispatch.of(DispatchGeometry.of(n, 64), m.kernargs(k, in, partial, total, n));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int g = 0; g < 40; g++) {
                    long group = g;
                    done.add(pool.submit(() -> m.interpreter.runWorkGroup(k, d, group, 0, 0)));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            int sum = 0;
            for (int v : data) {
                sum += v;
            }
            assertEquals(sum, m.memory.loadInt(total), "atomic total across concurrently run work-groups");
        }
    }
}
