package org.hsaj.bench.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program as a host process: directly (a native build) or through a user-mode emulator such as
 * qemu-riscv64. The process sees exactly the invocation's environment (nothing inherited), and its
 * standard streams go through files (under {@link ScratchDirectory#preferredRoot()}), so no pipe can
 * fill up and block it.
 */
public final class ProcessLauncher implements GuestLauncher {
    private final String label;
    private final List<String> commandPrefix;
    private final Duration timeout;

    /**
     * @param commandPrefix what comes before the program path on the command line (empty for native runs)
     * @param timeout the longest a run may take before it is killed and reported
     */
    public ProcessLauncher(String label, List<String> commandPrefix, Duration timeout) {
        this.label = label;
        this.commandPrefix = List.copyOf(commandPrefix);
        this.timeout = timeout;
    }

    /** qemu-riscv64 from the PATH. */
    public static ProcessLauncher qemu(Duration timeout) {
        return new ProcessLauncher("qemu", List.of(HostTools.QEMU_RISCV64), timeout);
    }

    /** Host executables run directly. */
    public static ProcessLauncher nativeHost(Duration timeout) {
        return new ProcessLauncher("native", List.of(), timeout);
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public GuestOutcome launch(GuestInvocation invocation) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(commandPrefix);
        command.add(invocation.program().toString());
        command.addAll(invocation.args());
        Path streams = Files.createTempDirectory(ScratchDirectory.preferredRoot(), "hsaj-process-");
        try {
            Path in = Files.write(streams.resolve("stdin"), invocation.stdin());
            Path out = streams.resolve("stdout");
            Path err = streams.resolve("stderr");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(invocation.workDir().toFile())
                    .redirectInput(in.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().clear();
            builder.environment().putAll(invocation.env());
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException(label + ": " + command + " did not finish within " + timeout.toSeconds() + " s");
            }
            long nanos = System.nanoTime() - start;
            return new GuestOutcome(process.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err), nanos);
        } finally {
            for (String name : new String[] {"stdin", "stdout", "stderr"}) {
                Files.deleteIfExists(streams.resolve(name));
            }
            Files.deleteIfExists(streams);
        }
    }
}
