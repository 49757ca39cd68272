package org.hsaj.bench.kernels;

import static org.hsaj.runtime.memory.SharedVirtualMemory.INT;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.gpu.code.Kernarg;
import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.RandomData;
import org.hsaj.kernels.SampleHost;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.signal.Signal;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * The u32 sum of a vector by work-group tree reductions in group memory (the reduction sample's
 * kernel), one pass per 256-fold shrink, the passes chained by the barrier bit. The Java peer sums a
 * chunk per thread; OpenCL runs the same passes with local memory.
 */
final class ReductionWorkload implements Workload {
    private static final int GROUP = 256;
    private static final String OPENCL = """
            __kernel void reduce(__global const uint *in, __global uint *partial, uint n) {
                __local uint sums[256];
                uint i = get_global_id(0);
                uint l = get_local_id(0);
                sums[l] = i < n ? in[i] : 0;
                barrier(CLK_LOCAL_MEM_FENCE);
                for (uint stride = 128; stride > 0; stride >>= 1) {
                    if (l < stride) {
                        sums[l] += sums[l + stride];
                    }
                    barrier(CLK_LOCAL_MEM_FENCE);
                }
                if (l == 0) {
                    partial[get_group_id(0)] = sums[0];
                }
            }
            """;

    /** One pass: its kernarg and how many values it reduces. */
    private record Pass(Kernarg args, int count) {
    }

    private final int n;
    private final int[] data;
    private final SampleHost host;
    private final long input;
    /** The partial sums of each pass; the last holds the total. */
    private final List<Long> partials = new ArrayList<>();
    private final Map<String, List<Pass>> passes = new HashMap<>();
    private int javaSum;
    private cl_kernel clKernel;
    private final List<cl_mem> clBuffers = new ArrayList<>();

    ReductionWorkload(HsaRuntime runtime, List<String> backends, int n) {
        this.n = n;
        this.data = RandomData.ints(5, n);
        this.host = SampleHost.open(runtime, backends, "reduction/reduction.hsail");
        this.input = host.upload(data);
        for (int count = n; count > 1; count = Grid.groups(count, GROUP)) {
            partials.add(host.allocate(4L * Grid.groups(count, GROUP)));
        }
    }

    @Override
    public String name() {
        return "reduction " + Sizes.label(n);
    }

    @Override
    public long items() {
        return n;
    }

    @Override
    public long granule() {
        return GROUP;
    }

    /** The passes that reduce the first {@code count} values (made once per back end and count). */
    private List<Pass> passes(String backend, int count) {
        return passes.computeIfAbsent(backend + " " + count, key -> {
            KernelSymbol reduce = host.kernel("&reduce", backend);
            List<Pass> list = new ArrayList<>();
            long from = input;
            int c = count;
            for (int p = 0; c > 1; p++) {
                list.add(new Pass(host.kernarg(reduce).putLong("%in", from).putLong("%partial", partials.get(p))
                        .putInt("%n", c), c));
                from = partials.get(p);
                c = Grid.groups(c, GROUP);
            }
            return list;
        });
    }

    @Override
    public void runHsail(String backend, long items) {
        KernelSymbol reduce = host.kernel("&reduce", backend);
        List<Pass> list = passes(backend, (int) items);
        Signal done = host.signal(1);
        for (int p = 0; p < list.size(); p++) {
            host.submit(reduce, list.get(p).args(), Grid.wholeGroups(list.get(p).count(), GROUP), true,
                    p == list.size() - 1 ? done : null);
        }
        host.await(done);
    }

    @Override
    public void runJava(ParallelLoop loop) {
        MemorySegment m = host.memory().segment();
        int[] sums = new int[loop.threads()];
        long in = input;
        loop.run(n, (thread, from, to) -> {
            int sum = 0;
            for (long i = from; i < to; i++) {
                sum += m.get(INT, in + 4 * i);
            }
            sums[thread] = sum;
        });
        int total = 0;
        for (int s : sums) {
            total += s;
        }
        javaSum = total;
    }

    @Override
    public void prepareOpenCl(OpenClPeer cl) {
        clKernel = cl.kernel(OPENCL, "reduce");
        clBuffers.add(cl.buffer(data));
        for (int count = n; count > 1; count = Grid.groups(count, GROUP)) {
            clBuffers.add(cl.buffer(4L * Grid.groups(count, GROUP)));
        }
    }

    @Override
    public void runOpenCl(OpenClPeer cl) {
        int count = n;
        for (int p = 0; count > 1; p++) {
            cl.arguments(clKernel, clBuffers.get(p), clBuffers.get(p + 1), count);
            cl.enqueue(clKernel, new long[] {(long) Grid.groups(count, GROUP) * GROUP}, new long[] {GROUP});
            count = Grid.groups(count, GROUP);
        }
        cl.finish();
    }

    @Override
    public String check(OpenClPeer cl) {
        int[] hsail = host.readInts(partials.getLast(), 1);
        return Compare.all(Compare.ints("sum (Java)", new int[] {javaSum}, hsail),
                cl == null ? null : Compare.ints("sum (OpenCL)", cl.readInts(clBuffers.getLast(), 1), hsail));
    }

    @Override
    public void close() {
        host.close();
    }
}
