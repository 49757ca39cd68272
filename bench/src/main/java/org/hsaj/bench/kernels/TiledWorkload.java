package org.hsaj.bench.kernels;

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
 * A workload whose kernel gives each work-item {@code elementsPerWorkItem} elements of its work-group's
 * tile (work-group size x elementsPerWorkItem consecutive elements) of a u32 input and accumulates into a
 * small u32 result with atomics: its rates count input elements, and a partial run for the interpreter
 * takes whole tiles, so that every work-item keeps its share. The HSAIL kernel and the OpenCL C kernel
 * take the same arguments (input, result, n, elements per work-item) and run on the same grid; the
 * result is zeroed before every run. Subclasses give the Java peer.
 */
abstract class TiledWorkload implements Workload {
    /**
     * The kernel of a tiled workload: its HSAIL file and name, its two pointer parameters, the u32 words
     * of its result and the OpenCL C source of the same algorithm (its kernel named as the HSAIL one,
     * without the sigil).
     */
    record TiledKernel(String hsailFile, String name, String inputParameter, String resultParameter,
            int resultWords, String openCl) {
    }

    /** Input elements of the whole problem. */
    final int n;
    final int elementsPerWorkItem;
    final long input;
    final SampleHost host;
    private final int workGroupSize;
    private final TiledKernel kernel;
    private final int[] data;
    private final long result;
    /** Kernarg segments by back end and element count. */
    private final Map<String, Kernarg> kernargs = new HashMap<>();
    private cl_kernel clKernel;
    private cl_mem clResult;

    TiledWorkload(HsaRuntime runtime, List<String> backends, TiledKernel kernel, long seed, int n,
            int elementsPerWorkItem, int workGroupSize) {
        this.n = n;
        this.elementsPerWorkItem = elementsPerWorkItem;
        this.workGroupSize = workGroupSize;
        this.kernel = kernel;
        this.data = RandomData.ints(seed, n);
        this.host = SampleHost.open(runtime, backends, kernel.hsailFile());
        this.input = host.upload(data);
        this.result = host.allocate(4L * kernel.resultWords());
    }

    /** What the Java peer's last run computed, to compare with the kernels' result. */
    abstract int[] javaResult();

    /** The grid of a run over the first {@code count} elements. */
    private Grid grid(int count) {
        return Grid.tiled(count, elementsPerWorkItem, workGroupSize);
    }

    @Override
    public final String itemUnit() {
        return "input elements, " + elementsPerWorkItem + " per work-item";
    }

    @Override
    public final long items() {
        return n;
    }

    @Override
    public final long granule() {
        return (long) workGroupSize * elementsPerWorkItem;
    }

    @Override
    public final void runHsail(String backend, long items) {
        int count = (int) items;
        Kernarg args = kernargs.computeIfAbsent(backend + " " + count, key -> host.kernarg(host.kernel(kernel.name(),
                backend)).putLong(kernel.inputParameter(), input).putLong(kernel.resultParameter(), result)
                .putInt("%n", count).putInt("%per_work_item", elementsPerWorkItem));
        host.memory().fill(result, 4L * kernel.resultWords(), (byte) 0);
        host.dispatch(host.kernel(kernel.name(), backend), args, grid(count));
    }

    @Override
    public final void prepareOpenCl(OpenClPeer cl) {
        clKernel = cl.kernel(kernel.openCl(), kernel.name().substring(1));
        clResult = cl.buffer(4L * kernel.resultWords());
        cl.arguments(clKernel, cl.buffer(data), clResult, n, elementsPerWorkItem);
    }

    @Override
    public final void runOpenCl(OpenClPeer cl) {
        cl.write(clResult, new int[kernel.resultWords()]);
        cl.enqueue(clKernel, new long[] {grid(n).gridSize()[0]}, new long[] {workGroupSize});
        cl.finish();
    }

    @Override
    public final String check(OpenClPeer cl) {
        String what = kernel.resultParameter().substring(1);
        int[] hsail = host.readInts(result, kernel.resultWords());
        return Compare.all(Compare.ints(what + " (Java)", javaResult(), hsail),
                cl == null ? null : Compare.ints(what + " (OpenCL)", cl.readInts(clResult, kernel.resultWords()), hsail));
    }

    @Override
    public final void close() {
        host.close();
    }
}
