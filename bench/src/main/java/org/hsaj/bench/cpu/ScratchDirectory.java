package org.hsaj.bench.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory that is deleted with everything in it when closed. Scratch directories live
 * under {@link #preferredRoot()}: memory-backed where the host has it, so that guests doing file I/O
 * are timed without disk noise, the same place for every launcher being compared.
 */
public final class ScratchDirectory implements AutoCloseable {
    /** A memory-backed file system on Linux (tmpfs). */
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");
    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    public static ScratchDirectory create(String prefix) throws IOException {
        return new ScratchDirectory(Files.createTempDirectory(preferredRoot(), prefix));
    }

    /** /dev/shm where it is a writable directory, else the JVM's temporary directory. */
    public static Path preferredRoot() {
        if (Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY)) {
            return SHARED_MEMORY;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    public Path path() {
        return path;
    }

    /** A fresh empty subdirectory, e.g. one guest run's working directory. */
    public Path newSubdirectory(String prefix) throws IOException {
        return Files.createTempDirectory(path, prefix);
    }

    @Override
    public void close() throws IOException {
        deleteTree(path);
    }

    /** Deletes a directory and its contents, deepest first. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
