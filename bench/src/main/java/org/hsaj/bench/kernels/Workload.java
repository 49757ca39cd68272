package org.hsaj.bench.kernels;

import org.hsaj.kernels.SampleHost;

/**
 * One kernel of the benchmark, ready to run four ways over the same input: its HSAIL on a back end of
 * the GPU agent (the {@link SampleHost} finalizes it for every back end, over one set of buffers), a
 * hand-written Java loop over the same shared memory, and the equivalent OpenCL C kernel. Its rate
 * counts {@link #items()}: work-items, or what {@link #itemUnit()} says. A run over fewer items than
 * {@link #items()} runs a prefix of the problem, for the slow interpreter, on a grid of the same shape
 * (each work-item does the same work either way), so rates compare.
 *
 * <p>Threading: one thread; the runs themselves use the agent's compute units or the Java peer's threads.
 */
interface Workload extends AutoCloseable {
    /** The row label, with the problem size ({@code vector_add 16M}). */
    String name();

    /** Items of the whole problem: what the rate counts. */
    long items();

    /** What an item is, for the table's legend: {@code "work-items"} unless the workload says otherwise. */
    default String itemUnit() {
        return "work-items";
    }

    /** The step in which a partial HSAIL run's item count must be given (a row, a work-group). */
    long granule();

    /** Runs the HSAIL kernel(s) on {@code backend} over the first {@code items} items and waits. */
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
