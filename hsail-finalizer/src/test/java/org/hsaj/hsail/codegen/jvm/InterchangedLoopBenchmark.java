package org.hsaj.hsail.codegen.jvm;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Where a work-group of the tiled reduction or histogram ({@link InterchangedLoopTest#REDUCE},
 * {@link InterchangedLoopTest#HISTOGRAM}: 256 work-items, E elements each, its loop interchanged) spends
 * its time, on one thread in checked mode, as nanoseconds per work-group beside a hand-written Java
 * loop over the same elements (a sum, or a count per low byte):
 * <ul>
 * <li>E = 32 and E = 1: the difference is 31 turns, what is left of E = 1 less one turn is the fixed
 *     cost of the work-group;</li>
 * <li>the same kernel with its loop's back branch taken out (one turn, no loop, no gathering): the
 *     passes at its barriers alone, so E = 1 less this is what the loop head, gathering, checks and
 *     scattering cost.</li>
 * </ul>
 * Run from the repository root after {@code ./mvnw -q -pl hsail-finalizer -am test-compile}:
 * <pre>
 * java -cp hsa-runtime/target/classes:hsail-finalizer/target/classes:hsail-finalizer/target/test-classes:$(find \
 *     ~/.m2/repository/org/ow2/asm ~/.m2/repository/org/junit/jupiter/junit-jupiter-api \
 *     ~/.m2/repository/org/opentest4j -name '*.jar' | tr '\n' ':') \
 *     org.hsaj.hsail.codegen.jvm.InterchangedLoopBenchmark [work-groups] [rounds] [reduction|histogram]
 * </pre>
 * {@code -Dhsaj.dump=DIR} writes the generated classes there.
 */
public final class InterchangedLoopBenchmark {
    private static final int GROUP = 256;

    private InterchangedLoopBenchmark() {
    }

    public static void main(String[] args) {
        int groups = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        boolean histogram = args.length > 2 && args[2].equals("histogram");
        String kernel = histogram ? InterchangedLoopTest.HISTOGRAM : InterchangedLoopTest.REDUCE;
        String backBranch = histogram ? "cbr_b1 $c1, @count;" : "cbr_b1 $c1, @sum;";
        int e = 32;
        int n = groups * GROUP * e;
        try (KernelRunner r = new KernelRunner(1L << 30)) {
            long in = r.allocate(4L * n);
            long sum = r.allocate(4 * 256); // the sum, or the bins
            MemorySegment seg = r.memory.segment();
            for (int i = 0; i < n; i++) {
                seg.set(SharedVirtualMemory.INT, in + 4L * i, i * 0x9E3779B9);
            }
            CompiledKernel looped = compile(kernel);
            String once = kernel.replace(backBranch, "");
            if (once.equals(kernel)) {
                throw new IllegalStateException("the loop's back branch moved");
            }
            CompiledKernel unlooped = compile(once);
            DispatchContext full = r.dispatch(looped, DispatchGeometry.of1D(n / e, GROUP), r.kernarg(in, sum, n, e), 0);
            DispatchContext one = r.dispatch(looped, DispatchGeometry.of1D(groups * GROUP, GROUP),
                    r.kernarg(in, sum, groups * GROUP, 1), 0);
            DispatchContext noLoop = r.dispatch(unlooped, DispatchGeometry.of1D(groups * GROUP, GROUP),
                    r.kernarg(in, sum, groups * GROUP, 1), 0);
            String[] names = {"hand-written loop, E = 32", "kernel, E = 32", "kernel, E = 1",
                "kernel without its back branch (no loop)"};
            int[] sink = new int[1];
            int[] bins = new int[256];
            Runnable hand = histogram ? () -> count(seg, in, n, bins) : () -> sink[0] += handWritten(seg, in, n);
            Runnable[] variants = {hand, () -> r.run(looped, full),
                () -> r.run(looped, one), () -> r.run(unlooped, noLoop)};
            double[] best = new double[variants.length];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            // Interleaved rounds, best of each, in this thread's CPU time: the machine may be shared.
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            for (int round = 0; round < rounds; round++) {
                for (int v = 0; v < variants.length; v++) {
                    long t0 = cpu.getCurrentThreadCpuTime();
                    variants[v].run();
                    best[v] = Math.min(best[v], (cpu.getCurrentThreadCpuTime() - t0) / 1e9);
                }
            }
            long before = WorkGroupState.INTERCHANGED_RUNS.sum();
            r.run(looped, full);
            if (WorkGroupState.INTERCHANGED_RUNS.sum() - before != groups) {
                throw new AssertionError("not every work-group ran its loop interchanged");
            }
            System.out.printf("%s, %d work-groups of %d, one thread, checked mode, best of %d rounds (thread CPU"
                    + " time), ns per work-group%n", histogram ? "histogram" : "reduction", groups, GROUP, rounds);
            for (int v = 0; v < variants.length; v++) {
                System.out.printf("%-48s %8.0f%n", names[v], best[v] / groups * 1e9);
            }
            System.out.printf("ratio hand-written / jvm at E = 32: %.2f%n", best[0] / best[1]);
            System.out.printf("per turn ((E=32 - E=1) / 31): %.0f ns; the loop's head point, gathering, checks and"
                    + " the pass after it (E=1 - no loop): %.0f ns%n", (best[1] - best[2]) / 31 / groups * 1e9,
                    (best[2] - best[3]) / groups * 1e9);
            System.out.printf("(hand-written results: %d, %d)%n", sink[0], bins[0]); // kept, so computed
        }
    }

    private static CompiledKernel compile(String text) {
        var m = KernelRunner.parse(text);
        JvmCompilerOptions o = JvmCompilerOptions.checkedMode();
        String dump = System.getProperty(JvmCompilerOptions.DUMP_PROPERTY);
        return new JvmKernelCompiler(dump == null ? o : o.withDumpDirectory(java.nio.file.Path.of(dump)))
                .compile(m, m.kernels().getFirst());
    }

    private static void count(MemorySegment seg, long in, int n, int[] bins) {
        for (long i = 0; i < n; i++) {
            bins[seg.get(SharedVirtualMemory.INT, in + 4 * i) & 255]++;
        }
    }

    private static int handWritten(MemorySegment seg, long in, int n) {
        int s = 0;
        for (long i = 0; i < n; i++) {
            s += seg.get(SharedVirtualMemory.INT, in + 4 * i);
        }
        return s;
    }
}
