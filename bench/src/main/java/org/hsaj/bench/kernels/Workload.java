package org.hsaj.bench.kernels;

import org.hsaj.kernels.SampleHost;

/**
 * One kernel of the benchmark, ready to run four ways over the same input: its HSAIL on a back end of
 * the GPU agent (the {@link SampleHost} finalizes it for every back end, over one set of buffers), a
 * hand-written Java loop over the same shared memory, and the equivalent OpenCL C kernel. A run over
 * fewer work-items than {@link #items()} runs a prefix of the grid, for the slow interpreter: each
 * work-item does the same work either way, so work-items per second compare.
 *
 * <p>Threading: one thread; the runs themselves use the agent's compute units or the Java peer's threads.
 */
interface Workload extends AutoCloseable {
    /** The row label, with the problem size ({@code vector_add 16M}). */
    String name();

    /** Work-items of the whole problem. */
    long items();

    /** The step in which a partial HSAIL run's work-item count must be given (a row, a work-group). */
    long granule();

    /** Runs the HSAIL kernel(s) on {@code backend} over the first {@code items} work-items and waits. */
    void runHsail(String backend, long items);

    /** Runs the hand-written Java loop over the whole problem. */
    void runJava(ParallelLoop loop);

    /** Puts the input on the OpenCL device and builds the kernels. */
    void prepareOpenCl(OpenClPeer cl);

    /** Runs the OpenCL kernel(s) over the whole problem and waits. */
    void runOpenCl(OpenClPeer cl);

    /** After full runs: null when the HSAIL, Java (and OpenCL, when run) results agree, else what differs. */
    String check(OpenClPeer clOrNull);

    @Override
    void close();
}
