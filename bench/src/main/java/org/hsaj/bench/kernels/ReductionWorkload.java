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
    private static final String KERNEL = "&reduce_tiled";
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

    private final int[] data;
    private final SampleHost host;
    private final long input;
    private final long sum;
    /** Kernarg segments by back end and element count. */
    private final Map<String, Kernarg> kernargs = new HashMap<>();
    private int javaSum;
    private cl_kernel clKernel;
    private cl_mem clSum;

    ReductionWorkload(HsaRuntime runtime, List<String> backends, int n, int elementsPerWorkItem) {
        super(n, elementsPerWorkItem, GROUP);
        this.data = RandomData.ints(5, n);
        this.host = SampleHost.open(runtime, backends, "reduction/reduction.hsail");
        this.input = host.upload(data);
        this.sum = host.allocate(4);
    }

    @Override
    public String name() {
        return "reduction " + Sizes.label(n);
    }

    @Override
    public void runHsail(String backend, long items) {
        int count = (int) items;
        Kernarg args = kernargs.computeIfAbsent(backend + " " + count, key -> host.kernarg(host.kernel(KERNEL,
                backend)).putLong("%in", input).putLong("%sum", sum).putInt("%n", count)
                .putInt("%per_work_item", elementsPerWorkItem));
        host.memory().storeInt(sum, 0);
        host.dispatch(host.kernel(KERNEL, backend), args, grid(count));
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
    public void prepareOpenCl(OpenClPeer cl) {
        clKernel = cl.kernel(OPENCL, "reduce_tiled");
        clSum = cl.buffer(4);
        cl.arguments(clKernel, cl.buffer(data), clSum, n, elementsPerWorkItem);
    }

    @Override
    public void runOpenCl(OpenClPeer cl) {
        cl.write(clSum, new int[1]);
        cl.enqueue(clKernel, new long[] {grid(n).gridSize()[0]}, new long[] {GROUP});
        cl.finish();
    }

    @Override
    public String check(OpenClPeer cl) {
        int[] hsail = host.readInts(sum, 1);
        return Compare.all(Compare.ints("sum (Java)", new int[] {javaSum}, hsail),
                cl == null ? null : Compare.ints("sum (OpenCL)", cl.readInts(clSum, 1), hsail));
    }

    @Override
    public void close() {
        host.close();
    }
}
