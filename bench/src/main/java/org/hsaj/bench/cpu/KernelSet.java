package org.hsaj.bench.cpu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The RISC-V guest kernels of {@code kernels/riscv}: a directory holding {@code MANIFEST}, {@code build.sh},
 * the C sources and {@code bin/NAME.riscv64}. {@code MANIFEST} (written by {@code build.sh}) lists every file
 * with its SHA-256, so it is also the index of which kernels exist.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class KernelSet {
    private static final String RESOURCE_DIR = "kernels/";
    private static final String BINARY_PREFIX = "bin/";
    private static final String BINARY_SUFFIX = ".riscv64";
    /* The shared environment and standard input of invocation(). */
    private static final Map<String, String> KERNEL_ENV =
            Map.of("HSAJ_KERNEL_VAR", "value with spaces = and symbols", "HOME", "/home/guest", "LANG", "C");
    private static final byte[] KERNEL_STDIN =
            "first line\nsecond line\n\nfourth line, after an empty one\nlast line without newline"
                    .getBytes(StandardCharsets.UTF_8);

    private final Path directory;
    private final Map<String, String> manifest;

    private KernelSet(Path directory, Map<String, String> manifest) {
        this.directory = directory;
        this.manifest = manifest;
    }

    /** The kernels in a directory laid out like {@code kernels/riscv} of the source tree. */
    public static KernelSet inDirectory(Path directory) throws IOException {
        return new KernelSet(directory, parseManifest(Files.readString(directory.resolve("MANIFEST"))));
    }

    /** Copies the kernels packaged with this module into {@code into} (which must exist) and opens them there. */
    public static KernelSet extractBundled(Path into) throws IOException {
        Map<String, String> manifest = parseManifest(new String(resource("MANIFEST"), StandardCharsets.UTF_8));
        for (String file : manifest.keySet()) {
            Path target = into.resolve(file);
            Files.createDirectories(target.getParent());
            Files.write(target, resource(file));
            if (file.startsWith(BINARY_PREFIX)) {
                // qemu-riscv64, like the kernel, refuses to run a file without execute permission.
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.write(into.resolve("MANIFEST"), resource("MANIFEST"));
        return new KernelSet(into, manifest);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = KernelSet.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IOException("guest kernel file " + name + " is not packaged with the bench module");
            }
            return in.readAllBytes();
        }
    }

    /**
     * Reads {@code MANIFEST}: comment lines start with '#', every other line is "SHA-256, two spaces, path".
     *
     * @return path -> hex digest, in file order
     */
    static Map<String, String> parseManifest(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(" +", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("MANIFEST line is not 'sha256  path': " + line);
            }
            entries.put(parts[1].strip(), parts[0]);
        }
        return entries;
    }

    /**
     * How every kernel is run, whichever the launcher: the same environment (the {@code files} kernel prints
     * {@code HSAJ_KERNEL_VAR} and whether {@code HOME} is set) and the same standard input, so that outputs
     * and exit statuses compare byte for byte.
     *
     * @param args the kernel's arguments, usually one size word ("test", "bench") or number
     */
    public static GuestInvocation invocation(Path program, List<String> args, Path workDir) {
        return new GuestInvocation(program, args, KERNEL_ENV, KERNEL_STDIN, workDir);
    }

    public Path directory() {
        return directory;
    }

    /** path (relative to {@link #directory()}) -> SHA-256 recorded by the last build. */
    public Map<String, String> manifest() {
        return manifest;
    }

    /** Kernel names in MANIFEST order. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (String file : manifest.keySet()) {
            if (file.startsWith(BINARY_PREFIX) && file.endsWith(BINARY_SUFFIX)) {
                names.add(file.substring(BINARY_PREFIX.length(), file.length() - BINARY_SUFFIX.length()));
            }
        }
        return names;
    }

    /** The prebuilt static RV64GC executable of a kernel. */
    public Path binary(String name) {
        return directory.resolve(BINARY_PREFIX + name + BINARY_SUFFIX);
    }

    /**
     * Builds every kernel for the host ({@code build.sh --native}, host gcc -O2) into {@code out}; the
     * executable of kernel NAME is {@code out/NAME}.
     *
     * @throws IOException when the build fails, with the compiler's output
     */
    public void buildNative(Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", directory.resolve("build.sh").toString(), "--native", out.toString())
                .redirectErrorStream(true)
                .start();
        byte[] log = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("native build of the guest kernels failed:\n" + new String(log, StandardCharsets.UTF_8));
        }
    }
}
