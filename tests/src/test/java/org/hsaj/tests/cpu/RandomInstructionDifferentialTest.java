package org.hsaj.tests.cpu;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hsaj.bench.cpu.GuestLauncher;
import org.hsaj.bench.cpu.HostTools;
import org.hsaj.bench.cpu.HsajLauncher;
import org.hsaj.cpu.translate.Translator;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random RV64GC sequences (integer, M, A, F/D with every rounding mode, Zicsr on the FP CSRs, compressed,
 * forward branches and jumps) from random register, FP and memory states, run under qemu-riscv64 and under
 * hsaj's interpreter, its tiered translator and with every block translated: the dumped x and f registers, fcsr, scratch memory and exit status
 * must be identical. On a difference the failing sequence is cut to its shortest failing prefix, whose last
 * unit is the likely culprit, and the message lists it.
 *
 * <p>Each program runs its sequence many times over (see {@link RegisterDumpProgram}) so that the
 * translator gets to run it: most seeds with {@link #WARM_PASSES} passes (just past the hot region
 * threshold, so the run ends around the time its region is installed), the last {@link #HOT_SEEDS}
 * seeds of every profile with {@link #HOT_PASSES} (well past it, so the region compiled in the
 * background runs for a while).
 * {@code -Dhsaj.test.rvSeeds=N} runs N seeds per profile.
 */
class RandomInstructionDifferentialTest {
    private static final int SEEDS = Integer.getInteger("hsaj.test.rvSeeds", 10);
    private static final int UNITS = 250;
    static final int WARM_PASSES = Translator.HOT_THRESHOLD + 1000;
    static final int HOT_PASSES = Translator.HOT_THRESHOLD + 2000;
    static final int HOT_SEEDS = 2;
    private static final int LISTED_UNITS = 12;

    @TempDir
    Path dir;

    static Stream<Arguments> profilesSeedsAndPasses() {
        return Stream.of(RandomRvProgram.Profile.values()).flatMap(p -> IntStream.range(0, SEEDS).mapToObj(s ->
                Arguments.of(p, 1000L * p.ordinal() + s, s >= SEEDS - HOT_SEEDS ? HOT_PASSES : WARM_PASSES)));
    }

    @ParameterizedTest(name = "{0} seed {1}, {2} passes")
    @MethodSource("profilesSeedsAndPasses")
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void hsajEndsInTheSameStateAsQemu(RandomRvProgram.Profile profile, long seed, int passes) throws Exception {
        assumeTrue(HostTools.onPath(HostTools.QEMU_RISCV64), "qemu-riscv64 is not installed");
        RandomRvProgram generator = new RandomRvProgram(seed, profile);
        MachineState initial = generator.initialState();
        List<CodeUnit> sequence = generator.sequence(UNITS);
        RegisterDumpRun expected = RegisterDumpRun.of(RegisterDumpRun.QEMU, RegisterDumpProgram.build(initial, sequence, passes), dir);
        assertNull(expected.failure(), "the reference run itself failed: " + expected.failure());

        for (GuestLauncher hsaj : List.of(HsajLauncher.interpreter(), HsajLauncher.translator(),
                HsajLauncher.everyBlockTranslated())) {
            String difference = difference(hsaj, initial, sequence, passes, expected);
            if (difference != null) {
                fail(explain(hsaj, profile, seed, initial, sequence, passes, difference));
            }
        }
    }

    /** Why the launcher's run of the sequence differs from the reference, or null when it does not. */
    private String difference(GuestLauncher hsaj, MachineState initial, List<CodeUnit> sequence, int passes,
            RegisterDumpRun expected) throws Exception {
        RegisterDumpRun actual = RegisterDumpRun.of(hsaj, RegisterDumpProgram.build(initial, sequence, passes), dir);
        if (!actual.ok()) {
            return actual.failure();
        }
        List<String> diffs = actual.state().differencesFrom(expected.state());
        return diffs.isEmpty() ? null : String.join("\n  ", diffs);
    }

    /** Bisects to the shortest failing prefix and describes it. */
    private String explain(GuestLauncher hsaj, RandomRvProgram.Profile profile, long seed, MachineState initial,
            List<CodeUnit> sequence, int passes, String fullDifference) throws Exception {
        RegisterDumpRun emptyReference = RegisterDumpRun.of(RegisterDumpRun.QEMU, RegisterDumpProgram.build(initial, List.of(), passes), dir);
        String empty = difference(hsaj, initial, List.of(), passes, emptyReference);
        if (empty != null) {
            return hsaj.label() + " fails even with an empty sequence (only the prologue's loads, the epilogue's"
                    + " stores, write and exit):\n  " + empty;
        }
        int passing = 0, failing = sequence.size();
        String failingDifference = fullDifference;
        while (failing - passing > 1) {
            int mid = (passing + failing) >>> 1;
            List<CodeUnit> prefix = sequence.subList(0, mid);
            RegisterDumpRun reference = RegisterDumpRun.of(RegisterDumpRun.QEMU, RegisterDumpProgram.build(initial, prefix, passes), dir);
            String d = reference.ok() ? difference(hsaj, initial, prefix, passes, reference) : null;
            if (d == null) {
                passing = mid;
            } else {
                failing = mid;
                failingDifference = d;
            }
        }
        RegisterDumpProgram.Image image = RegisterDumpProgram.build(initial, sequence.subList(0, failing), passes);
        String listing = image.listing();
        String[] lines = listing.split("\n");
        StringBuilder tail = new StringBuilder();
        for (int i = Math.max(0, lines.length - LISTED_UNITS); i < lines.length; i++) {
            tail.append(lines[i]).append('\n');
        }
        StringBuilder registers = new StringBuilder();
        for (int i = 1; i < 32; i++) {
            registers.append(String.format(" x%d=%x", i, initial.x()[i]));
        }
        return String.format("%s differs from qemu-riscv64 for profile %s seed %d (%d passes); the shortest failing"
                        + " prefix has %d units, ending with unit #%d:%n%sdifferences:%n  %s%ninitial state: fcsr=%02x%s",
                hsaj.label(), profile, seed, passes, failing, failing - 1, tail, failingDifference, initial.fcsr(),
                registers);
    }
}
