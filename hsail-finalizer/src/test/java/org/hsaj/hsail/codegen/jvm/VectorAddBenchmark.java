package org.hsaj.hsail.codegen.jvm;

import java.lang.foreign.MemorySegment;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Side-by-side speed of the JVM back end: vector add of 16M floats (1D grid, work-groups of 256) on one
 * thread, in fast and checked mode, against a hand-written Java loop over the same MemorySegment.
 * Prints work-items per second and the ratio. Run from the repository root after
 * {@code ./mvnw -q -pl hsail-finalizer -am test-compile}:
 * <pre>
 * java -cp hsa-runtime/target/classes:hsail-finalizer/target/classes:hsail-finalizer/target/test-classes:$(find \
 *     ~/.m2/repository/org/ow2/asm ~/.m2/repository/org/junit/jupiter/junit-jupiter-api \
 *     ~/.m2/repository/org/opentest4j -name '*.jar' | tr '\n' ':') \
 *     org.hsaj.hsail.codegen.jvm.VectorAddBenchmark [elements] [rounds]
 * </pre>
 * {@code -Dkernel=FILE} measures another HSAIL kernel with the same four parameters instead.
 */
public final class VectorAddBenchmark {
    private VectorAddBenchmark() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 16 << 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (KernelRunner r = new KernelRunner(2L << 30)) {
            long a = r.allocate(4L * n);
            long b = r.allocate(4L * n);
            long c = r.allocate(4L * n);
            MemorySegment seg = r.memory.segment();
            for (int i = 0; i < n; i++) {
                seg.set(SharedVirtualMemory.FLOAT, a + 4L * i, i);
                seg.set(SharedVirtualMemory.FLOAT, b + 4L * i, 2 * i);
            }
            long kernarg = r.kernarg(a, b, c, n);
            CompiledKernel fast = compile(JvmCompilerOptions.fastMode());
            CompiledKernel checked = compile(JvmCompilerOptions.checkedMode());
            DispatchContext df = r.dispatch(fast, DispatchGeometry.of1D(n, 256), kernarg, 0);
            DispatchContext dc = r.dispatch(checked, DispatchGeometry.of1D(n, 256), kernarg, 0);
            Runnable[] variants = {() -> handWritten(seg, a, b, c, n), () -> r.run(fast, df), () -> r.run(checked, dc)};
            double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
            // Interleaved rounds, best of each, timed in this thread's CPU time: the machine may be shared, so
            // the ratios come from the same moments and time spent descheduled does not count.
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int round = 0; round < rounds; round++) {
                for (int v = 0; v < variants.length; v++) {
                    long t0 = cpu.getCurrentThreadCpuTime();
                    variants[v].run();
                    best[v] = Math.min(best[v], (cpu.getCurrentThreadCpuTime() - t0) / 1e9);
                }
            }
            for (int i = 0; i < n; i += 4099) {
                if (seg.get(SharedVirtualMemory.FLOAT, c + 4L * i) != 3f * i) {
                    throw new AssertionError("wrong result at " + i);
                }
            }
            System.out.printf("vector add, %d elements, work-groups of 256, one thread, best of %d rounds (thread CPU time)%n", n, rounds);
            System.out.printf("hand-written loop       %8.1f M items/s%n", n / best[0] / 1e6);
            System.out.printf("jvm back end, fast      %8.1f M items/s  (%.2f of hand-written)%n", n / best[1] / 1e6,
                    best[0] / best[1]);
            System.out.printf("jvm back end, checked   %8.1f M items/s  (%.2f of hand-written)%n", n / best[2] / 1e6,
                    best[0] / best[2]);
        }
    }

    private static CompiledKernel compile(JvmCompilerOptions o) {
        String text = VectorAddTest.VECTOR_ADD;
        String file = System.getProperty("kernel");
        if (file != null) {
            try {
                text = java.nio.file.Files.readString(java.nio.file.Path.of(file));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        var m = KernelRunner.parse(text);
        return new JvmKernelCompiler(o).compile(m, m.kernels().getFirst());
    }

    private static void handWritten(MemorySegment seg, long a, long b, long c, int n) {
        for (long i = 0; i < n; i++) {
            seg.set(SharedVirtualMemory.FLOAT, c + 4 * i,
                    seg.get(SharedVirtualMemory.FLOAT, a + 4 * i) + seg.get(SharedVirtualMemory.FLOAT, b + 4 * i));
        }
    }

}
