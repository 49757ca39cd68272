package org.hsaj.kernels.scan;

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
 * Inclusive prefix sums of up to 65,536 u32 values in three dispatches queued together: scan each block
 * of 256 and collect the block totals, scan the totals in one work-group, add each block's preceding
 * total to its elements. The barrier bit orders them; the last one signals completion.
 */
public final class PrefixSum implements Sample {
    static final int N = 50_000;
    static final int BLOCK = 256;

    @Override
    public String name() {
        return "scan";
    }

    @Override
    public String description() {
        return "inclusive prefix sum of " + N + " u32: block scans, scan of block totals, fix-up";
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        int[] data = RandomData.ints(30, N, 1000);
        int[] expected = new int[N];
        int running = 0;
        for (int i = 0; i < N; i++) {
            running += data[i];
            expected[i] = running;
        }
        int blocks = Grid.groups(N, BLOCK);
        try (SampleHost host = SampleHost.open(runtime, backend, "scan/scan.hsail")) {
            KernelSymbol scan = host.kernel("&scan_blocks");
            KernelSymbol fixUp = host.kernel("&add_block_prefix");
            long buffer = host.upload(data);
            long totals = host.allocate(4L * blocks);
            long grandTotal = host.allocate(4);
            Signal done = host.signal(1);
            host.submit(scan, host.kernarg(scan).putLong("%data", buffer).putLong("%totals", totals).putInt("%n", N),
                    Grid.wholeGroups(N, BLOCK), true, null);
            host.submit(scan, host.kernarg(scan).putLong("%data", totals).putLong("%totals", grandTotal)
                    .putInt("%n", blocks), Grid.wholeGroups(blocks, BLOCK), true, null);
            host.submit(fixUp, host.kernarg(fixUp).putLong("%data", buffer).putLong("%prefix", totals).putInt("%n", N),
                    Grid.linear(N, BLOCK), true, done);
            host.await(done);
            return SampleResult.checked(Compare.all(Compare.ints("data", host.readInts(buffer, N), expected),
                    Compare.ints("total", host.readInts(grandTotal, 1), new int[] {running})),
                    N + " prefix sums exact", host.readBytes(buffer, 4L * N));
        }
    }
}
