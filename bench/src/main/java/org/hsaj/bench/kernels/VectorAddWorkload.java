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

/** {@code c = a + b} over f32 vectors (the vector_add sample's kernel): memory bound. */
final class VectorAddWorkload implements Workload {
    private static final String OPENCL = """
            __kernel void vector_add(__global const float *a, __global const float *b, __global float *c, uint n) {
                uint i = get_global_id(0);
                if (i < n) {
                    c[i] = a[i] + b[i];
                }
            }
            """;

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

    VectorAddWorkload(HsaRuntime runtime, List<String> backends, int n) {
        this.n = n;
        this.a = RandomData.floats(1, n, -1000, 1000);
        this.b = RandomData.floats(2, n, -1000, 1000);
        this.host = SampleHost.open(runtime, backends, "vector_add/vector_add.hsail");
        this.aBuffer = host.upload(a);
        this.bBuffer = host.upload(b);
        this.cBuffer = host.allocate(4L * n);
        this.javaC = host.allocate(4L * n);
        for (String backend : backends) {
            kernargs.put(backend, host.kernarg(host.kernel("&vector_add", backend)).putLong("%a", aBuffer)
                    .putLong("%b", bBuffer).putLong("%c", cBuffer).putInt("%n", n));
        }
    }

    @Override
    public String name() {
        return "vector_add " + Sizes.label(n);
    }

    @Override
    public long items() {
        return n;
    }

    @Override
    public long granule() {
        return 256;
    }

    @Override
    public void runHsail(String backend, long items) {
        host.dispatch(host.kernel("&vector_add", backend), kernargs.get(backend), Grid.linear((int) items, 256));
    }

    @Override
    public void runJava(ParallelLoop loop) {
        MemorySegment m = host.memory().segment();
        long a0 = aBuffer;
        long b0 = bBuffer;
        long c0 = javaC;
        loop.run(n, (thread, from, to) -> {
            for (long i = from; i < to; i++) {
                m.set(FLOAT, c0 + 4 * i, m.get(FLOAT, a0 + 4 * i) + m.get(FLOAT, b0 + 4 * i));
            }
        });
    }

    @Override
    public void prepareOpenCl(OpenClPeer cl) {
        clKernel = cl.kernel(OPENCL, "vector_add");
        clC = cl.buffer(4L * n);
        cl.arguments(clKernel, cl.buffer(a), cl.buffer(b), clC, n);
    }

    @Override
    public void runOpenCl(OpenClPeer cl) {
        cl.enqueue(clKernel, new long[] {n}, new long[] {256});
        cl.finish();
    }

    @Override
    public String check(OpenClPeer cl) {
        float[] hsail = host.readFloats(cBuffer, n);
        return Compare.all(Compare.floats("c (Java)", host.readFloats(javaC, n), hsail),
                cl == null ? null : Compare.floats("c (OpenCL)", cl.readFloats(clC, n), hsail));
    }

    @Override
    public void close() {
        host.close();
    }
}
