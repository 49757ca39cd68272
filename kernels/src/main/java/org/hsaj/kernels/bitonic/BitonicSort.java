package org.hsaj.kernels.bitonic;

import java.util.Arrays;
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
 * Sorts 2^14 u32 keys with a bitonic network: 105 dispatches of one compare-and-exchange step each,
 * all queued at once (more than the queue holds, so the producer also meets back-pressure), each with
 * the barrier bit so that it sees the previous step's writes; a barrier-AND packet after the last one
 * signals completion.
 */
public final class BitonicSort implements Sample {
    static final int LOG_N = 14;
    static final int N = 1 << LOG_N;

    @Override
    public String name() {
        return "bitonic_sort";
    }

    @Override
    public String description() {
        return "sort " + N + " u32 keys: " + LOG_N * (LOG_N + 1) / 2 + " dispatches ordered by the barrier bit";
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        int[] keys = RandomData.ints(40, N, Integer.MAX_VALUE);
        int[] expected = keys.clone();
        Arrays.sort(expected);
        try (SampleHost host = SampleHost.open(runtime, backend, "bitonic_sort/bitonic_sort.hsail")) {
            KernelSymbol step = host.kernel("&bitonic_step");
            long data = host.upload(keys);
            int dispatches = 0;
            for (int k = 2; k <= N; k <<= 1) {
                for (int j = k >> 1; j > 0; j >>= 1) {
                    host.submit(step, host.kernarg(step).putLong("%data", data).putInt("%j", j).putInt("%k", k),
                            Grid.linear(N, 256), true, null);
                    dispatches++;
                }
            }
            Signal done = host.signal(1);
            host.submitBarrier(done);
            host.await(done);
            return SampleResult.checked(Compare.ints("keys", host.readInts(data, N), expected),
                    N + " keys sorted in " + dispatches + " dispatches", host.readBytes(data, 4L * N));
        }
    }
}
