package org.hsaj.bench.kernels;

import static org.hsaj.runtime.memory.SharedVirtualMemory.INT;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.hsaj.runtime.api.HsaRuntime;

/**
 * The u32 sum of a vector as GPU programs compute it, with many elements per work-item (the reduction
 * sample's {@code &reduce_tiled}): the grid is n / {@code elementsPerWorkItem} work-items in work-groups
 * of 256, so 4M elements at 32 per work-item are 512 work-groups; work-group g owns tile g of the input
 * (256 x elementsPerWorkItem consecutive elements), each of its work-items sums elementsPerWorkItem
 * elements of the tile alone (those at its local id plus multiples of 256, so at every step the
 * work-items of a wavefront read consecutive elements), the work-group adds its sums with group
 * atomics, and the total gets one global atomic per work-group. The OpenCL C kernel is the same
 * algorithm with the same grid, group size and elements per work-item; the Java peer sums a chunk per
 * thread. Rates count input elements, not work-items.
 */
final class ReductionWorkload extends TiledWorkload {
    private static final int GROUP = 256;
    private static final String OPENCL = """
            __kernel void reduce_tiled(__global const uint *in, __global uint *sum, uint n, uint e) {
                __local uint group_sum;
                uint l = get_local_id(0);
                if (l == 0) {
                    group_sum = 0;
                }
                barrier(CLK_LOCAL_MEM_FENCE);
                uint end = min(n, (uint) (get_group_id(0) + 1) * 256 * e);
                uint s = 0;
                for (uint i = get_group_id(0) * 256 * e + l; i < end; i += 256) {
                    s += in[i];
                }
                atomic_add(&group_sum, s);
                barrier(CLK_LOCAL_MEM_FENCE);
                if (l == 0) {
                    atomic_add(sum, group_sum);
                }
            }
            """;
    private static final TiledKernel KERNEL = new TiledKernel("reduction/reduction.hsail", "&reduce_tiled", "%in",
            "%sum", 1, OPENCL);

    private int javaSum;

    ReductionWorkload(HsaRuntime runtime, List<String> backends, int n, int elementsPerWorkItem) {
        super(runtime, backends, KERNEL, 5, n, elementsPerWorkItem, GROUP);
    }

    @Override
    public String name() {
        return "reduction " + Sizes.label(n);
    }

    @Override
    public void runJava(ParallelLoop loop) {
        MemorySegment m = host.memory().segment();
        int[] sums = new int[loop.threads()];
        long in = input;
        loop.run(n, (thread, from, to) -> {
            int s = 0;
            for (long i = from; i < to; i++) {
                s += m.get(INT, in + 4 * i);
            }
            sums[thread] = s;
        });
        int total = 0;
        for (int s : sums) {
            total += s;
        }
        javaSum = total;
    }

    @Override
    int[] javaResult() {
        return new int[] {javaSum};
    }
}
