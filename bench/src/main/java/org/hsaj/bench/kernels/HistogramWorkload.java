package org.hsaj.bench.kernels;

import static org.hsaj.runtime.memory.SharedVirtualMemory.INT;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.gpu.code.Kernarg;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.RandomData;
import org.hsaj.kernels.SampleHost;
import org.hsaj.runtime.api.HsaRuntime;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * A 256-bin histogram of the low bytes of u32 values as GPU programs count it, with many elements per
 * work-item (the histogram sample's {@code &histogram_tiled}): the grid is n / {@code elementsPerWorkItem}
 * work-items in work-groups of 256, so 4M elements at 32 per work-item are 512 work-groups; work-group g
 * clears its own bins in group memory, each of its work-items counts elementsPerWorkItem elements of
 * tile g of the input (256 x elementsPerWorkItem consecutive elements; those at its local id plus
 * multiples of 256, so at every step the work-items of a wavefront read consecutive elements) into them
 * with group atomics, then each work-item adds one bin to the global bins with one global atomic. The
 * OpenCL C kernel is the same algorithm with the same grid, group size and elements per work-item, with
 * local and global atomics; the Java peer counts into one array per thread and adds them up. Rates
 * count input elements, not work-items.
 */
final class HistogramWorkload extends TiledWorkload {
    private static final int BINS = 256;
    private static final String KERNEL = "&histogram_tiled";
    private static final String OPENCL = """
            __kernel void histogram_tiled(__global const uint *data, __global uint *bins, uint n, uint e) {
                __local uint local_bins[256];
                uint l = get_local_id(0);
                local_bins[l] = 0;
                barrier(CLK_LOCAL_MEM_FENCE);
                uint end = min(n, (uint) (get_group_id(0) + 1) * 256 * e);
                for (uint i = get_group_id(0) * 256 * e + l; i < end; i += 256) {
                    atomic_inc(&local_bins[data[i] & 255]);
                }
                barrier(CLK_LOCAL_MEM_FENCE);
                if (local_bins[l] != 0) {
                    atomic_add(&bins[l], local_bins[l]);
                }
            }
            """;

    private final int[] data;
    private final SampleHost host;
    private final long input;
    private final long bins;
    private final int[] javaBins = new int[BINS];
    /** Kernarg segments by back end and element count. */
    private final Map<String, Kernarg> kernargs = new HashMap<>();
    private cl_kernel clKernel;
    private cl_mem clBins;

    HistogramWorkload(HsaRuntime runtime, List<String> backends, int n, int elementsPerWorkItem) {
        super(n, elementsPerWorkItem, BINS);
        this.data = RandomData.ints(6, n);
        this.host = SampleHost.open(runtime, backends, "histogram/histogram.hsail");
        this.input = host.upload(data);
        this.bins = host.allocate(4L * BINS);
    }

    @Override
    public String name() {
        return "histogram " + Sizes.label(n) + ", " + BINS + " bins";
    }

    @Override
    public void runHsail(String backend, long items) {
        int count = (int) items;
        Kernarg args = kernargs.computeIfAbsent(backend + " " + count, key -> host.kernarg(host.kernel(KERNEL,
                backend)).putLong("%data", input).putLong("%bins", bins).putInt("%n", count)
                .putInt("%per_work_item", elementsPerWorkItem));
        host.memory().fill(bins, 4L * BINS, (byte) 0);
        host.dispatch(host.kernel(KERNEL, backend), args, grid(count));
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
        clKernel = cl.kernel(OPENCL, "histogram_tiled");
        clBins = cl.buffer(4L * BINS);
        cl.arguments(clKernel, cl.buffer(data), clBins, n, elementsPerWorkItem);
    }

    @Override
    public void runOpenCl(OpenClPeer cl) {
        cl.write(clBins, new int[BINS]);
        cl.enqueue(clKernel, new long[] {grid(n).gridSize()[0]}, new long[] {BINS});
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
