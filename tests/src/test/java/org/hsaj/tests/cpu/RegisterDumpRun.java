package org.hsaj.tests.cpu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hsaj.bench.cpu.GuestInvocation;
import org.hsaj.bench.cpu.GuestLauncher;
import org.hsaj.bench.cpu.GuestOutcome;
import org.hsaj.bench.cpu.ProcessLauncher;

/**
 * Runs a {@link RegisterDumpProgram} under one launcher and reads back the state it dumped, or says why
 * there is none (a fault, a short dump, an unexpected status).
 */
record RegisterDumpRun(MachineState state, int status, String failure) {
    static final GuestLauncher QEMU = ProcessLauncher.qemu(Duration.ofSeconds(60));

    boolean ok() {
        return failure == null;
    }

    static RegisterDumpRun of(GuestLauncher launcher, RegisterDumpProgram.Image image, Path dir) throws Exception {
        Path elf = Files.write(Files.createTempFile(dir, "seq-", ".elf"), image.elf());
        Files.setPosixFilePermissions(elf, PosixFilePermissions.fromString("rwx------"));
        Path workDir = Files.createTempDirectory(dir, "run-");
        GuestOutcome outcome;
        try {
            outcome = launcher.launch(new GuestInvocation(elf, List.of(), Map.of(), new byte[0], workDir));
        } catch (RuntimeException e) {
            return new RegisterDumpRun(null, -1, launcher.label() + " stopped the guest: " + e);
        }
        if (outcome.stdout().length != MachineState.DUMP_BYTES) {
            return new RegisterDumpRun(null, outcome.status(), launcher.label() + " wrote " + outcome.stdout().length
                    + " bytes instead of a " + MachineState.DUMP_BYTES + "-byte dump; status " + outcome.status()
                    + ", stderr: " + outcome.stderrText());
        }
        MachineState state = MachineState.parseDump(outcome.stdout());
        int expectedStatus = (int) (state.x()[10] & 0x7F);
        if (outcome.status() != expectedStatus) {
            return new RegisterDumpRun(state, outcome.status(), launcher.label() + " exited with " + outcome.status()
                    + " but the program exits with x10 & 0x7f = " + expectedStatus);
        }
        return new RegisterDumpRun(state, outcome.status(), null);
    }
}
