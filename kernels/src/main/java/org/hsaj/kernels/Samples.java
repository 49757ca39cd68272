package org.hsaj.kernels;

import java.util.List;
import java.util.Optional;
import org.hsaj.kernels.bfs.BreadthFirstSearch;
import org.hsaj.kernels.bitonic.BitonicSort;
import org.hsaj.kernels.blackscholes.BlackScholes;
import org.hsaj.kernels.histogram.Histogram;
import org.hsaj.kernels.mandelbrot.Mandelbrot;
import org.hsaj.kernels.matmul.MatrixMultiply;
import org.hsaj.kernels.nbody.NBody;
import org.hsaj.kernels.reduction.Reduction;
import org.hsaj.kernels.saxpy.Saxpy;
import org.hsaj.kernels.scan.PrefixSum;
import org.hsaj.kernels.spmv.SparseMatrixVector;
import org.hsaj.kernels.vectoradd.VectorAdd;
import org.hsaj.kernels.vectorcopy.VectorCopy;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaRuntime;

/** The catalogue of sample applications, in the order {@code ./hsaj samples} runs them. */
public final class Samples {
    private static final List<Sample> ALL = List.of(new VectorCopy(), new VectorAdd(), new Saxpy(),
            MatrixMultiply.naive(), MatrixMultiply.tiled(), new Reduction(), new PrefixSum(), new BitonicSort(),
            new Histogram(), new NBody(), new Mandelbrot(), new BlackScholes(), new SparseMatrixVector(),
            new BreadthFirstSearch());

    private Samples() {
    }

    public static List<Sample> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(Sample::name).toList();
    }

    public static Optional<Sample> find(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The sample called {@code name}.
     *
     * @throws IllegalArgumentException naming the samples there are
     */
    public static Sample named(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("no sample named '" + name
                + "' (available: " + String.join(", ", names()) + ")"));
    }

    /**
     * Runs {@code sample}, turning a failure of the runtime or of a dispatch into a FAIL result that
     * carries its message.
     */
    public static SampleResult run(Sample sample, HsaRuntime runtime, String backend) {
        try {
            return sample.run(runtime, backend);
        } catch (HsaException e) {
            return SampleResult.failed(e.getMessage());
        } catch (RuntimeException e) {
            return SampleResult.failed("unexpected " + e);
        }
    }
}
