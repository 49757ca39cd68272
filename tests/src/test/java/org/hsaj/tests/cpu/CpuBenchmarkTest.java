package org.hsaj.tests.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.hsaj.bench.cpu.CpuBenchmark;
import org.hsaj.bench.cpu.HostTools;
import org.hsaj.bench.cpu.KernelSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cpu benchmark as {@code ./hsaj bench cpu --quick} runs it (restricted to two kernels to stay short, in its
 * three rounds), the kernels it carries in its jar being exactly those of the source tree, and a quick size for
 * each.
 */
class CpuBenchmarkTest {
    @Test
    void bundledKernelsAreTheSourceTreesKernels(@TempDir Path dir) throws Exception {
        KernelSet source = SourceTree.kernelSet();
        KernelSet bundled = KernelSet.extractBundled(dir);
        assertEquals(source.manifest(), bundled.manifest());
        for (String file : source.manifest().keySet()) {
            assertArrayEquals(Files.readAllBytes(source.directory().resolve(file)),
                    Files.readAllBytes(bundled.directory().resolve(file)), file);
        }
        assertTrue(Files.isExecutable(bundled.binary("hash")), "extracted binaries are executable");
    }

    @Test
    void everyBundledKernelHasAQuickSize(@TempDir Path dir) throws Exception {
        KernelSet bundled = KernelSet.extractBundled(dir);
        assertEquals(new TreeSet<>(bundled.names()), new TreeSet<>(CpuBenchmark.quickSizes().keySet()));
        for (String size : CpuBenchmark.quickSizes().values()) {
            assertTrue(size.matches("[1-9][0-9]*"), "a size kernel.h accepts: " + size);
        }
    }

    @Test
    void quickRunPrintsATableAndOneHeadline() throws Exception {
        assumeTrue(HostTools.onPath(HostTools.QEMU_RISCV64), "qemu-riscv64 is not installed");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            CpuBenchmark benchmark = new CpuBenchmark(List.of("hash", "files"));
            assertEquals("cpu", benchmark.name());
            status = benchmark.run(true, out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        List<String> lines = text.lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("hash( +([0-9.]+|-)){8}")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("files( +([0-9.]+|-)){8}")), text);
        assertFalse(text.contains("FAILED") || text.contains("n/a"), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("files +([0-9.]+|-) +[0-9.]+ +- +[0-9.]+ +[0-9.]+ +- +[0-9.]+ +[0-9.]+")),
                "a quick run leaves out the interpreter column and its ratio:\n" + text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("round 3 of 3 done \\([0-9]+ s\\)")), text);
        assertTrue(lines.stream().anyMatch(l -> l.matches("noise: the dbt runs of a kernel lie within [0-9]+ % of their"
                + " median \\(median over the kernels; largest [0-9]+ %\\)")), text);
        assertTrue(lines.getLast().matches("cpu headline: geomean over 2 kernels: hsaj translator/qemu = [0-9.]+ "
                + "\\(second run [0-9.]+\\)"), lines.getLast());
    }
}
