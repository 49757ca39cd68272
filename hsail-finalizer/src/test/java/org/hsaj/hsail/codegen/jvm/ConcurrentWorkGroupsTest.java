package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.junit.jupiter.api.Test;

/** One compiled kernel runs the work-groups of a dispatch on several threads at once, as compute units do. */
class ConcurrentWorkGroupsTest {
    @Test
    void workGroupsOnFourThreadsGiveTheSequentialResult() throws Exception {
        int groups = 64;
        int wg = 128;
        int[] in = new Random(9).ints(groups * wg, -100, 100).toArray();
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            long input = r.allocate(4L * in.length);
            r.memory.write(input, Resources.ints(in), 0, 4 * in.length);
            long output = r.allocate(4L * groups);
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()),
                    Resources.kernel("reduction.hsail"));
            DispatchContext d = r.dispatch(k, DispatchGeometry.of1D((long) groups * wg, wg), r.kernarg(input, output), 0);
            AtomicLong next = new AtomicLong();
            ExecutorService units = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int unit = 0; unit < 4; unit++) {
                    long group = r.allocate(d.groupSegmentSize());
                    long priv = r.allocate(d.privateSegmentSize() * wg);
                    WorkGroupMemory m = new WorkGroupMemory(group, 4096, priv, Math.max(4096, d.privateSegmentSize() * wg));
                    running.add(units.submit(() -> {
                        for (long g; (g = next.getAndIncrement()) < groups; ) {
                            k.runWorkGroup(d, m, g, 0, 0);
                        }
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } finally {
                units.shutdown();
            }
            for (int g = 0; g < groups; g++) {
                int expected = 0;
                for (int i = 0; i < wg; i++) {
                    expected += in[g * wg + i];
                }
                assertEquals(expected, r.memory.loadInt(output + 4L * g), "work-group " + g);
            }
        }
    }
}
