package org.hsaj.kernels.bfs;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.kernels.Compare;
import org.hsaj.kernels.Csr;
import org.hsaj.kernels.Grid;
import org.hsaj.kernels.Sample;
import org.hsaj.kernels.SampleHost;
import org.hsaj.kernels.SampleResult;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.signal.Signal;

/**
 * Breadth-first search levels from vertex 0 of a random directed graph, driven by the host: one dispatch
 * per level, after which the host reads the kernel's "changed" flag and decides whether to go on. One
 * completion signal serves every level: the host sets it back to 1 before each dispatch.
 */
public final class BreadthFirstSearch implements Sample {
    static final int VERTICES = 20_000;
    static final int MAX_DEGREE = 6;
    static final int UNVISITED = -1;

    @Override
    public String name() {
        return "bfs";
    }

    @Override
    public String description() {
        return "breadth-first search of " + VERTICES + " vertices: host-driven levels, CAS, one reused signal";
    }

    static int[] reference(Csr graph) {
        int[] rowStart = graph.rowStart();
        int[] columns = graph.columns();
        int[] levels = new int[graph.rows()];
        Arrays.fill(levels, UNVISITED);
        levels[0] = 0;
        ArrayDeque<Integer> frontier = new ArrayDeque<>();
        frontier.add(0);
        while (!frontier.isEmpty()) {
            int v = frontier.poll();
            for (int e = rowStart[v]; e < rowStart[v + 1]; e++) {
                int u = columns[e];
                if (levels[u] == UNVISITED) {
                    levels[u] = levels[v] + 1;
                    frontier.add(u);
                }
            }
        }
        return levels;
    }

    @Override
    public SampleResult run(HsaRuntime runtime, String backend) {
        Csr graph = Csr.random(90, VERTICES, VERTICES, MAX_DEGREE);
        int[] initial = new int[VERTICES];
        Arrays.fill(initial, UNVISITED);
        initial[0] = 0;
        try (SampleHost host = SampleHost.open(runtime, backend, "bfs/bfs.hsail")) {
            KernelSymbol kernel = host.kernel("&bfs_level");
            long rowStart = host.upload(graph.rowStart());
            long columns = host.upload(graph.columns());
            long levels = host.upload(initial);
            long changed = host.allocate(4);
            Signal done = host.signal(1);
            int level = 0;
            do {
                host.memory().atomicStoreInt(changed, 0, MemoryOrder.RELAXED);
                done.store(1, MemoryOrder.RELAXED);
                host.submit(kernel, host.kernarg(kernel).putLong("%row_start", rowStart).putLong("%columns", columns)
                        .putLong("%levels", levels).putLong("%changed", changed).putInt("%vertices", VERTICES)
                        .putInt("%level", level), Grid.linear(VERTICES, 256), false, done);
                host.await(done);
                level++;
            } while (host.memory().atomicLoadInt(changed, MemoryOrder.ACQUIRE) != 0);
            int[] expected = reference(graph);
            long reached = Arrays.stream(expected).filter(l -> l != UNVISITED).count();
            return SampleResult.checked(Compare.ints("levels", host.readInts(levels, VERTICES), expected),
                    reached + " vertices reached, " + level + " host-driven dispatches",
                    host.readBytes(levels, 4L * VERTICES));
        }
    }
}
