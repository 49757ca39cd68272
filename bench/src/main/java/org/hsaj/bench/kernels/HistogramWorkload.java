package org.hsaj.bench.kernels;

import static org.hsaj.runtime.memory.SharedVirtualMemory.INT;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.hsaj.runtime.api.HsaRuntime;

/**
 * A 256-bin histogram of the low bytes of u32 values as GPU programs count it, with many elements per
 * work-item (the histogram sample's {@code &histogram_tiled}): the grid is n / {@code elementsPerWorkItem}
 * work-items in work-groups of 256, so 4M elements at 64 per work-item are 256 work-groups; work-group g
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
    private static final TiledKernel KERNEL = new TiledKernel("histogram/histogram.hsail", "&histogram_tiled",
            "%data", "%bins", BINS, OPENCL);

    private final int[] javaBins = new int[BINS];

    HistogramWorkload(HsaRuntime runtime, List<String> backends, int n, int elementsPerWorkItem) {
        super(runtime, backends, KERNEL, 6, n, elementsPerWorkItem, BINS);
    }

    /**
     * The elements per work-item at which n elements make {@code workGroups} work-groups: at least one,
     * so that an input too small for that many work-groups makes fewer.
     */
    static int elementsPerWorkItem(int n, int workGroups) {
        return Math.max(1, n / (workGroups * BINS));
    }

    @Override
    public String name() {
        return "histogram " + Sizes.label(n) + ", " + BINS + " bins";
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
    int[] javaResult() {
        return javaBins;
    }
}
