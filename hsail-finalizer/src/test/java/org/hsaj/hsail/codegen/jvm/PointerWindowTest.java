package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.KernelFault;
import org.hsaj.runtime.memory.PageTable;
import org.junit.jupiter.api.Test;

/**
 * Checked mode checks an access through a kernarg pointer against the run of mapped pages around the
 * pointer, found when the dispatch starts. Leaving that run is not a fault by itself: the access is
 * then checked against the page table.
 */
class PointerWindowTest {
    private static final String PREFIX = "HSA_STATUS_ERROR_EXCEPTION (0x1016): ";

    /** out[i] = in[i + %skip] (u32); line 10 is the load. */
    private static final String SKIPPING_COPY = """
            module &m:1:0:$full:$large:$default;
            prog kernel &skip(kernarg_u64 %in, kernarg_u64 %out, kernarg_u64 %skip)
            {
                workitemabsid_u64 $d0, 0;
                ld_kernarg_u64 $d3, [%skip];
                add_u64 $d1, $d0, $d3;
                shl_u64 $d1, $d1, 2;
                ld_kernarg_u64 $d2, [%in];
                add_u64 $d2, $d2, $d1;
                ld_global_u32 $s0, [$d2];
                shl_u64 $d0, $d0, 2;
                ld_kernarg_u64 $d2, [%out];
                add_u64 $d2, $d2, $d0;
                st_global_u32 $s0, [$d2];
                ret;
            };
            """;

    /** Two pages of input, an unmapped page, then two more mapped pages: in[i] = i everywhere mapped. */
    private static long inputWithAGap(KernelRunner r) {
        long in = r.memory.allocator().reserve(5 * PageTable.PAGE_SIZE, PageTable.PAGE_SIZE, 0);
        r.memory.map(in, 2 * PageTable.PAGE_SIZE, PageTable.READ_WRITE);
        r.memory.map(in + 3 * PageTable.PAGE_SIZE, 2 * PageTable.PAGE_SIZE, PageTable.READ_WRITE);
        for (long page : new long[] {0, 1, 3, 4}) {
            for (int i = 0; i < PageTable.PAGE_SIZE / 4; i++) {
                long index = page * PageTable.PAGE_SIZE / 4 + i;
                r.memory.storeInt(in + 4 * index, (int) index);
            }
        }
        return in;
    }

    @Test
    void anAccessBeyondItsPointersPagesRunsWhenItsOwnPagesAreMapped() {
        for (JvmCompilerOptions o : new JvmCompilerOptions[] {JvmCompilerOptions.checkedMode(),
                JvmCompilerOptions.fastMode()}) {
            try (KernelRunner r = new KernelRunner(256L << 20)) {
                long in = inputWithAGap(r);
                long out = r.allocate(4 * 512);
                CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(o), SKIPPING_COPY);
                long skip = 3 * PageTable.PAGE_SIZE / 4; // the third page is the gap: start on the fourth
                r.run(k, DispatchGeometry.of1D(512, 64), r.kernarg(in, out, skip));
                for (int i = 0; i < 512; i++) {
                    assertEquals((int) (skip + i), r.memory.loadInt(out + 4L * i), Differential.mode(o) + " item " + i);
                }
            }
        }
    }

    @Test
    void anAccessIntoTheGapFaultsWithItsAddressAndLine() {
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            long in = inputWithAGap(r);
            long out = r.allocate(4 * 4096);
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()),
                    SKIPPING_COPY);
            KernelFault f = assertThrows(KernelFault.class, () -> r.run(k, DispatchGeometry.of1D(4096, 256),
                    r.kernarg(in, out, 0L)));
            long gap = in + 2 * PageTable.PAGE_SIZE;
            assertEquals(PREFIX + String.format("kernel &skip, work-item (2048, 0, 0) of work-group (8, 0, 0), line 10:5:"
                    + " read of 4 bytes at 0x%x: page 0x%x is not mapped", gap, gap), f.getMessage());
            assertEquals(2047, r.memory.loadInt(out + 4 * 2047), "work-items before the fault ran");
        }
    }

    @Test
    void aNullPointerWithAbsoluteOffsetsStillReachesMappedMemory() {
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            long in = inputWithAGap(r);
            long out = r.allocate(4 * 256);
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()),
                    SKIPPING_COPY);
            // %in = 0: its window is empty, so every load leaves it and is checked against the page table.
            r.run(k, DispatchGeometry.of1D(256, 64), r.kernarg(0L, out, in / 4 + 3 * PageTable.PAGE_SIZE / 4));
            for (int i = 0; i < 256; i++) {
                assertEquals(3 * (int) PageTable.PAGE_SIZE / 4 + i, r.memory.loadInt(out + 4L * i), "item " + i);
            }
        }
    }

    @Test
    void pagesUnmappedBetweenDispatchesFaultInTheNextOne() {
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            long in = r.allocate(2 * PageTable.PAGE_SIZE);
            long out = r.allocate(4 * 2048);
            CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()),
                    SKIPPING_COPY);
            r.run(k, DispatchGeometry.of1D(2048, 64), r.kernarg(in, out, 0L));
            r.memory.unmap(in + PageTable.PAGE_SIZE, PageTable.PAGE_SIZE);
            KernelFault f = assertThrows(KernelFault.class, () -> r.run(k, DispatchGeometry.of1D(2048, 64),
                    r.kernarg(in, out, 0L)));
            long second = in + PageTable.PAGE_SIZE;
            assertEquals(PREFIX + String.format("kernel &skip, work-item (1024, 0, 0) of work-group (16, 0, 0), line 10:5:"
                    + " read of 4 bytes at 0x%x: page 0x%x is not mapped", second, second), f.getMessage());
        }
    }
}
