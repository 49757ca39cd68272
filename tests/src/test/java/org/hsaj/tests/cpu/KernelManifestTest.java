package org.hsaj.tests.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hsaj.bench.cpu.KernelSet;
import org.junit.jupiter.api.Test;

/**
 * The committed RISC-V binaries are what {@code kernels/riscv/build.sh} makes of the committed sources:
 * MANIFEST (written by build.sh) records the SHA-256 of the script, the header, every source and every
 * binary, and this test recomputes them. A source edited without a rebuild fails here.
 */
class KernelManifestTest {
    private final KernelSet kernels = SourceTree.kernelSet();

    @Test
    void everyInputAndOutputMatchesTheManifest() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, String> e : kernels.manifest().entrySet()) {
            Path file = kernels.directory().resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                stale.add(e.getKey() + " is listed in MANIFEST but missing");
            } else if (!sha256(file).equals(e.getValue())) {
                stale.add(e.getKey() + " changed since the last ./build.sh");
            }
        }
        assertTrue(stale.isEmpty(), "kernels/riscv is out of date, run kernels/riscv/build.sh: " + stale);
    }

    @Test
    void everySourceHasABinaryAndIsListed() throws IOException {
        List<String> sources;
        try (Stream<Path> files = Files.list(kernels.directory())) {
            sources = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".c") || n.endsWith(".h"))
                    .sorted().toList();
        }
        for (String source : sources) {
            assertTrue(kernels.manifest().containsKey(source), source + " is not in MANIFEST: run build.sh");
        }
        List<String> programs = sources.stream().filter(n -> n.endsWith(".c")).map(n -> n.substring(0, n.length() - 2))
                .toList();
        assertEquals(programs, kernels.names().stream().sorted().toList(), "one binary per C source");
        assertTrue(kernels.manifest().containsKey("build.sh"));
    }

    @Test
    void binariesAreStaticRiscv64Executables() throws IOException {
        for (String name : kernels.names()) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(kernels.binary(name)), 64);
            assertEquals(0x7F454C46, (head[0] & 0xFF) << 24 | (head[1] & 0xFF) << 16 | (head[2] & 0xFF) << 8 | head[3] & 0xFF,
                    name + ": ELF magic");
            assertEquals(2, head[4], name + ": 64-bit");
            assertEquals(2, head[16], name + ": ET_EXEC (static, not PIE)");
            assertEquals(243, head[18] & 0xFF | (head[19] & 0xFF) << 8, name + ": EM_RISCV");
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
