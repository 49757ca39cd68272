package org.hsaj.kernels.vectorcopy;

import org.hsaj.gpu.code.Kernarg;
import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.RandomData;
import org.hsaj.kernels.Sample;
import org.hsaj.kernels.SampleHost;
import org.hsaj.kernels.SampleResult;
import org.hsaj.runtime.api.HsaRuntime;

/**
 * The smallest complete HSA host program, step by step: load and finalize the kernel, allocate the
 * buffers and the kernarg segment, dispatch one packet, wait on its completion signal, check.
 */
public final class VectorCopy implements Sample {
    static final int N = 1 << 16;
    static final int WORKGROUP = 256;

    @Override
    public String name() {
        return "vector_copy";
    }

    @Override
    public String description() {
        return "out[i] = in[i]: one dispatch, kernarg, completion signal";
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        int[] in = RandomData.ints(1, N);
        // hsa_executable_get_symbol("&vector_copy") after finalizing the HSAIL with the chosen back end.
        try (SampleHost host = SampleHost.open(runtime, backend, "vector_copy/vector_copy.hsail")) {
            KernelSymbol kernel = host.kernel("&vector_copy");
            // Buffers in fine-grained memory: the kernel sees them at the same addresses as the host.
            long inBuffer = host.upload(in);
            long outBuffer = host.allocate(4L * N);
            // The kernarg segment, filled at the offsets the finalizer gave each parameter.
            Kernarg args = host.kernarg(kernel).putLong("%in", inBuffer).putLong("%out", outBuffer).putInt("%n", N);
            // A kernel dispatch packet on the queue, then a wait on its completion signal.
            host.dispatch(kernel, args, Grid.linear(N, WORKGROUP));
            int[] out = host.readInts(outBuffer, N);
            return SampleResult.checked(Compare.ints("out", out, in), N + " words copied",
                    host.readBytes(outBuffer, 4L * N));
        }
    }
}
