package org.hsaj.cpu.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's RISC-V cross tools, qemu-riscv64 and the host's own C compiler (whose programs run on the
 * host kernel), for tests that use them as oracles (they skip when missing).
 */
public final class Tools {
    public static final String GCC = "riscv64-linux-gnu-gcc";
    public static final String AS = "riscv64-linux-gnu-as";
    public static final String OBJDUMP = "riscv64-linux-gnu-objdump";
    public static final String QEMU = "qemu-riscv64";
    public static final String HOST_GCC = "gcc";

    private Tools() {
    }

    public static boolean available(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The result of a finished host process. */
    public record Result(int status, String stdout, String stderr) {
    }

    /** Runs a host command in {@code directory}; fails the test if it does not end within a minute. */
    public static Result run(Path directory, byte[] stdin, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(directory, "out", ".txt");
        Path err = Files.createTempFile(directory, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        p.getOutputStream().write(stdin);
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
