package org.hsaj.tests.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.hsaj.bench.cpu.GuestLauncher;
import org.hsaj.bench.cpu.GuestOutcome;
import org.hsaj.bench.cpu.HostTools;
import org.hsaj.bench.cpu.HsajLauncher;
import org.hsaj.bench.cpu.KernelSet;
import org.hsaj.bench.cpu.ProcessLauncher;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every prebuilt guest kernel of kernels/riscv, at its test size, must end under hsaj exactly as under
 * qemu-riscv64: the same exit status and byte-identical stdout, with the interpreter alone, the tiered
 * translator, and every block translated (which runs the C library's code translated too). Skipped where
 * qemu-riscv64 is not installed.
 */
class KernelDifferentialTest {
    /** Extra arguments after the size word: the files kernel prints them, the others ignore them. */
    private static final List<String> ARGS = List.of("test", "two words", "", "ünïcödé");

    private static final KernelSet KERNELS = SourceTree.kernelSet();
    /** qemu's outcome per kernel, shared by the cases of every tier. */
    private static final Map<String, GuestOutcome> QEMU = new ConcurrentHashMap<>();
    private static final List<GuestLauncher> TIERS = List.of(HsajLauncher.interpreter(), HsajLauncher.translator(),
            HsajLauncher.everyBlockTranslated());

    static Stream<Arguments> kernelsAndTiers() {
        return KERNELS.names().stream().flatMap(k -> TIERS.stream().map(hsaj -> Arguments.of(k, hsaj)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("kernelsAndTiers")
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sameStdoutAndStatusAsQemu(String kernel, GuestLauncher hsaj, @TempDir Path qemuDir, @TempDir Path hsajDir)
            throws Exception {
        assumeTrue(HostTools.onPath(HostTools.QEMU_RISCV64), "qemu-riscv64 is not installed");
        GuestOutcome expected = QEMU.get(kernel);
        if (expected == null) {
            expected = ProcessLauncher.qemu(Duration.ofMinutes(2))
                    .launch(KernelSet.invocation(KERNELS.binary(kernel), ARGS, qemuDir));
            QEMU.put(kernel, expected);
        }
        GuestOutcome actual = hsaj.launch(KernelSet.invocation(KERNELS.binary(kernel), ARGS, hsajDir));

        assertEquals(expected.stdoutText(), actual.stdoutText(), kernel + " stdout (stderr was: " + actual.stderrText() + ")");
        assertArrayEquals(expected.stdout(), actual.stdout(), kernel + " stdout bytes");
        assertEquals(expected.status(), actual.status(), kernel + " exit status");
    }
}
