package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.KernelFault;
import org.hsaj.runtime.memory.PageTable;
import org.junit.jupiter.api.Test;

/** Faults name the kernel, the work-item, the work-group and the HSAIL line; cancellation stops a kernel. */
class KernelFaultTest {
    private static final String PREFIX = "HSA_STATUS_ERROR_EXCEPTION (0x1016): ";

    /** Copies in[i] to out[i]; line 8 is the load. */
    private static final String COPY = """
            module &m:1:0:$full:$large:$default;
            prog kernel &copy(kernarg_u64 %in, kernarg_u64 %out)
            {
                workitemabsid_u64 $d0, 0;
                shl_u64 $d0, $d0, 2;
                ld_kernarg_u64 $d1, [%in];
                add_u64 $d1, $d1, $d0;
                ld_global_u32 $s0, [$d1];
                ld_kernarg_u64 $d2, [%out];
                add_u64 $d2, $d2, $d0;
                st_global_u32 $s0, [$d2];
                ret;
            };
            """;

    @Test
    void readingAnUnmappedPageNamesTheWorkItemGroupAndLine() {
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            long in = r.memory.allocator().reserve(2 * PageTable.PAGE_SIZE, PageTable.PAGE_SIZE, 0);
            r.memory.map(in, PageTable.PAGE_SIZE, PageTable.READ_WRITE);
            long out = r.allocate(8 * PageTable.PAGE_SIZE);
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()), COPY);
            KernelFault f = assertThrows(KernelFault.class, () -> r.run(k, DispatchGeometry.of1D(2048, 64),
                    r.kernarg(in, out)));
            long bad = in + PageTable.PAGE_SIZE;
            assertEquals(PREFIX + String.format("kernel &copy, work-item (1024, 0, 0) of work-group (16, 0, 0), line 8:5:"
                    + " read of 4 bytes at 0x%x: page 0x%x is not mapped", bad, bad), f.getMessage());
            assertEquals(1023, r.memory.loadInt(out + 4 * 1023) + 1023, "work-items before the fault ran");
        }
    }

    @Test
    void writingAReadOnlyPageIsAFaultToo() {
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            long in = r.allocate(PageTable.PAGE_SIZE);
            long out = r.allocate(PageTable.PAGE_SIZE);
            r.memory.map(out, PageTable.PAGE_SIZE, PageTable.READ);
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()), COPY);
            KernelFault f = assertThrows(KernelFault.class, () -> r.run(k, DispatchGeometry.of1D(64, 64),
                    r.kernarg(in, out)));
            assertEquals(PREFIX + String.format("kernel &copy, work-item (0, 0, 0) of work-group (0, 0, 0), line 11:5:"
                    + " write of 4 bytes at 0x%x: page 0x%x is mapped r--", out, out), f.getMessage());
        }
    }

    @Test
    void fastModeReadsUnmappedReservedMemoryAsZeroButStillStopsOutsideTheAddressSpace() {
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            long in = r.memory.allocator().reserve(2 * PageTable.PAGE_SIZE, PageTable.PAGE_SIZE, 0);
            long out = r.allocate(2 * PageTable.PAGE_SIZE);
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.fastMode()), COPY);
            r.run(k, DispatchGeometry.of1D(1024, 64), r.kernarg(in, out));
            assertEquals(0, r.memory.loadInt(out + 4 * 700));
            long outside = 1L << 40;
            KernelFault f = assertThrows(KernelFault.class, () -> r.run(k, DispatchGeometry.of1D(64, 64),
                    r.kernarg(outside, out)));
            assertTrue(f.getMessage().startsWith(PREFIX + "kernel &copy, work-item (0, 0, 0) of work-group (0, 0, 0),"
                    + " line 8:5: access outside the shared virtual memory: "), f.getMessage());
        }
    }

    @Test
    void aGroupAccessFaultsEvenWhenTheSegmentIsSmallerThanTheAccess() {
        String hsail = """
                module &m:1:0:$full:$large:$default;
                prog kernel &stray()
                {
                    st_group_u32 7, [4096];
                    ret;
                };
                """;
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()), hsail);
            DispatchContext d = r.dispatch(k, DispatchGeometry.of1D(1, 1), r.kernarg(0, 0), 0);
            KernelFault f = assertThrows(KernelFault.class, () -> r.run(k, d));
            assertEquals(PREFIX + "kernel &stray, work-item (0, 0, 0) of work-group (0, 0, 0), line 4:5: write of 4"
                    + " bytes at 0x1000: group segment address outside the 0 bytes of group memory", f.getMessage());
        }
    }

    @Test
    void groupAndPrivateAccessesBeyondTheirSegmentsFaultInCheckedMode() {
        String hsail = """
                module &m:1:0:$full:$large:$default;
                prog kernel &over(kernarg_u32 %gat, kernarg_u32 %pat)
                {
                    group_u32 %g[4];
                    private_u32 %p[2];
                    ld_kernarg_u32 $s0, [%gat];
                    workitemid_u32 $s1, 0;
                    cmp_eq_b1_u32 $c0, $s1, 3;
                    cbr_b1 $c0, @bad;
                    st_group_u32 1, [%g][$s0];
                    ret;
                @bad:
                    ld_kernarg_u32 $s2, [%pat];
                    st_private_u32 1, [%p][$s2];
                    ret;
                };
                """;
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()), hsail);
            DispatchContext d = r.dispatch(k, DispatchGeometry.of1D(8, 8), r.kernarg(16, 0), 0);
            KernelFault f = assertThrows(KernelFault.class, () -> r.run(k, d));
            assertEquals(PREFIX + "kernel &over, work-item (0, 0, 0) of work-group (0, 0, 0), line 10:5: write of 4"
                    + " bytes at 0x10: group segment address outside the 16 bytes of group memory", f.getMessage());
            DispatchContext d2 = r.dispatch(k, DispatchGeometry.of1D(8, 8), r.kernarg(0, 16), 0);
            KernelFault g = assertThrows(KernelFault.class, () -> r.run(k, d2));
            assertEquals(PREFIX + "kernel &over, work-item (3, 0, 0) of work-group (0, 0, 0), line 14:5: write of 4"
                    + " bytes at 0x10: private segment address outside the 16 bytes of private memory", g.getMessage());
        }
    }

    @Test
    void aWorkItemThatSkipsABarrierIsReportedNotLeftHanging() {
        String hsail = """
                module &m:1:0:$full:$large:$default;
                prog kernel &skip()
                {
                    workitemabsid_u32 $s0, 0;
                    cmp_eq_b1_u32 $c0, $s0, 5;
                    cbr_b1 $c0, @out;
                    barrier;
                @out:
                    ret;
                };
                """;
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()), hsail);
            KernelFault f = assertThrows(KernelFault.class, () -> r.run(k, DispatchGeometry.of1D(16, 16),
                    r.kernarg(0)));
            assertEquals(PREFIX + "kernel &skip, work-item (5, 0, 0) of work-group (0, 0, 0), line 7:5: barrier"
                    + " divergence: the work-group's other work-items wait at the barrier at line 7:5 but this work-item"
                    + " has finished", f.getMessage());
        }
    }

    @Test
    void debugtrapAndFaultsInsideFunctionsReportTheirOwnLine() {
        String hsail = """
                module &m:1:0:$full:$large:$default;
                function &deep(arg_u32 %r)(arg_u64 %p)
                {
                    ld_arg_u64 $d0, [%p];
                    ld_global_u32 $s0, [$d0];
                    st_arg_u32 $s0, [%r];
                };
                prog kernel &k(kernarg_u64 %p)
                {
                    workitemabsid_u32 $s0, 0;
                    cmp_eq_b1_u32 $c0, $s0, 2;
                    cbr_b1 $c0, @trap;
                    {
                        arg_u32 %r;
                        arg_u64 %p1;
                        ld_kernarg_u64 $d0, [%p];
                        st_arg_u64 $d0, [%p1];
                        call &deep (%r) (%p1);
                    }
                    ret;
                @trap:
                    debugtrap_u32 0;
                    ret;
                };
                """;
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()), hsail);
            KernelFault f = assertThrows(KernelFault.class, () -> r.run(k, DispatchGeometry.of1D(4, 4),
                    r.kernarg(0L)));
            assertEquals(PREFIX + "kernel &k, work-item (0, 0, 0) of work-group (0, 0, 0), line 5:5: read of 4 bytes at"
                    + " 0x0: page 0x0 is not mapped", f.getMessage());
            long ok = r.allocate(64);
            KernelFault t = assertThrows(KernelFault.class, () -> r.run(k, DispatchGeometry.of1D(4, 4),
                    r.kernarg(ok)));
            assertEquals(PREFIX + "kernel &k, work-item (2, 0, 0) of work-group (0, 0, 0), line 22:5: debugtrap",
                    t.getMessage());
        }
    }

    @Test
    void cancellingTheDispatchStopsAnEndlessLoopAndAnEndlessBarrierLoop() throws Exception {
        String spin = """
                module &m:1:0:$full:$large:$default;
                prog kernel &spin()
                {
                    mov_b32 $s0, 0;
                @again:
                    add_u32 $s0, $s0, 1;
                    br @again;
                };
                """;
        String barriers = """
                module &m:1:0:$full:$large:$default;
                prog kernel &barriers()
                {
                @again:
                    barrier;
                    br @again;
                };
                """;
        for (String hsail : new String[] {spin, barriers}) {
            try (KernelRunner r = new KernelRunner(256L << 20)) {
                CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()), hsail);
                DispatchContext d = r.dispatch(k, DispatchGeometry.of1D(64, 64), r.kernarg(0), 0);
                Thread watchdog = new Thread(() -> {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    d.cancel("watchdog: 0.2 s without progress");
                });
                watchdog.start();
                KernelFault f = assertThrows(KernelFault.class, () -> r.run(k, d));
                watchdog.join();
                assertTrue(f.getMessage().matches(java.util.regex.Pattern.quote(PREFIX + "kernel " + k.name()
                        + ", work-item (") + "\\d+, 0, 0\\) of work-group \\(0, 0, 0\\), line \\d+:5: dispatch"
                        + " cancelled: watchdog: 0.2 s without progress"), f.getMessage());
            }
        }
    }
}
