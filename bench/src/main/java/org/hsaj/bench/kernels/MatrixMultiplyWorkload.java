package org.hsaj.bench.kernels;

import static org.hsaj.runtime.memory.SharedVirtualMemory.FLOAT;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.gpu.code.Kernarg;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.RandomData;
import org.hsaj.kernels.SampleHost;
import org.hsaj.runtime.api.HsaRuntime;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * {@code c = a * b} for n x n f32 matrices, one work-item per element of c (the matmul samples' kernels):
 * straight from global memory, or in 16 x 16 tiles through group memory. The Java peer loops the same
 * way (plain, or blocked in 16 x 16 tiles), summing over k in the same order, so its results are
 * bit-identical; OpenCL may contract multiply-adds, so it is compared within a tolerance.
 */
final class MatrixMultiplyWorkload implements Workload {
    private static final int TILE = 16;
    private static final String OPENCL = """
            __kernel void matmul(__global const float *a, __global const float *b, __global float *c, uint n) {
                uint col = get_global_id(0);
                uint row = get_global_id(1);
                float sum = 0.0f;
                for (uint k = 0; k < n; k++) {
                    sum += a[row * n + k] * b[k * n + col];
                }
                c[row * n + col] = sum;
            }

            __kernel void matmul_tiled(__global const float *a, __global const float *b, __global float *c, uint n) {
                __local float tile_a[16][16];
                __local float tile_b[16][16];
                uint tx = get_local_id(0);
                uint ty = get_local_id(1);
                uint col = get_global_id(0);
                uint row = get_global_id(1);
                float sum = 0.0f;
                for (uint t = 0; t < n; t += 16) {
                    tile_a[ty][tx] = a[row * n + t + tx];
                    tile_b[ty][tx] = b[(t + ty) * n + col];
                    barrier(CLK_LOCAL_MEM_FENCE);
                    for (uint k = 0; k < 16; k++) {
                        sum += tile_a[ty][k] * tile_b[k][tx];
                    }
                    barrier(CLK_LOCAL_MEM_FENCE);
                }
                c[row * n + col] = sum;
            }
            """;

    private final boolean tiled;
    private final String kernel;
    private final int n;
    private final float[] a;
    private final float[] b;
    private final SampleHost host;
    private final long aBuffer;
    private final long bBuffer;
    private final long cBuffer;
    private final long javaC;
    private final Map<String, Kernarg> kernargs = new HashMap<>();
    private cl_kernel clKernel;
    private cl_mem clC;

    MatrixMultiplyWorkload(HsaRuntime runtime, List<String> backends, int n, boolean tiled) {
        if (n % TILE != 0) {
            throw new IllegalArgumentException("n must be a multiple of " + TILE + ", got " + n);
        }
        this.tiled = tiled;
        this.kernel = tiled ? "matmul_tiled" : "matmul";
        this.n = n;
        this.a = RandomData.floats(3, n * n, -1, 1);
        this.b = RandomData.floats(4, n * n, -1, 1);
        this.host = SampleHost.open(runtime, backends, "matmul/matmul.hsail");
        this.aBuffer = host.upload(a);
        this.bBuffer = host.upload(b);
        this.cBuffer = host.allocate(4L * n * n);
        this.javaC = host.allocate(4L * n * n);
        for (String backend : backends) {
            kernargs.put(backend, host.kernarg(host.kernel("&" + kernel, backend)).putLong("%a", aBuffer)
                    .putLong("%b", bBuffer).putLong("%c", cBuffer).putInt("%n", n));
        }
    }

    @Override
    public String name() {
        return kernel + " " + n + "x" + n;
    }

    @Override
    public long items() {
        return (long) n * n;
    }

    /** Whole rows of tiles. */
    @Override
    public long granule() {
        return (long) n * TILE;
    }

    @Override
    public void runHsail(String backend, long items) {
        host.dispatch(host.kernel("&" + kernel, backend), kernargs.get(backend),
                Grid.planar(n, (int) (items / n), TILE, TILE));
    }

    @Override
    public void runJava(ParallelLoop loop) {
        MemorySegment m = host.memory().segment();
        long a0 = aBuffer;
        long b0 = bBuffer;
        long c0 = javaC;
        int size = n;
        if (!tiled) {
            loop.run(size, (thread, from, to) -> {
                for (long row = from; row < to; row++) {
                    for (long col = 0; col < size; col++) {
                        float sum = 0;
                        for (long k = 0; k < size; k++) {
                            sum += m.get(FLOAT, a0 + 4 * (row * size + k)) * m.get(FLOAT, b0 + 4 * (k * size + col));
                        }
                        m.set(FLOAT, c0 + 4 * (row * size + col), sum);
                    }
                }
            });
            return;
        }
        // Blocked: for each 16 x 16 block of c, step through k in tiles, keeping the block's sums in an array.
        loop.run(size / TILE, (thread, from, to) -> {
            float[] sums = new float[TILE * TILE];
            for (long blockRow = from; blockRow < to; blockRow++) {
                for (long blockCol = 0; blockCol < size / TILE; blockCol++) {
                    java.util.Arrays.fill(sums, 0);
                    for (long t = 0; t < size; t += TILE) {
                        for (int i = 0; i < TILE; i++) {
                            long row = blockRow * TILE + i;
                            for (int j = 0; j < TILE; j++) {
                                long col = blockCol * TILE + j;
                                float sum = sums[i * TILE + j];
                                for (long k = t; k < t + TILE; k++) {
                                    sum += m.get(FLOAT, a0 + 4 * (row * size + k))
                                            * m.get(FLOAT, b0 + 4 * (k * size + col));
                                }
                                sums[i * TILE + j] = sum;
                            }
                        }
                    }
                    for (int i = 0; i < TILE; i++) {
                        for (int j = 0; j < TILE; j++) {
                            m.set(FLOAT, c0 + 4 * ((blockRow * TILE + i) * size + blockCol * TILE + j),
                                    sums[i * TILE + j]);
                        }
                    }
                }
            }
        });
    }

    @Override
    public void prepareOpenCl(OpenClPeer cl) {
        clKernel = cl.kernel(OPENCL, kernel);
        clC = cl.buffer(4L * n * n);
        cl.arguments(clKernel, cl.buffer(a), cl.buffer(b), clC, n);
    }

    @Override
    public void runOpenCl(OpenClPeer cl) {
        cl.enqueue(clKernel, new long[] {n, n}, new long[] {TILE, TILE});
        cl.finish();
    }

    @Override
    public String check(OpenClPeer cl) {
        float[] hsail = host.readFloats(cBuffer, n * n);
        return Compare.all(Compare.floats("c (Java)", host.readFloats(javaC, n * n), hsail),
                cl == null ? null : Compare.floats("c (OpenCL)", cl.readFloats(clC, n * n), hsail, 1e-4, 1e-4));
    }

    @Override
    public void close() {
        host.close();
    }
}
