package org.hsaj.gpu.cu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.hsaj.hsail.codegen.jvm.BatchedKernel;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compute units hand a kernel that runs several work-groups per call ({@link BatchedKernel}) runs of
 * consecutive work-groups within one row of the grid, no longer than the batch limit; other kernels
 * get one work-group per call. Either way every work-group runs once.
 */
class ComputeUnitsTest {
    /** Records every work-group it is asked to run, and the length of every call's run. */
    private static class RecordingKernel implements CompiledKernel {
        final AtomicIntegerArray runs;
        final List<Integer> lengths = Collections.synchronizedList(new ArrayList<>());
        final List<String> rowViolations = Collections.synchronizedList(new ArrayList<>());

        RecordingKernel(int groups) {
            runs = new AtomicIntegerArray(groups);
        }

        @Override
        public String name() {
            return "&record";
        }

        @Override
        public long kernargSegmentSize() {
            return 0;
        }

        @Override
        public int kernargSegmentAlignment() {
            return 16;
        }

        @Override
        public long groupSegmentSize() {
            return 0;
        }

        @Override
        public long privateSegmentSize() {
            return 0;
        }

        @Override
        public void runWorkGroup(DispatchContext d, WorkGroupMemory m, long gx, long gy, long gz) {
            record(d.geometry(), gx, gy, gz, 1);
        }

        void record(DispatchGeometry g, long gx, long gy, long gz, int count) {
            lengths.add(count);
            if (gx + count > g.gridGroups(0)) {
                rowViolations.add("(" + gx + ", " + gy + ", " + gz + ") + " + count);
            }
            for (int i = 0; i < count; i++) {
                runs.incrementAndGet((int) (((gz * g.gridGroups(1)) + gy) * g.gridGroups(0) + gx + i));
            }
        }
    }

    private static final class RecordingBatchedKernel extends RecordingKernel implements BatchedKernel {
        RecordingBatchedKernel(int groups) {
            super(groups);
        }

        @Override
        public void runWorkGroups(DispatchContext d, WorkGroupMemory m, long gx, long gy, long gz, int countX) {
            record(d.geometry(), gx, gy, gz, countX);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"round-robin", "work-stealing"})
    void everyWorkGroupRunsOnceInRunsWithinARow(String policy) throws InterruptedException {
        try (SharedVirtualMemory memory = SharedVirtualMemory.reserve(1L << 28)) {
            for (int units : new int[] {1, 3}) {
                try (ComputeUnits cu = new ComputeUnits(units, memory, 4096, 4096)) {
                    DispatchGeometry g = new DispatchGeometry(2, 1000, 37, 1, 16, 4, 1);
                    int groups = (int) g.totalGroups();
                    for (RecordingKernel k : List.of(new RecordingKernel(groups), new RecordingBatchedKernel(groups))) {
                        cu.run(k, DispatchContext.standalone(memory, g, 0, 0, 0), WorkGroupScheduler.named(policy), 0, null);
                        for (int i = 0; i < groups; i++) {
                            assertEquals(1, k.runs.get(i), policy + ", " + units + " units, group " + i);
                        }
                        assertEquals(List.of(), k.rowViolations, "runs past the end of a row");
                        int longest = k.lengths.stream().mapToInt(Integer::intValue).max().orElseThrow();
                        if (k instanceof BatchedKernel) {
                            assertTrue(longest <= ComputeUnits.BATCH_WORK_ITEMS / g.workItemsPerGroup(),
                                    "runs of at most the batch limit, got " + longest);
                            if (policy.equals("work-stealing")) {
                                assertTrue(longest > 1, "a unit's share comes in runs, got " + k.lengths);
                            }
                        } else {
                            assertEquals(1, longest, "one work-group per call");
                        }
                    }
                }
            }
        }
    }
}
