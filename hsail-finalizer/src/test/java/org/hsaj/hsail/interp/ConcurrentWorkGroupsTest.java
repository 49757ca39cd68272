package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.WorkGroupMemory;
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
            CompiledKernel k = m.compile("&reduce");
            DispatchContext d = m.dispatch(k, DispatchGeometry.of1D(n, 64), m.kernargs(m.kernel("&reduce"), in,
                    partial, total, n));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int g = 0; g < 40; g++) {
                    long group = g;
                    WorkGroupMemory memory = m.workGroupMemory(d);
                    done.add(pool.submit(() -> k.runWorkGroup(d, memory, group, 0, 0)));
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
