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
 * The sum of a u32 vector by repeated work-group reductions: each pass turns n values into one partial
 * sum per work-group of 256, until one value is left. All passes are queued at once, each with the
 * barrier bit so that it starts after the pass before it; only the last one signals completion.
 */
public final class Reduction implements Sample {
    static final int N = 200_000;
    static final int WORKGROUP = 256;

    @Override
    public String name() {
        return "reduction";
    }

    @Override
    public String description() {
        return "sum of " + N + " u32: group-memory tree with barriers, chained passes (barrier bit)";
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        int[] in = RandomData.ints(20, N);
        int sum = 0;
        for (int v : in) {
            sum += v;
        }
        try (SampleHost host = SampleHost.open(runtime, backend, "reduction/reduction.hsail")) {
            KernelSymbol reduce = host.kernel("&reduce");
            int passes = 0;
            long input = host.upload(in);
            int n = N;
            Signal done = host.signal(1);
            while (n > 1) {
                int groups = Grid.groups(n, WORKGROUP);
                long partial = host.allocate(4L * groups);
                Kernarg args = host.kernarg(reduce).putLong("%in", input).putLong("%partial", partial).putInt("%n", n);
                host.submit(reduce, args, Grid.wholeGroups(n, WORKGROUP), true, groups == 1 ? done : null);
                passes++;
                input = partial;
                n = groups;
            }
            host.await(done);
            int[] total = host.readInts(input, 1);
            return SampleResult.checked(Compare.ints("sum", total, new int[] {sum}), "sum of " + N + " in "
                    + passes + " chained dispatches", host.readBytes(input, 4));
        }
    }
}
