package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.KernelFault;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.memory.PageTable;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchedKernel#runWorkGroups}: runs of consecutive work-groups along x give what one call per
 * work-group gives, whether the kernel fuses them into one loop or runs them one by one; faults name
 * the work-group the faulting work-item belongs to.
 */
class WorkGroupRunsTest {
    /** out[flat abs id] = 3 * abs x + 1000 * abs y: no local ids, no group memory, so runs fuse. */
    private static final String IDS = """
            module &m:1:0:$full:$large:$default;
            prog kernel &ids(kernarg_u64 %out)
            {
                workitemabsid_u32 $s0, 0;
                workitemabsid_u32 $s1, 1;
                mul_u32 $s2, $s0, 3;
                mad_u32 $s2, $s1, 1000, $s2;
                workitemflatabsid_u64 $d0;
                shl_u64 $d0, $d0, 2;
                ld_kernarg_u64 $d1, [%out];
                add_u64 $d1, $d1, $d0;
                st_global_u32 $s2, [$d1];
                ret;
            };
            """;

    /** The same values through group memory and a barrier: runs go one work-group at a time. */
    private static final String IDS_THROUGH_GROUP = """
            module &m:1:0:$full:$large:$default;
            prog kernel &ids(kernarg_u64 %out)
            {
                group_u32 %g[256];
                workitemabsid_u32 $s0, 0;
                workitemabsid_u32 $s1, 1;
                mul_u32 $s2, $s0, 3;
                mad_u32 $s2, $s1, 1000, $s2;
                workitemflatid_u32 $s3;
                shl_u32 $s3, $s3, 2;
                st_group_u32 $s2, [%g][$s3];
                barrier;
                ld_group_u32 $s2, [%g][$s3];
                workitemflatabsid_u64 $d0;
                shl_u64 $d0, $d0, 2;
                ld_kernarg_u64 $d1, [%out];
                add_u64 $d1, $d1, $d0;
                st_global_u32 $s2, [$d1];
                ret;
            };
            """;

    private static void runInRuns(KernelRunner r, BatchedKernel k, DispatchContext d, int run) {
        WorkGroupMemory m = new WorkGroupMemory(r.allocate(PageTable.PAGE_SIZE), PageTable.PAGE_SIZE,
                r.allocate(64 * PageTable.PAGE_SIZE), 64 * PageTable.PAGE_SIZE);
        DispatchGeometry g = d.geometry();
        for (long y = 0; y < g.gridGroups(1); y++) {
            for (long x = 0; x < g.gridGroups(0); x += run) {
                k.runWorkGroups(d, m, x, y, 0, (int) Math.min(run, g.gridGroups(0) - x));
            }
        }
    }

    @Test
    void runsGiveWhatSingleWorkGroupsGive() {
        for (String hsail : new String[] {IDS, IDS_THROUGH_GROUP}) {
            for (JvmCompilerOptions o : new JvmCompilerOptions[] {JvmCompilerOptions.checkedMode(),
                    JvmCompilerOptions.fastMode()}) {
                for (int run : new int[] {1, 3, 7}) {
                    try (KernelRunner r = new KernelRunner(256L << 20)) {
                        DispatchGeometry g = new DispatchGeometry(2, 100, 6, 1, 16, 4, 1);
                        long out = r.allocate(4L * 100 * 6);
                        BatchedKernel k = (BatchedKernel) KernelRunner.compile(new JvmKernelCompiler(o), hsail);
                        runInRuns(r, k, r.dispatch(k, g, r.kernarg(out), 0), run);
                        for (int y = 0; y < 6; y++) {
                            for (int x = 0; x < 100; x++) {
                                assertEquals(3 * x + 1000 * y, r.memory.loadInt(out + 4L * (y * 100 + x)),
                                        Differential.mode(o) + ", runs of " + run + ", item (" + x + ", " + y + ")");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void onlyKernelsWhoseWorkItemsIgnoreTheirWorkGroupFuse() {
        JvmCompilerOptions o = JvmCompilerOptions.checkedMode();
        JvmCompiledKernel fused = (JvmCompiledKernel) KernelRunner.compile(new JvmKernelCompiler(o), IDS);
        JvmCompiledKernel separate = (JvmCompiledKernel) KernelRunner.compile(new JvmKernelCompiler(o),
                IDS_THROUGH_GROUP);
        assertTrue(fused.generated().plan().fusesWorkGroups());
        assertFalse(separate.generated().plan().fusesWorkGroups());
    }

    @Test
    void aFaultInAFusedRunNamesTheFaultingWorkItemsOwnWorkGroup() {
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            long out = r.memory.allocator().reserve(2 * PageTable.PAGE_SIZE, PageTable.PAGE_SIZE, 0);
            r.memory.map(out, PageTable.PAGE_SIZE, PageTable.READ_WRITE);
            BatchedKernel k = (BatchedKernel) KernelRunner.compile(new JvmKernelCompiler(
                    JvmCompilerOptions.checkedMode()), IDS);
            DispatchContext d = r.dispatch(k, DispatchGeometry.of1D(2048, 64), r.kernarg(out), 0);
            KernelFault f = assertThrows(KernelFault.class, () -> runInRuns(r, k, d, 32));
            long bad = out + PageTable.PAGE_SIZE;
            assertEquals(String.format("HSA_STATUS_ERROR_EXCEPTION (0x1016): kernel &ids, work-item (1024, 0, 0) of"
                    + " work-group (16, 0, 0), line 12:5: write of 4 bytes at 0x%x: page 0x%x is not mapped", bad, bad),
                    f.getMessage());
        }
    }

    @Test
    void aRunPastTheGridIsRefused() {
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            BatchedKernel k = (BatchedKernel) KernelRunner.compile(new JvmKernelCompiler(
                    JvmCompilerOptions.checkedMode()), IDS);
            DispatchContext d = r.dispatch(k, DispatchGeometry.of1D(256, 64), r.kernarg(r.allocate(1024)), 0);
            WorkGroupMemory m = new WorkGroupMemory(r.allocate(PageTable.PAGE_SIZE), PageTable.PAGE_SIZE,
                    r.allocate(PageTable.PAGE_SIZE), PageTable.PAGE_SIZE);
            HsaException e = assertThrows(HsaException.class, () -> k.runWorkGroups(d, m, 2, 0, 0, 3));
            assertEquals("HSA_STATUS_ERROR_INVALID_ARGUMENT (0x1001): kernel &ids: work-group (2, 0, 0) and the 2"
                    + " after it along x is outside the grid's 4 x 1 x 1 work-groups", e.getMessage());
        }
    }
}
