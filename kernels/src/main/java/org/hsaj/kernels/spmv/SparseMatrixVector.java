package org.hsaj.kernels.spmv;

import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Csr;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.RandomData;
import org.hsaj.kernels.Sample;
import org.hsaj.kernels.SampleHost;
import org.hsaj.kernels.SampleResult;
import org.hsaj.runtime.api.HsaRuntime;

/**
 * y = A x for a random sparse matrix in CSR form: indirect loads and rows of uneven length (0 to 32
 * entries). Each row is summed in order, as in Java, so y is compared bit for bit.
 */
public final class SparseMatrixVector implements Sample {
    static final int ROWS = 20_000;
    static final int COLUMNS = 20_000;
    static final int MAX_PER_ROW = 32;

    @Override
    public String name() {
        return "spmv";
    }

    @Override
    public String description() {
        return "sparse matrix (CSR) times vector, " + ROWS + " rows: indirect loads, uneven rows";
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        Csr a = Csr.random(80, ROWS, COLUMNS, MAX_PER_ROW);
        int[] rowStart = a.rowStart();
        int[] columns = a.columns();
        float[] values = RandomData.floats(81, a.entries(), -1, 1);
        float[] x = RandomData.floats(82, COLUMNS, -1, 1);
        float[] expected = new float[ROWS];
        for (int r = 0; r < ROWS; r++) {
            float sum = 0;
            for (int j = rowStart[r]; j < rowStart[r + 1]; j++) {
                sum += values[j] * x[columns[j]];
            }
            expected[r] = sum;
        }
        try (SampleHost host = SampleHost.open(runtime, backend, "spmv/spmv.hsail")) {
            KernelSymbol kernel = host.kernel("&spmv_csr");
            long y = host.allocate(4L * ROWS);
            host.dispatch(kernel, host.kernarg(kernel).putLong("%row_start", host.upload(rowStart))
                    .putLong("%columns", host.upload(columns)).putLong("%values", host.upload(values))
                    .putLong("%x", host.upload(x)).putLong("%y", y).putInt("%rows", ROWS), Grid.linear(ROWS, 64));
            return SampleResult.checked(Compare.floats("y", host.readFloats(y, ROWS), expected),
                    ROWS + " rows, " + a.entries() + " entries bit-exact", host.readBytes(y, 4L * ROWS));
        }
    }
}
