package org.hsaj.kernels.histogram;

import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.RandomData;
import org.hsaj.kernels.Sample;
import org.hsaj.kernels.SampleHost;
import org.hsaj.kernels.SampleResult;
import org.hsaj.runtime.api.HsaRuntime;

/**
 * A 256-bin histogram of u32 data skewed toward the low bins (so atomics on them collide), counted three
 * ways: with global atomics only; with group-memory atomics, one element per work-item, merged into the
 * global bins once per work-group; and the same with each work-item counting about
 * {@link #ELEMENTS_PER_WORK_ITEM} elements (a grid-stride loop). All must equal the Java count.
 */
public final class Histogram implements Sample {
    static final int N = 1 << 17;
    static final int BINS = 256;
    /**
     * Elements each work-item of {@code &histogram_tiled} counts. N is no multiple of the work-group's
     * tile this gives, so in the last tile work-items count fewer elements.
     */
    static final int ELEMENTS_PER_WORK_ITEM = 24;

    @Override
    public String name() {
        return "histogram";
    }

    @Override
    public String description() {
        return BINS + " bins of " + N + " values: global atomics, and group atomics (one or " + ELEMENTS_PER_WORK_ITEM
                + " elements per work-item) merged per work-group";
    }

    /** Values whose low byte is skewed toward small bins (the minimum of two uniform bytes). */
    static int[] data() {
        int[] a = RandomData.ints(50, N);
        int[] b = RandomData.ints(51, N);
        int[] v = new int[N];
        for (int i = 0; i < N; i++) {
            v[i] = (a[i] & ~0xFF) | Math.min(a[i] & 0xFF, b[i] & 0xFF);
        }
        return v;
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        int[] values = data();
        int[] expected = new int[BINS];
        for (int v : values) {
            expected[v & 0xFF]++;
        }
        try (SampleHost host = SampleHost.open(runtime, backend, "histogram/histogram.hsail")) {
            long data = host.upload(values);
            long globalBins = host.allocate(4L * BINS);
            long groupBins = host.allocate(4L * BINS);
            long tiledBins = host.allocate(4L * BINS);
            KernelSymbol global = host.kernel("&histogram_global");
            host.dispatch(global, host.kernarg(global).putLong("%data", data).putLong("%bins", globalBins)
                    .putInt("%n", N), Grid.linear(N, 256));
            KernelSymbol group = host.kernel("&histogram_group");
            host.dispatch(group, host.kernarg(group).putLong("%data", data).putLong("%bins", groupBins)
                    .putInt("%n", N), Grid.wholeGroups(N, BINS));
            KernelSymbol tiled = host.kernel("&histogram_tiled");
            host.dispatch(tiled, host.kernarg(tiled).putLong("%data", data).putLong("%bins", tiledBins)
                    .putInt("%n", N).putInt("%per_work_item", ELEMENTS_PER_WORK_ITEM),
                    Grid.tiled(N, ELEMENTS_PER_WORK_ITEM, BINS));
            return SampleResult.checked(Compare.all(
                    Compare.ints("global_bins", host.readInts(globalBins, BINS), expected),
                    Compare.ints("group_bins", host.readInts(groupBins, BINS), expected),
                    Compare.ints("tiled_bins", host.readInts(tiledBins, BINS), expected)),
                    BINS + " bins of " + N + " values exact with all three kernels",
                    host.readBytes(new long[] {globalBins, groupBins, tiledBins},
                            new long[] {4L * BINS, 4L * BINS, 4L * BINS}));
        }
    }
}
