package org.hsaj.hsail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.text.HsailParser;

/** The corpus of test kernels under {@code src/test/resources/kernels}. */
public final class TestKernels {
    private TestKernels() {
    }

    public static Path directory() {
        try {
            return Path.of(TestKernels.class.getResource("/kernels").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code .hsail} file of the corpus. */
    public static List<Path> all() {
        try (Stream<Path> s = Files.list(directory())) {
            return s.filter(p -> p.toString().endsWith(".hsail")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path path(String name) {
        return directory().resolve(name);
    }

    public static Module parse(String name) {
        try {
            return HsailParser.parse(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
