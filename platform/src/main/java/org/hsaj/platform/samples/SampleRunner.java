package org.hsaj.platform.samples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.hsaj.gpu.code.Backends;
import org.hsaj.kernels.Sample;
import org.hsaj.kernels.SampleResult;
import org.hsaj.kernels.Samples;
import org.hsaj.runtime.api.HsaRuntime;

/**
 * What {@code ./hsaj samples} does: runs the chosen samples on the chosen back ends of one platform,
 * printing one table row per run as it finishes, then a summary line.
 *
 * <p>Threading: one thread; the samples themselves use the GPU agent's compute units.
 */
public final class SampleRunner {
    /** One run: a sample on a back end, its result and how long it took (seconds, wall clock). */
    public record Run(String sample, String backend, SampleResult result, double seconds) {
    }

    private static final String ROW = "%-14s %-7s %-5s %8s  %s%n";

    private SampleRunner() {
    }

    /**
     * The samples called {@code names} (all of them when empty), in catalogue order, each once.
     *
     * @throws IllegalArgumentException for an unknown name, listing the available ones
     */
    public static List<Sample> select(List<String> names) {
        if (names.isEmpty()) {
            return Samples.all();
        }
        LinkedHashSet<Sample> chosen = new LinkedHashSet<>();
        for (String name : names) {
            chosen.add(Samples.named(name));
        }
        return List.copyOf(chosen);
    }

    /**
     * The back ends to run on: {@code backend} alone, or every back end of this build when null.
     *
     * @throws org.hsaj.runtime.api.HsaException for an unknown back end, listing the known ones
     */
    public static List<String> backends(String backend) {
        if (backend == null) {
            return Backends.standard().names();
        }
        Backends.standard().compiler(backend);
        return List.of(backend);
    }

    /** Runs every sample on every back end, printing the table to {@code out}; returns the runs. */
    public static List<Run> run(HsaRuntime runtime, List<Sample> samples, List<String> backends, PrintStream out) {
        out.printf(ROW, "SAMPLE", "BACKEND", "RESULT", "TIME", "DETAIL");
        List<Run> runs = new ArrayList<>();
        for (Sample sample : samples) {
            for (String backend : backends) {
                long start = System.nanoTime();
                SampleResult result = Samples.run(sample, runtime, backend);
                Run r = new Run(sample.name(), backend, result, (System.nanoTime() - start) / 1e9);
                out.printf(ROW, r.sample(), r.backend(), result.verdict(), String.format(Locale.ROOT, "%.2f s",
                        r.seconds()), result.detail());
                out.flush();
                runs.add(r);
            }
        }
        long failed = runs.stream().filter(r -> !r.result().passed()).count();
        out.printf("%d samples x %d back ends: %d passed, %d failed%n", samples.size(), backends.size(),
                runs.size() - failed, failed);
        return runs;
    }

    /** The process exit status for these runs: 0 when every one passed, else 1. */
    public static int exitStatus(List<Run> runs) {
        return runs.stream().allMatch(r -> r.result().passed()) ? 0 : 1;
    }
}
