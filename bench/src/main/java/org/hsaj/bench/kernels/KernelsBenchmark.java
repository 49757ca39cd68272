package org.hsaj.bench.kernels;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.hsaj.gpu.code.Backends;
import org.hsaj.platform.Platform;
import org.hsaj.platform.bench.Benchmark;
import org.hsaj.runtime.api.DeviceType;
import org.hsaj.runtime.api.HsaRuntime;

/**
 * {@code ./hsaj bench kernels}: items per second (work-items, or input elements for kernels whose
 * work-items take many each; a legend under the table says which) of sample kernels finalized by the
 * {@code jvm} back end, beside the same kernels on the {@code interp} back end, hand-written Java loops
 * on as many threads as the GPU agent has compute units, and the equivalent OpenCL C kernels on the first
 * OpenCL device (PoCL here) when there is one; all in one run, over the same input, each result checked
 * against the Java peer's. Prints a table of rates and ratios, then one line of headline ratios
 * (geometric means over the kernels).
 *
 * <p>Every figure is the best of several timed runs after warm-up runs that last long enough (a few
 * seconds) for the JIT compilers to be done with every peer alike; the jvm, Java and OpenCL peers take
 * turns, one run each per round, in the warm-up and the timed runs alike, so that the ratios hold when
 * the machine's load changes during a row. HSAIL
 * runs go through the real queue: a dispatch packet and a completion-signal wait each. The interpreter
 * runs a prefix of each grid (every work-item does the same work, so rates compare); OpenCL times
 * exclude moving the data.
 */
public final class KernelsBenchmark implements Benchmark {
    /** About how long one interpreter measurement runs: it covers as much of the grid as fits. */
    private static final double INTERP_SECONDS = 1.0;
    private static final double INTERP_SECONDS_QUICK = 0.4;
    /** Timed runs stop early once they have taken this long per peer (after one round). */
    private static final long BUDGET_NANOS = 15_000_000_000L;
    private static final long BUDGET_NANOS_QUICK = 2_000_000_000L;
    /**
     * Warm-up goes on, past its minimum number of runs, until it has taken this long, so that every
     * peer is measured after its JIT compilers are done with it, not during (capped by the budget).
     */
    private static final long WARMUP_NANOS = 3_000_000_000L;
    private static final long WARMUP_NANOS_QUICK = 1_000_000_000L;
    /**
     * Elements each work-item of the reduction kernel takes: the grid is the elements over this, in
     * work-groups of 256. At 32, PoCL runs it at or near its best rate (measured from 8 to 512: fewer
     * elements per work-item slow it).
     */
    private static final int ELEMENTS_PER_WORK_ITEM = 32;
    /**
     * Work-groups of the histogram kernel, each counting its tile into a partial histogram in group
     * memory and adding that to the global bins with 256 atomics. A fixed number of partial histograms,
     * their tiles growing with the input, is how GPU histogram programs size the grid, and is what the
     * Java peer does with one partial histogram per thread. At 32 elements per work-item, 16M elements
     * made 2,048 partial histograms, and clearing and merging them (524,288 global atomics) took more
     * than half of the jvm back end's time.
     */
    private static final int HISTOGRAM_WORK_GROUPS = 256;
    private static final String ROW = "%-26s %11s %11s %11s %11s %10s %10s %10s%n";

    @Override
    public String name() {
        return "kernels";
    }

    @Override
    public String description() {
        return "HSAIL kernels on the jvm back end beside interp, Java threads and OpenCL: work-items or elements"
                + " per second";
    }

    /** One measured row: items per second of each peer (NaN when not run). */
    private record Rates(String kernel, String unit, double jvm, double interp, double java, double openCl) {
    }

    @Override
    public int run(boolean quick, PrintStream out) {
        int warmups = quick ? 1 : 2;
        int runs = quick ? 3 : 5;
        long budget = quick ? BUDGET_NANOS_QUICK : BUDGET_NANOS;
        long warmup = quick ? WARMUP_NANOS_QUICK : WARMUP_NANOS;
        double interpSeconds = quick ? INTERP_SECONDS_QUICK : INTERP_SECONDS;
        int vector = quick ? 1 << 22 : 1 << 24;
        int matrix = quick ? 256 : 1024;
        List<String> backends = List.of(Backends.JVM, Backends.INTERP);
        try (HsaRuntime runtime = Platform.createDefault()) {
            int threads = runtime.findAgent(DeviceType.GPU).properties().computeUnits();
            Object peer = OpenClPeer.open();
            OpenClPeer cl = peer instanceof OpenClPeer p ? p : null;
            out.printf("GPU agent: %d compute units; Java peer: %d threads; OpenCL: %s%n", threads, threads,
                    cl != null ? cl.device() : peer);
            out.printf("best of up to %d runs after at least %d warm-up runs and %.1f s of them; interp runs the part"
                    + " of each grid that takes about %.2f s%n%n", runs, warmups, warmup / 1e9, interpSeconds);
            out.printf(ROW, "KERNEL (items/s)", "jvm", "interp", "Java", "OpenCL", "jvm/interp", "jvm/Java",
                    "jvm/OpenCL");
            List<Supplier<Workload>> workloads = List.of(
                    () -> new VectorAddWorkload(runtime, backends, vector),
                    () -> new MatrixMultiplyWorkload(runtime, backends, matrix, false),
                    () -> new MatrixMultiplyWorkload(runtime, backends, matrix, true),
                    () -> new ReductionWorkload(runtime, backends, vector, ELEMENTS_PER_WORK_ITEM),
                    () -> new HistogramWorkload(runtime, backends, vector,
                            HistogramWorkload.elementsPerWorkItem(vector, HISTOGRAM_WORK_GROUPS)));
            List<Rates> rows = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            try (ParallelLoop loop = new ParallelLoop(threads)) {
                for (Supplier<Workload> make : workloads) {
                    try (Workload w = make.get()) {
                        List<Runnable> peers = new ArrayList<>(List.of(() -> w.runHsail(Backends.JVM, w.items()),
                                () -> w.runJava(loop)));
                        if (cl != null) {
                            w.prepareOpenCl(cl);
                            peers.add(() -> w.runOpenCl(cl));
                        }
                        double[] rates = rates(w.items(), warmups, warmup, runs, budget, peers);
                        double jvm = rates[0];
                        double java = rates[1];
                        double openCl = cl != null ? rates[2] : Double.NaN;
                        String mismatch = w.check(cl);
                        if (mismatch != null) {
                            failures.add(w.name() + ": " + mismatch);
                        }
                        double interp = interpreterRate(w, interpSeconds);
                        Rates r = new Rates(w.name(), w.itemUnit(), jvm, interp, java, openCl);
                        rows.add(r);
                        out.printf(ROW, r.kernel(), perSecond(jvm), perSecond(interp), perSecond(java),
                                perSecond(openCl), ratio(jvm / interp), ratio(jvm / java), ratio(jvm / openCl));
                        out.flush();
                    }
                }
            } finally {
                if (cl != null) {
                    cl.close();
                }
            }
            printLegend(rows, out);
            failures.forEach(f -> out.println("RESULT MISMATCH " + f));
            out.printf("%nkernels: jvm vs interp %s, vs Java threads %s, vs OpenCL %s (geometric means over %d kernels)%n",
                    ratio(geomean(rows, r -> r.jvm() / r.interp())), ratio(geomean(rows, r -> r.jvm() / r.java())),
                    cl == null ? "n/a" : ratio(geomean(rows, r -> r.jvm() / r.openCl())), rows.size());
            return failures.isEmpty() ? 0 : 1;
        }
    }

    /** Under the table: what the rows count as items, each kind with its rows. */
    private static void printLegend(List<Rates> rows, PrintStream out) {
        Map<String, List<String>> byUnit = new LinkedHashMap<>();
        for (Rates r : rows) {
            byUnit.computeIfAbsent(r.unit(), u -> new ArrayList<>()).add(r.kernel());
        }
        List<String> kinds = new ArrayList<>();
        byUnit.forEach((unit, kernels) -> kinds.add(unit + " (" + String.join(", ", kernels) + ")"));
        out.println("items: " + String.join("; ", kinds));
    }

    /**
     * Items per second of each of {@code peers}: {@code items} over its best time. The peers take turns,
     * one run of each per round: first in warm-up rounds, at least {@code warmups} of them and on until
     * they have taken {@code warmupNanos} (or the budget) per peer, then in up to {@code runs} timed
     * rounds, stopping once those have taken {@code budgetNanos} per peer. Taking turns in both puts the
     * peers in the same conditions: a change in the machine's load falls on all of them, and whatever the
     * JIT compilers do when a peer runs again after the others (a recompilation of a kernel's method),
     * they do during the warm-up.
     */
    private static double[] rates(long items, int warmups, long warmupNanos, int runs, long budgetNanos,
            List<Runnable> peers) {
        long warmupStart = System.nanoTime();
        long warmupTotal = Math.min(warmupNanos, budgetNanos) * peers.size();
        for (int i = 0; i < warmups || System.nanoTime() - warmupStart < warmupTotal; i++) {
            peers.forEach(Runnable::run);
        }
        long[] best = new long[peers.size()];
        Arrays.fill(best, Long.MAX_VALUE);
        long spent = 0;
        for (int i = 0; i < runs && (i == 0 || spent < budgetNanos * peers.size()); i++) {
            for (int p = 0; p < peers.size(); p++) {
                long start = System.nanoTime();
                peers.get(p).run();
                long took = System.nanoTime() - start;
                best[p] = Math.min(best[p], took);
                spent += took;
            }
        }
        double[] rates = new double[best.length];
        for (int p = 0; p < best.length; p++) {
            rates[p] = items / (best[p] / 1e9);
        }
        return rates;
    }

    /**
     * The interpreter's items per second over a prefix of the grid that takes about {@code seconds}:
     * runs of 1, 4, 16, ... granules find the size (and warm the interpreter up), the best of two runs of
     * that size measures it.
     */
    private static double interpreterRate(Workload w, double seconds) {
        long part = w.granule();
        double took;
        while (true) {
            long start = System.nanoTime();
            long items = part;
            w.runHsail(Backends.INTERP, items);
            took = Math.max(1e-6, (System.nanoTime() - start) / 1e9);
            if (took >= seconds / 2 || part >= w.items()) {
                break;
            }
            part = Math.min(w.items(), part * 4);
        }
        long granules = Math.max(1, (long) (part / w.granule() * (seconds / took)));
        long measured = Math.min(w.items(), granules * w.granule());
        return rates(measured, 0, 0, 2, Long.MAX_VALUE, List.of(() -> w.runHsail(Backends.INTERP, measured)))[0];
    }

    private static double geomean(List<Rates> rows, java.util.function.ToDoubleFunction<Rates> ratio) {
        double logs = 0;
        for (Rates r : rows) {
            logs += Math.log(ratio.applyAsDouble(r));
        }
        return Math.exp(logs / rows.size());
    }

    private static String perSecond(double rate) {
        if (Double.isNaN(rate)) {
            return "-";
        }
        String[] units = {"", "K", "M", "G", "T"};
        int u = 0;
        while (rate >= 1000 && u < units.length - 1) {
            rate /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.3g %s/s", rate, units[u]);
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, r >= 10 ? "%.0fx" : "%.2fx", r);
    }
}
