package org.hsaj.cpu;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hsaj.cpu.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real static glibc programs, compiled here with riscv64-linux-gnu-gcc -O2 -static, run in every
 * {@link ExecutionMode} (the interpreter alone, tiered, every block translated); standard output,
 * standard error and exit status must equal qemu-riscv64's. Skipped where the cross compiler or qemu is
 * missing.
 */
class GuestProgramTest {
    private static final byte[] INPUT = "first line\nsecond line\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path build;

    @BeforeAll
    static void compile() throws Exception {
        assumeTrue(Tools.available(Tools.GCC), "riscv64-linux-gnu-gcc missing");
        try (InputStream header = GuestProgramTest.class.getResourceAsStream("/programs/show.h")) {
            Files.write(build.resolve("show.h"), header.readAllBytes());
        }
        for (String name : List.of("syscalls", "fileio", "threads", "compute", "segfault", "abort", "unwritable",
                "signals", "sigmask", "faults", "smc", "sigwait", "sigorder")) {
            try (InputStream source = GuestProgramTest.class.getResourceAsStream("/programs/" + name + ".c")) {
                Files.write(build.resolve(name + ".c"), source.readAllBytes());
            }
            Tools.Result r = Tools.run(build, new byte[0], List.of(Tools.GCC, "-O2", "-static", "-o", name, name + ".c",
                    "-lm", "-pthread"));
            assertEquals(0, r.status(), r.stderr());
        }
    }

    private record Outcome(int status, String stdout, String stderr) {
    }

    private static Outcome hsaj(String name, ExecutionMode mode, Path root) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = GuestRunner.run(new GuestLaunch(build.resolve(name), List.of(name, "arg1"),
                Map.of("HSAJ_TEST", "yes"), root, mode, new ByteArrayInputStream(INPUT), out, err));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Outcome qemu(String name, Path cwd) throws IOException, InterruptedException {
        assumeTrue(Tools.available(Tools.QEMU), "qemu-riscv64 missing");
        Tools.Result r = Tools.run(cwd, INPUT, List.of("env", "-i", "HSAJ_TEST=yes", Tools.QEMU, "-0", name,
                build.resolve(name).toString(), "arg1"));
        return new Outcome(r.status(), r.stdout(), r.stderr());
    }

    /** Every program of {@code names} in every execution mode. */
    private static Stream<Arguments> inEveryMode(String... names) {
        return Stream.of(names).flatMap(n -> Stream.of(ExecutionMode.values()).map(m -> Arguments.of(n, m)));
    }

    static Stream<Arguments> qemuOracle() {
        return inEveryMode("syscalls", "fileio", "threads", "compute", "signals", "faults", "smc", "sigwait");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("qemuOracle")
    void behavesLikeQemu(String name, ExecutionMode mode, @TempDir Path ours, @TempDir Path theirs) throws Exception {
        Outcome expected = qemu(name, theirs);
        Outcome actual = hsaj(name, mode, ours);
        assertEquals(expected.stdout(), actual.stdout());
        assertEquals(expected.stderr(), actual.stderr());
        assertEquals(expected.status(), actual.status());
    }

    /**
     * Programs for which qemu-riscv64 is no oracle, against the host kernel itself: the same program
     * built for the host and run natively. unwritable: transfers through buffers the guest cannot access
     * (qemu checks guest buffers before its host call, so it fails a read at end of file with EFAULT
     * where Linux returns 0); sigmask: the mask a signal handler runs with (qemu leaves the action's
     * sa_mask out of it); sigorder: which pending signal a thread takes (qemu takes them in number order).
     */
    static Stream<Arguments> hostKernelOracle() {
        return inEveryMode("unwritable", "sigmask", "sigorder");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hostKernelOracle")
    void behavesLikeTheHostKernel(String name, ExecutionMode mode, @TempDir Path ours, @TempDir Path theirs)
            throws Exception {
        assumeTrue(Tools.available(Tools.HOST_GCC), "host gcc missing");
        Path host = build.resolve(name + "-host");
        if (!Files.exists(host)) {
            Tools.Result r = Tools.run(build, new byte[0], List.of(Tools.HOST_GCC, "-O2", "-o", host.toString(),
                    name + ".c"));
            assertEquals(0, r.status(), r.stderr());
        }
        Tools.Result expected = Tools.run(theirs, new byte[0], List.of(host.toString()));
        assertEquals(0, expected.status(), expected.stderr());
        Outcome actual = hsaj(name, mode, ours);
        assertEquals(expected.stdout(), actual.stdout());
        assertEquals(expected.stderr(), actual.stderr());
        assertEquals(0, actual.status());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void segmentationFaultIsReportedWithPcAndAddress(ExecutionMode mode, @TempDir Path root) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GuestFault f = assertThrows(GuestFault.class, () -> GuestRunner.run(new GuestLaunch(build.resolve("segfault"),
                List.of("segfault"), Map.of(), root, mode, new ByteArrayInputStream(new byte[0]), out,
                new ByteArrayOutputStream())));
        assertEquals("before\n", out.toString(StandardCharsets.UTF_8));
        assertTrue(f.getMessage().matches("segmentation fault at pc 0x[0-9a-f]+: read of 4 bytes at 0x10: page 0x0 is not mapped"),
                f.getMessage());
        assertEquals(139, f.exitStatus());
        if (Tools.available(Tools.QEMU)) {
            Outcome expected = qemu("segfault", root);
            assertEquals(expected.status(), f.exitStatus(), "qemu dies of SIGSEGV: 128 + 11");
            assertEquals(expected.stdout(), out.toString(StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void abortEndsWithSigabrtStatus(ExecutionMode mode, @TempDir Path root, @TempDir Path theirs) throws Exception {
        Outcome actual = hsaj("abort", mode, root);
        assertEquals(134, actual.status());
        assertEquals("about to abort\n", actual.stdout());
        if (Tools.available(Tools.QEMU)) {
            Outcome expected = qemu("abort", theirs);
            assertEquals(expected.stdout(), actual.stdout());
            assertEquals(expected.status(), actual.status(), "qemu dies of SIGABRT: 128 + 6");
        }
    }
}
