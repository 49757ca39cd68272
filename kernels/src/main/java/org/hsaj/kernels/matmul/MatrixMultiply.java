package org.hsaj.kernels.matmul;

import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.RandomData;
import org.hsaj.kernels.Sample;
import org.hsaj.kernels.SampleHost;
import org.hsaj.kernels.SampleResult;
import org.hsaj.runtime.api.HsaRuntime;

/**
 * c = a * b for square f32 matrices on a 2D grid, either straight from global memory ({@code matmul})
 * or through 16 x 16 tiles in group memory with barriers ({@code matmul_tiled}). Both sum over k in
 * order, as the Java reference does, so the results are checked bit for bit.
 */
public final class MatrixMultiply implements Sample {
    /** Matrix size: a multiple of 16 for the tiled kernel. */
    static final int N = 96;
    static final int TILE = 16;

    private final String name;
    private final String kernel;
    private final String description;

    private MatrixMultiply(String name, String kernel, String description) {
        this.name = name;
        this.kernel = kernel;
        this.description = description;
    }

    public static MatrixMultiply naive() {
        return new MatrixMultiply("matmul", "&matmul", "c = a * b, " + N + "x" + N + " f32, 2D grid, global memory");
    }

    public static MatrixMultiply tiled() {
        return new MatrixMultiply("matmul_tiled", "&matmul_tiled",
                "c = a * b in 16x16 tiles: group memory and barriers in a loop");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    /** The product the kernels compute: the sum over k in increasing order, one rounding per step. */
    static float[] multiply(float[] a, float[] b, int n) {
        float[] c = new float[n * n];
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                float sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += a[row * n + k] * b[k * n + col];
                }
                c[row * n + col] = sum;
            }
        }
        return c;
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        float[] a = RandomData.floats(10, N * N, -1, 1);
        float[] b = RandomData.floats(11, N * N, -1, 1);
        try (SampleHost host = SampleHost.open(runtime, backend, "matmul/matmul.hsail")) {
            KernelSymbol k = host.kernel(kernel);
            long c = host.allocate(4L * N * N);
            host.dispatch(k, host.kernarg(k).putLong("%a", host.upload(a)).putLong("%b", host.upload(b))
                    .putLong("%c", c).putInt("%n", N), Grid.planar(N, N, TILE, TILE));
            return SampleResult.checked(Compare.floats("c", host.readFloats(c, N * N), multiply(a, b, N)),
                    N + "x" + N + " product bit-exact", host.readBytes(c, 4L * N * N));
        }
    }
}
