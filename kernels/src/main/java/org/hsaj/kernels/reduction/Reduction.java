package org.hsaj.kernels.reduction;

import org.hsaj.gpu.code.Kernarg;
import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.RandomData;
import org.hsaj.kernels.Sample;
import org.hsaj.kernels.SampleHost;
import org.hsaj.kernels.SampleResult;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.signal.Signal;

/**
 * The sum of a u32 vector, twice. With {@code &reduce}, one element per work-item: each pass turns n values
 * into one partial sum per work-group of 256 (a tree in group memory) until one value is left; all passes
 * are queued at once, each with the barrier bit so that it starts after the pass before it, and only the
 * last one signals completion. With {@code &reduce_tiled}, in one dispatch: each work-item first sums
 * {@link #ELEMENTS_PER_WORK_ITEM} elements alone, each work-group adds its work-items' sums with group
 * atomics and the total with one global atomic.
 */
public final class Reduction implements Sample {
    static final int N = 200_000;
    static final int WORKGROUP = 256;
    /**
     * Elements each work-item of {@code &reduce_tiled} sums. N is no multiple of the work-group's tile
     * this gives, nor of 256, so in the last tile work-items sum fewer elements, some fewer than others.
     */
    static final int ELEMENTS_PER_WORK_ITEM = 16;

    @Override
    public String name() {
        return "reduction";
    }

    @Override
    public String description() {
        return "sum of " + N + " u32: group-memory tree with barriers, chained passes (barrier bit); and "
                + ELEMENTS_PER_WORK_ITEM + " elements per work-item, group and global atomics";
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        int[] in = RandomData.ints(20, N);
        int sum = 0;
        for (int v : in) {
            sum += v;
        }
        try (SampleHost host = SampleHost.open(runtime, backend, "reduction/reduction.hsail")) {
            long input = host.upload(in);
            KernelSymbol reduce = host.kernel("&reduce");
            int passes = 0;
            long from = input;
            Signal done = host.signal(1);
            for (int n = N; n > 1; passes++) {
                int groups = Grid.groups(n, WORKGROUP);
                long partial = host.allocate(4L * groups);
                Kernarg args = host.kernarg(reduce).putLong("%in", from).putLong("%partial", partial).putInt("%n", n);
                host.submit(reduce, args, Grid.wholeGroups(n, WORKGROUP), true, groups == 1 ? done : null);
                from = partial;
                n = groups;
            }
            host.await(done);
            long treeSum = from;
            KernelSymbol tiled = host.kernel("&reduce_tiled");
            long tiledSum = host.allocate(4);
            host.dispatch(tiled, host.kernarg(tiled).putLong("%in", input).putLong("%sum", tiledSum).putInt("%n", N)
                    .putInt("%per_work_item", ELEMENTS_PER_WORK_ITEM),
                    Grid.tiled(N, ELEMENTS_PER_WORK_ITEM, WORKGROUP));
            return SampleResult.checked(Compare.all(
                    Compare.ints("sum (&reduce)", host.readInts(treeSum, 1), new int[] {sum}),
                    Compare.ints("sum (&reduce_tiled)", host.readInts(tiledSum, 1), new int[] {sum})),
                    "sum of " + N + " by " + passes + " chained dispatches of &reduce and one of &reduce_tiled",
                    host.readBytes(new long[] {treeSum, tiledSum}, new long[] {4, 4}));
        }
    }
}
