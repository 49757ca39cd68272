package org.hsaj.kernels.saxpy;

import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.RandomData;
import org.hsaj.kernels.Sample;
import org.hsaj.kernels.SampleHost;
import org.hsaj.kernels.SampleResult;
import org.hsaj.runtime.api.HsaRuntime;

/** y = alpha * x + y with a fused multiply-add, checked against {@link Math#fma(float, float, float)}. */
public final class Saxpy implements Sample {
    static final int N = 1 << 16;
    static final float ALPHA = 2.7182817f;

    @Override
    public String name() {
        return "saxpy";
    }

    @Override
    public String description() {
        return "y = alpha * x + y with fma_f32, an f32 kernel argument, in place";
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        float[] x = RandomData.floats(4, N, -1, 1);
        float[] y = RandomData.floats(5, N, -1, 1);
        float[] expected = new float[N];
        for (int i = 0; i < N; i++) {
            expected[i] = Math.fma(ALPHA, x[i], y[i]);
        }
        try (SampleHost host = SampleHost.open(runtime, backend, "saxpy/saxpy.hsail")) {
            KernelSymbol kernel = host.kernel("&saxpy");
            long yBuffer = host.upload(y);
            host.dispatch(kernel, host.kernarg(kernel).putFloat("%alpha", ALPHA).putLong("%x", host.upload(x))
                    .putLong("%y", yBuffer).putInt("%n", N), Grid.linear(N, 128));
            return SampleResult.checked(Compare.floats("y", host.readFloats(yBuffer, N), expected),
                    N + " fused multiply-adds bit-exact", host.readBytes(yBuffer, 4L * N));
        }
    }
}
