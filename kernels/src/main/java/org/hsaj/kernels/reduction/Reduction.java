package org.hsaj.kernels.reduction;

import java.util.function.IntFunction;
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
 * The sum of a u32 vector by repeated work-group reductions, each pass turning n values into one partial
 * sum per work-group of 256 until one value is left; done twice: with {@code &reduce}, one element per
 * work-item, and with {@code &reduce_strided}, where each work-item first sums about
 * {@link #ELEMENTS_PER_WORK_ITEM} elements alone (a grid-stride loop). All passes of a sum are queued at
 * once, each with the barrier bit so that it starts after the pass before it; only the last one
 * signals completion.
 */
public final class Reduction implements Sample {
    static final int N = 200_000;
    static final int WORKGROUP = 256;
    /**
     * Elements each work-item of {@code &reduce_strided} sums: N is no multiple of the grid this gives,
     * so some work-items sum one element more than others (and in the last pass most sum none).
     */
    static final int ELEMENTS_PER_WORK_ITEM = 16;

    @Override
    public String name() {
        return "reduction";
    }

    @Override
    public String description() {
        return "sum of " + N + " u32: group-memory tree with barriers, one or " + ELEMENTS_PER_WORK_ITEM
                + " elements per work-item, chained passes (barrier bit)";
    }

    /**
     * The grid of a {@code &reduce_strided} pass over {@code n} values: whole work-groups of 256 enough
     * for {@code elementsPerWorkItem} values per work-item.
     */
    public static Grid stridedGrid(int n, int elementsPerWorkItem) {
        return Grid.wholeGroups(Grid.groups(n, elementsPerWorkItem), WORKGROUP);
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
            Sum tree = sum(host, "&reduce", input, n -> Grid.wholeGroups(n, WORKGROUP));
            Sum strided = sum(host, "&reduce_strided", input, n -> stridedGrid(n, ELEMENTS_PER_WORK_ITEM));
            return SampleResult.checked(Compare.all(
                    Compare.ints("sum (&reduce)", host.readInts(tree.address(), 1), new int[] {sum}),
                    Compare.ints("sum (&reduce_strided)", host.readInts(strided.address(), 1), new int[] {sum})),
                    "sum of " + N + " in " + tree.passes() + " chained dispatches of &reduce and "
                            + strided.passes() + " of &reduce_strided",
                    host.readBytes(new long[] {tree.address(), strided.address()}, new long[] {4, 4}));
        }
    }

    /** Where a chain of passes left the sum, and how many passes it took. */
    private record Sum(long address, int passes) {
    }

    /**
     * Sums the N values at {@code input} by passes of {@code kernel}, pass over n values dispatched on
     * {@code grid.apply(n)} (whole work-groups, one partial sum each), and waits for the last pass.
     */
    private static Sum sum(SampleHost host, String kernel, long input, IntFunction<Grid> grid) {
        KernelSymbol reduce = host.kernel(kernel);
        Signal done = host.signal(1);
        int passes = 0;
        long from = input;
        for (int n = N; n > 1; passes++) {
            Grid g = grid.apply(n);
            int groups = g.gridSize()[0] / WORKGROUP;
            long partial = host.allocate(4L * groups);
            Kernarg args = host.kernarg(reduce).putLong("%in", from).putLong("%partial", partial).putInt("%n", n);
            host.submit(reduce, args, g, true, groups == 1 ? done : null);
            from = partial;
            n = groups;
        }
        host.await(done);
        return new Sum(from, passes);
    }
}
