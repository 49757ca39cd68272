package org.hsaj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.hsaj.hsail.analysis.Diagnostic;
import org.hsaj.hsail.text.HsailParser;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.api.HsaStatus;
import org.junit.jupiter.api.Test;

/** The catalogue, the sample sources, and how failures become FAIL results. */
class CatalogueTest {
    /** The sample directories: every directory of kernels/ holding .hsail files. */
    private static List<Path> sampleDirectories() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("."))) {
            return dirs.filter(Files::isDirectory).filter(d -> {
                try (Stream<Path> files = Files.list(d)) {
                    return files.anyMatch(f -> f.toString().endsWith(".hsail"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    @Test
    void everySampleKernelFileIsValidHsail() throws IOException {
        List<Path> dirs = sampleDirectories();
        assertEquals(13, dirs.size(), dirs.toString());
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path hsail : files.filter(f -> f.toString().endsWith(".hsail")).toList()) {
                    List<Diagnostic> diagnostics = HsailParser.check(hsail);
                    assertEquals(List.of(), diagnostics, hsail.toString());
                    String resource = dir.getFileName() + "/" + hsail.getFileName();
                    assertEquals(Files.readString(hsail), SampleHost.hsail(resource), "stale resource " + resource);
                }
            }
        }
    }

    @Test
    void namesAreUniqueAndEachHasADescription() {
        assertEquals(14, Samples.names().size());
        assertEquals(Samples.names().size(), new HashSet<>(Samples.names()).size());
        for (Sample s : Samples.all()) {
            assertTrue(s.name().matches("[a-z_]+"), s.name());
            assertTrue(!s.description().isBlank(), s.name());
            assertEquals(s, Samples.named(s.name()));
        }
    }

    @Test
    void anUnknownSampleNameListsTheAvailableOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Samples.named("vectoradd"));
        assertEquals("no sample named 'vectoradd' (available: " + String.join(", ", Samples.names()) + ")",
                e.getMessage());
    }

    @Test
    void aMissingKernelFileIsReportedByName() {
        HsaException e = assertThrows(HsaException.class, () -> SampleHost.hsail("nowhere/none.hsail"));
        assertEquals(HsaStatus.ERROR_INVALID_ARGUMENT, e.status());
        assertTrue(e.getMessage().contains("no HSAIL file kernels/nowhere/none.hsail"), e.getMessage());
    }

    @Test
    void aSampleThatThrowsFailsWithTheMessage() {
        Sample broken = new Sample() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public String description() {
                return "throws";
            }

            @Override
            public SampleResult run(HsaRuntime runtime, String backend) {
                throw new HsaException(HsaStatus.ERROR_INVALID_QUEUE, "queue 3 stopped");
            }
        };
        SampleResult r = Samples.run(broken, null, "jvm");
        assertEquals(SampleResult.Verdict.FAIL, r.verdict());
        assertEquals("HSA_STATUS_ERROR_INVALID_QUEUE (0x1007): queue 3 stopped", r.detail());
        assertEquals(0, r.output().length);
    }

    @Test
    void comparisonsNameTheFirstDifferenceAndCountThem() {
        assertNull(Compare.ints("a", new int[] {1, 2}, new int[] {1, 2}));
        assertEquals("a[1] = 5, expected 2 (2 of 3 elements differ)",
                Compare.ints("a", new int[] {1, 5, 7}, new int[] {1, 2, 3}));
        assertNull(Compare.floats("f", new float[] {0.1f}, new float[] {0.1f}));
        assertEquals("f[0] = -0.0, expected 0.0 (1 of 1 elements differ)",
                Compare.floats("f", new float[] {-0.0f}, new float[] {0.0f}), "bit-exact tells -0 from +0");
        assertNull(Compare.floats("f", new float[] {1.0005f}, new float[] {1f}, 1e-3, 0));
        assertEquals("f[0] = 1.002, expected 1.0 within 0.001 + 0.0x (1 of 1 elements differ)",
                Compare.floats("f", new float[] {1.002f}, new float[] {1f}, 1e-3, 0));
        assertEquals("second", Compare.all(null, "second", "third"));
    }
}
