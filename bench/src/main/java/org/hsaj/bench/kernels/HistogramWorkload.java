package org.hsaj.bench.kernels;

import static org.hsaj.runtime.memory.SharedVirtualMemory.INT;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.gpu.code.Kernarg;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.RandomData;
import org.hsaj.kernels.SampleHost;
import org.hsaj.runtime.api.HsaRuntime;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * A 256-bin histogram of the low bytes of u32 values (the histogram sample's group-memory kernel): each
 * work-group counts into its own bins with group atomics, then adds them to the global bins with one
 * global atomic per bin. The Java peer counts into one array per thread and adds them up; OpenCL uses
 * local and global atomics like the kernel.
 */
final class HistogramWorkload implements Workload {
    private static final int BINS = 256;
    private static final String OPENCL = """
            __kernel void histogram(__global const uint *data, __global uint *bins, uint n) {
                __local uint local_bins[256];
                uint l = get_local_id(0);
                local_bins[l] = 0;
                barrier(CLK_LOCAL_MEM_FENCE);
                uint i = get_global_id(0);
                if (i < n) {
                    atomic_inc(&local_bins[data[i] & 255]);
                }
                barrier(CLK_LOCAL_MEM_FENCE);
                if (local_bins[l] != 0) {
                    atomic_add(&bins[l], local_bins[l]);
                }
            }
            """;

    private final int n;
    private final int[] data;
    private final SampleHost host;
    private final long input;
    private final long bins;
    private final int[] javaBins = new int[BINS];
    private final Map<String, Kernarg> kernargs = new HashMap<>();
    private cl_kernel clKernel;
    private cl_mem clBins;

    HistogramWorkload(HsaRuntime runtime, List<String> backends, int n) {
        this.n = n;
        this.data = RandomData.ints(6, n);
        this.host = SampleHost.open(runtime, backends, "histogram/histogram.hsail");
        this.input = host.upload(data);
        this.bins = host.allocate(4L * BINS);
        for (String backend : backends) {
            kernargs.put(backend, host.kernarg(host.kernel("&histogram_group", backend)).putLong("%data", input)
                    .putLong("%bins", bins).putInt("%n", n));
        }
    }

    @Override
    public String name() {
        return "histogram " + Sizes.label(n) + ", " + BINS + " bins";
    }

    @Override
    public long items() {
        return n;
    }

    @Override
    public long granule() {
        return BINS;
    }

    @Override
    public void runHsail(String backend, long items) {
        host.memory().fill(bins, 4L * BINS, (byte) 0);
        host.dispatch(host.kernel("&histogram_group", backend), kernargs.get(backend),
                Grid.wholeGroups((int) items, BINS));
    }

    @Override
    public void runJava(ParallelLoop loop) {
        MemorySegment m = host.memory().segment();
        int[][] perThread = new int[loop.threads()][BINS];
        long in = input;
        loop.run(n, (thread, from, to) -> {
            int[] counts = perThread[thread];
            for (long i = from; i < to; i++) {
                counts[m.get(INT, in + 4 * i) & 0xFF]++;
            }
        });
        java.util.Arrays.fill(javaBins, 0);
        for (int[] counts : perThread) {
            for (int b = 0; b < BINS; b++) {
                javaBins[b] += counts[b];
            }
        }
    }

    @Override
    public void prepareOpenCl(OpenClPeer cl) {
        clKernel = cl.kernel(OPENCL, "histogram");
        clBins = cl.buffer(4L * BINS);
        cl.arguments(clKernel, cl.buffer(data), clBins, n);
    }

    @Override
    public void runOpenCl(OpenClPeer cl) {
        cl.write(clBins, new int[BINS]);
        cl.enqueue(clKernel, new long[] {(long) Grid.groups(n, BINS) * BINS}, new long[] {BINS});
        cl.finish();
    }

    @Override
    public String check(OpenClPeer cl) {
        int[] hsail = host.readInts(bins, BINS);
        return Compare.all(Compare.ints("bins (Java)", javaBins, hsail),
                cl == null ? null : Compare.ints("bins (OpenCL)", cl.readInts(clBins, BINS), hsail));
    }

    @Override
    public void close() {
        host.close();
    }
}
