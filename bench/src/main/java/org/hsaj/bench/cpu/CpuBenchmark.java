package org.hsaj.bench.cpu;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hsaj.platform.bench.Benchmark;

/**
 * {@code ./hsaj bench cpu}: every RISC-V guest kernel of {@code kernels/riscv} run natively (built with
 * the host gcc -O2 at run time), under qemu-riscv64, under hsaj's interpreter and under hsaj's translator,
 * side by side in one run. hsaj runs in this JVM, each launch a fresh {@code GuestRunner.run}, so its
 * times include loading and translation (an untimed first run takes hsaj's own start-up out of them);
 * the translator runs each kernel twice in a row, the second run showing the agent with the JVM's own
 * JIT already warm on that kernel's path. The table is run {@link #ROUNDS} times ({@link #QUICK_ROUNDS}
 * in a quick run), the kernels and columns taking turns in each round, and every cell is the median of
 * its runs (the interpreter, far slower, runs in the first round only); a line under the table says how
 * far the translator's runs lay from their medians. Every hsaj result is checked against qemu's (stdout
 * and exit status byte for byte, in every round) and a time is only compared when they match.
 *
 * <p>Every column runs its kernels in the same scratch directory tree, under
 * {@link ScratchDirectory#preferredRoot()}: /dev/shm where the host has it, so the {@code files} kernel
 * (thousands of small files created, read, renamed and removed) measures each peer's system call path
 * rather than the disk's journal, and the comparison stays fair. The full run uses each kernel's
 * {@code bench} size (one to two seconds under qemu-riscv64); {@code --quick} uses {@link #quickSizes()},
 * about a sixth of that and leaves out the interpreter (ten to thirty times qemu), so the whole run
 * takes under a minute while loading and translation still do not dominate the translator's times.
 *
 * <p>Not thread-safe: one run at a time.
 */
public final class CpuBenchmark implements Benchmark {
    private static final Duration PROCESS_TIMEOUT = Duration.ofMinutes(5);
    private static final String FULL_SIZE = "bench";
    /** Kernel -> size argument of a quick run: a sixth of the 'bench' work (of n^3 for matmul). */
    private static final Map<String, String> QUICK_SIZES = Map.ofEntries(
            Map.entry("bytecode", "3500"),
            Map.entry("compress", "2883584"),
            Map.entry("files", "1700"),
            Map.entry("fpmath", "17000"),
            Map.entry("hash", "46137344"),
            Map.entry("hashtable", "100000"),
            Map.entry("matmul", "244"),
            Map.entry("nbody", "2500"),
            Map.entry("sieve", "100000000"),
            Map.entry("sort", "700000"),
            Map.entry("strsearch", "1700000"),
            Map.entry("threads", "100000"));
    private static final String NATIVE = "native";
    private static final String QEMU = "qemu";
    private static final String INTERP = "interp";
    private static final String DBT = "dbt";
    private static final String DBT_WARM = "dbt-2nd";
    private static final List<String> COLUMNS = List.of(NATIVE, QEMU, INTERP, DBT, DBT_WARM);
    /** What a kernel prints when one of its own checks fails (kernel.h). */
    private static final String SELF_CHECK_FAILED = "FAILED:";
    /**
     * Rounds of the whole table, the kernels and columns taking turns in each: a run on this kind of
     * machine (a small VM on a shared host) moves by 10 to 30 % from one minute to the next, and the
     * median of several rounds, a change of load falling on every column alike, moves much less. Five
     * in a full run (each round after the first, which has the interpreter, takes about 40 s), three
     * in a quick one, which must stay under a minute.
     */
    private static final int ROUNDS = 5;
    private static final int QUICK_ROUNDS = 3;

    private final List<String> only;

    public CpuBenchmark() {
        this(List.of());
    }

    /** @param only kernel names to run (all when empty) */
    public CpuBenchmark(List<String> only) {
        this.only = List.copyOf(only);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String description() {
        return "RISC-V guest kernels: native vs qemu-riscv64 vs hsaj interpreter and translator (wall time)";
    }

    /** One launch of one kernel: its outcome, or why there is none. */
    private record Measurement(GuestOutcome outcome, String failure) {
        static Measurement failed(String why) {
            return new Measurement(null, why);
        }

        boolean ran() {
            return outcome != null;
        }

        double seconds() {
            return outcome.nanos() / 1e9;
        }
    }

    /** The size argument each kernel gets in a {@code --quick} run (kernel name -> decimal size). */
    public static Map<String, String> quickSizes() {
        return QUICK_SIZES;
    }

    @Override
    public int run(boolean quick, PrintStream out) throws Exception {
        try (ScratchDirectory scratch = ScratchDirectory.create("hsaj-bench-cpu-")) {
            KernelSet kernels = KernelSet.extractBundled(scratch.newSubdirectory("kernels-"));
            Map<String, GuestLauncher> launchers = new LinkedHashMap<>();
            Path nativeDir = scratch.path().resolve("native");
            if (HostTools.onPath(HostTools.HOST_GCC)) {
                kernels.buildNative(nativeDir);
                launchers.put(NATIVE, ProcessLauncher.nativeHost(PROCESS_TIMEOUT));
            } else {
                out.println("note: no host gcc on the PATH, the native column is skipped");
            }
            if (HostTools.onPath(HostTools.QEMU_RISCV64)) {
                launchers.put(QEMU, ProcessLauncher.qemu(PROCESS_TIMEOUT));
            } else {
                out.println("note: no qemu-riscv64 on the PATH, the qemu column and the ratios are skipped");
            }
            if (!quick) {
                launchers.put(INTERP, HsajLauncher.interpreter()); // ten to thirty times qemu: not in a quick run
            }
            launchers.put(DBT, HsajLauncher.translator());
            launchers.put(DBT_WARM, HsajLauncher.translator());
            // The first guest run in this JVM also loads and starts hsaj itself (a few hundred milliseconds
            // on the development machine): one untimed run at 'test' size takes that out of every timed one.
            measure(DBT, launchers.get(DBT), kernels.binary(kernels.names().getFirst()), "test", scratch);

            List<String> names = kernels.names().stream().filter(n -> only.isEmpty() || only.contains(n)).toList();
            int rounds = quick ? QUICK_ROUNDS : ROUNDS;
            out.printf("cpu benchmark, kernel size %s, wall seconds per run (hsaj in-process, fresh agent per run), "
                    + "scratch files under %s%n", quick ? "quick (about a sixth of 'bench')" : "'" + FULL_SIZE + "'",
                    ScratchDirectory.preferredRoot());
            out.printf("median of %d rounds, each running every kernel under every column in turn (the interpreter in"
                    + " the first round only)%n", rounds);
            Map<String, Map<String, List<Measurement>>> runs = new LinkedHashMap<>();
            long start = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                for (String name : names) {
                    String size = quick ? QUICK_SIZES.getOrDefault(name, "test") : FULL_SIZE;
                    for (Map.Entry<String, GuestLauncher> column : launchers.entrySet()) {
                        if (round > 0 && column.getKey().equals(INTERP)) {
                            continue;
                        }
                        Path program = column.getKey().equals(NATIVE) ? nativeDir.resolve(name) : kernels.binary(name);
                        runs.computeIfAbsent(name, k -> new LinkedHashMap<>())
                                .computeIfAbsent(column.getKey(), k -> new ArrayList<>())
                                .add(measure(column.getKey(), column.getValue(), program, size, scratch));
                    }
                }
                out.printf("round %d of %d done (%.0f s)%n", round + 1, rounds, (System.nanoTime() - start) / 1e9);
                out.flush();
            }

            out.println(header());
            boolean allGood = true;
            Map<String, List<Double>> ratios = new LinkedHashMap<>();
            List<Double> spreads = new ArrayList<>();
            for (String name : names) {
                Map<String, List<Measurement>> kernelRuns = runs.get(name);
                Optional<String> problem = verify(kernelRuns);
                Map<String, Measurement> row = new LinkedHashMap<>();
                kernelRuns.forEach((column, measurements) -> row.put(column, median(measurements)));
                allGood &= problem.isEmpty();
                out.println(line(name, row, problem));
                problem.ifPresent(p -> out.println("    " + p));
                if (problem.isEmpty() && row.containsKey(QEMU)) {
                    double qemu = row.get(QEMU).seconds();
                    for (String hsaj : RATIOS) {
                        if (!row.containsKey(hsaj)) {
                            continue;
                        }
                        ratios.computeIfAbsent(hsaj, k -> new ArrayList<>()).add(row.get(hsaj).seconds() / qemu);
                    }
                    spreads.add(spread(kernelRuns.get(DBT)));
                }
            }
            if (!spreads.isEmpty()) {
                out.printf("noise: the dbt runs of a kernel lie within %.0f %% of their median (median over the kernels;"
                        + " largest %.0f %%)%n", 100 * medianOf(spreads), 100 * Collections.max(spreads));
            }
            out.println(headline(ratios));
            return allGood ? 0 : 1;
        }
    }

    /** The run of median time among those that ran (the first, failed, when none did). */
    private static Measurement median(List<Measurement> measurements) {
        List<Measurement> ran = measurements.stream().filter(Measurement::ran)
                .sorted(Comparator.comparingDouble(Measurement::seconds)).toList();
        return ran.isEmpty() ? measurements.getFirst() : ran.get((ran.size() - 1) / 2);
    }

    private static double medianOf(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get((sorted.size() - 1) / 2);
    }

    /** How far the runs lie from their median at most, as a fraction of it. */
    private static double spread(List<Measurement> measurements) {
        double middle = median(measurements).seconds();
        double far = 0;
        for (Measurement m : measurements) {
            far = Math.max(far, Math.abs(m.seconds() - middle));
        }
        return far / middle;
    }

    private static Measurement measure(String column, GuestLauncher launcher, Path program, String size, ScratchDirectory scratch) {
        try {
            Path workDir = scratch.newSubdirectory("run-");
            try {
                return new Measurement(launcher.launch(KernelSet.invocation(program, List.of(size), workDir)), null);
            } finally {
                ScratchDirectory.deleteTree(workDir);
            }
        } catch (Exception e) {
            return Measurement.failed(column + ": " + e.getMessage());
        }
    }

    /**
     * Every launch must have run without a kernel self-check failing, and every run must end like the
     * reference run (qemu, or without qemu the first hsaj run): the same exit status and, except for the
     * native build whose output may differ by design (see kernels/riscv/README.md), the same stdout.
     */
    private static Optional<String> verify(Map<String, List<Measurement>> runs) {
        List<String> problems = new ArrayList<>();
        int rounds = runs.values().stream().mapToInt(List::size).max().orElse(0);
        for (int round = 0; round < rounds; round++) {
            Map<String, Measurement> row = new LinkedHashMap<>();
            for (Map.Entry<String, List<Measurement>> e : runs.entrySet()) {
                if (round < e.getValue().size()) {
                    row.put(e.getKey(), e.getValue().get(round));
                }
            }
            verifyRound(row).stream().filter(p -> !problems.contains(p)).forEach(problems::add);
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** The problems of one round's runs of a kernel. */
    private static List<String> verifyRound(Map<String, Measurement> row) {
        List<String> problems = new ArrayList<>();
        Map.Entry<String, Measurement> reference = row.entrySet().stream()
                .filter(e -> !e.getKey().equals(NATIVE) && e.getValue().ran())
                .findFirst()
                .orElse(null);
        for (Map.Entry<String, Measurement> e : row.entrySet()) {
            Measurement m = e.getValue();
            if (!m.ran()) {
                problems.add(m.failure());
                continue;
            }
            GuestOutcome o = m.outcome();
            if (o.stdoutText().contains(SELF_CHECK_FAILED)) {
                problems.add(e.getKey() + ": " + firstLine(o.stdoutText().substring(o.stdoutText().indexOf(SELF_CHECK_FAILED))));
            }
            if (reference == null || e == reference) {
                continue;
            }
            GuestOutcome r = reference.getValue().outcome();
            if (o.status() != r.status()) {
                problems.add(e.getKey() + " exited with " + o.status() + ", " + reference.getKey() + " with " + r.status()
                        + (o.stderr().length > 0 ? " (stderr: " + firstLine(o.stderrText()) + ")" : ""));
            } else if (!e.getKey().equals(NATIVE) && !o.sameResultAs(r)) {
                problems.add(e.getKey() + " output differs from " + reference.getKey() + ": "
                        + firstDifference(r.stdoutText(), o.stdoutText()));
            }
        }
        return problems;
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int nl = stripped.indexOf('\n');
        return nl < 0 ? stripped : stripped.substring(0, nl);
    }

    /** The first line where two outputs differ, shown from both sides. */
    static String firstDifference(String expected, String actual) {
        String[] a = expected.split("\n", -1);
        String[] b = actual.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String x = i < a.length ? a[i] : "<end of output>";
            String y = i < b.length ? b[i] : "<end of output>";
            if (!x.equals(y)) {
                return "line " + (i + 1) + " expected [" + x + "] but was [" + y + "]";
            }
        }
        return "same stdout, different exit status";
    }

    /** Every cell is this wide, so the table reads as columns. */
    private static final String CELL = " %12s";
    private static final List<String> RATIOS = List.of(INTERP, DBT, DBT_WARM);

    private static String header() {
        StringBuilder sb = new StringBuilder(String.format("%-10s", "kernel"));
        for (String c : COLUMNS) {
            sb.append(String.format(CELL, c + " s"));
        }
        for (String r : RATIOS) {
            sb.append(String.format(CELL, r + "/qemu"));
        }
        return sb.toString();
    }

    private static String line(String name, Map<String, Measurement> row, Optional<String> problem) {
        StringBuilder sb = new StringBuilder(String.format("%-10s", name));
        for (String c : COLUMNS) {
            Measurement m = row.get(c);
            sb.append(String.format(CELL, m == null ? "-" : m.ran() ? String.format("%.3f", m.seconds()) : "FAILED"));
        }
        Measurement qemu = row.get(QEMU);
        for (String r : RATIOS) {
            String cell = problem.isPresent() ? "n/a"
                    : qemu == null || !row.containsKey(r) ? "-"
                    : String.format("%.2f", row.get(r).seconds() / qemu.seconds());
            sb.append(String.format(CELL, cell));
        }
        return sb.toString();
    }

    /** The one line of headline figures: geometric means over the kernels that ran and matched. */
    static String headline(Map<String, List<Double>> ratios) {
        List<Double> dbt = ratios.getOrDefault(DBT, List.of());
        if (dbt.isEmpty()) {
            return "cpu headline: no kernel ran under both qemu-riscv64 and hsaj with matching results";
        }
        String headline = String.format("cpu headline: geomean over %d kernels: hsaj translator/qemu = %.2f (second run %.2f)",
                dbt.size(), geometricMean(dbt), geometricMean(ratios.get(DBT_WARM)));
        List<Double> interp = ratios.get(INTERP);
        return interp == null ? headline : headline + String.format(", hsaj interpreter/qemu = %.2f", geometricMean(interp));
    }

    static double geometricMean(List<Double> values) {
        double logSum = 0;
        for (double v : values) {
            logSum += Math.log(v);
        }
        return Math.exp(logSum / values.size());
    }

    /** Runs the benchmark directly: {@code [--quick] [kernel ...]}. */
    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean quick = rest.remove("--quick");
        System.exit(new CpuBenchmark(rest).run(quick, System.out));
    }
}
