package org.hsaj.kernels;

import java.util.SplittableRandom;

/**
 * The pattern of a sparse matrix, or the edges of a graph, in compressed sparse row form: the entries
 * of row r are {@code columns[rowStart[r] .. rowStart[r + 1] - 1]}.
 */
public record Csr(int rows, int columnCount, int[] rowStart, int[] columns) {
    public Csr {
        rowStart = rowStart.clone();
        columns = columns.clone();
    }

    /** A random pattern with 0 to {@code maxPerRow} entries in each row (distinct columns not required). */
    public static Csr random(long seed, int rows, int columnCount, int maxPerRow) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] rowStart = new int[rows + 1];
        for (int r = 0; r < rows; r++) {
            rowStart[r + 1] = rowStart[r] + random.nextInt(maxPerRow + 1);
        }
        int[] columns = new int[rowStart[rows]];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = random.nextInt(columnCount);
        }
        return new Csr(rows, columnCount, rowStart, columns);
    }

    public int entries() {
        return columns.length;
    }

    @Override
    public int[] rowStart() {
        return rowStart.clone();
    }

    @Override
    public int[] columns() {
        return columns.clone();
    }
}
