package org.hsaj.bench.kernels;

import org.hsaj.kernels.Grid;

/**
 * A workload whose kernel gives each work-item {@code elementsPerWorkItem} elements of its work-group's
 * tile (work-group size x elementsPerWorkItem consecutive elements): its rates count input elements, and
 * a partial run for the interpreter takes whole tiles, so that every work-item keeps its share.
 */
abstract class TiledWorkload implements Workload {
    /** Input elements of the whole problem. */
    final int n;
    final int elementsPerWorkItem;
    private final int workGroupSize;

    TiledWorkload(int n, int elementsPerWorkItem, int workGroupSize) {
        this.n = n;
        this.elementsPerWorkItem = elementsPerWorkItem;
        this.workGroupSize = workGroupSize;
    }

    /** The grid of a run over the first {@code count} elements. */
    final Grid grid(int count) {
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
}
