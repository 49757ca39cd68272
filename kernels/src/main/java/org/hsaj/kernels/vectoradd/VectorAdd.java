package org.hsaj.kernels.vectoradd;

import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.RandomData;
import org.hsaj.kernels.Sample;
import org.hsaj.kernels.SampleHost;
import org.hsaj.kernels.SampleResult;
import org.hsaj.runtime.api.HsaRuntime;

/** c = a + b over float vectors; the grid is not a multiple of the work-group size. */
public final class VectorAdd implements Sample {
    static final int N = 100_000;

    @Override
    public String name() {
        return "vector_add";
    }

    @Override
    public String description() {
        return "c[i] = a[i] + b[i] in f32, a partial last work-group";
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        float[] a = RandomData.floats(2, N, -1000, 1000);
        float[] b = RandomData.floats(3, N, -1000, 1000);
        float[] expected = new float[N];
        for (int i = 0; i < N; i++) {
            expected[i] = a[i] + b[i];
        }
        try (SampleHost host = SampleHost.open(runtime, backend, "vector_add/vector_add.hsail")) {
            KernelSymbol kernel = host.kernel("&vector_add");
            long c = host.allocate(4L * N);
            host.dispatch(kernel, host.kernarg(kernel).putLong("%a", host.upload(a)).putLong("%b", host.upload(b))
                    .putLong("%c", c).putInt("%n", N), Grid.linear(N, 256));
            return SampleResult.checked(Compare.floats("c", host.readFloats(c, N), expected),
                    N + " sums bit-exact", host.readBytes(c, 4L * N));
        }
    }
}
