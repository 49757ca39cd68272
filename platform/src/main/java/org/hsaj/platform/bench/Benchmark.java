package org.hsaj.platform.bench;

import java.io.PrintStream;

/**
 * A side-by-side benchmark reachable as {@code ./hsaj bench NAME}. Implementations live in the bench
 * module and are found with {@link java.util.ServiceLoader}. Each run measures hsaj beside a peer in the
 * same process run, prints a table, and ends with one line of its headline ratios.
 */
public interface Benchmark {
    /** The NAME of {@code ./hsaj bench NAME}. */
    String name();

    /** One line for {@code ./hsaj bench --list}. */
    String description();

    /**
     * Runs the benchmark, printing to {@code out}.
     *
     * @param quick a run of under a minute (fewer iterations, smaller sizes)
     * @return the process exit status (0 when everything ran)
     */
    int run(boolean quick, PrintStream out) throws Exception;
}
