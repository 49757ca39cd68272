package org.hsaj.tests.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hsaj.bench.cpu.KernelSet;

/** Finds the repository's {@code kernels/riscv} from the test's working directory (a module directory). */
final class SourceTree {
    private SourceTree() {}

    static Path riscvKernels() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("kernels/riscv");
            if (Files.isRegularFile(candidate.resolve("MANIFEST"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no kernels/riscv/MANIFEST above " + Path.of("").toAbsolutePath());
    }

    static KernelSet kernelSet() {
        try {
            return KernelSet.inDirectory(riscvKernels());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
