package org.hsaj.tests.cpu;

import static org.hsaj.tests.cpu.RegisterDumpProgram.BASE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.hsaj.bench.cpu.HostTools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-built executables of the random-instruction tests do what they claim under qemu-riscv64 (the
 * reference): the prologue loads the given state, the epilogue dumps it intact, and a few instructions
 * whose results are plain arithmetic show up in the dump where expected.
 */
class RegisterDumpHarnessTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needsQemu() {
        assumeTrue(HostTools.onPath(HostTools.QEMU_RISCV64), "qemu-riscv64 is not installed");
    }

    private static MachineState initial() {
        return new RandomRvProgram(99, RandomRvProgram.Profile.MIXED).initialState();
    }

    private MachineState run(MachineState initial, CodeUnit... units) throws Exception {
        RegisterDumpRun run = RegisterDumpRun.of(RegisterDumpRun.QEMU, RegisterDumpProgram.build(initial, List.of(units)), dir);
        assertNull(run.failure(), run.failure());
        return run.state();
    }

    private static long base(MachineState dumped) {
        return dumped.x()[BASE];
    }

    @Test
    void emptySequenceDumpsTheInitialStateUnchanged() throws Exception {
        MachineState initial = initial();
        MachineState dumped = run(initial);
        for (int i = 1; i < 32; i++) {
            if (i != BASE) {
                assertEquals(initial.x()[i], dumped.x()[i], "x" + i);
            }
        }
        assertArrayEquals(initial.f(), dumped.f(), "f registers");
        assertEquals(initial.fcsr(), dumped.fcsr(), "fcsr");
        assertArrayEquals(initial.scratch(), dumped.scratch(), "scratch memory");
        assertEquals(0x400, base(dumped) & 0xFFF, "base is 1 KiB into a page-aligned scratch area");
    }

    @Test
    void instructionResultsLandInTheDump() throws Exception {
        MachineState initial = initial();
        MachineState dumped = run(initial,
                CodeUnit.of(RvAssembler.regImm("addi", 5, 0, 42)),
                CodeUnit.of(RvAssembler.cImmediate("c.li", 9, -7)),
                CodeUnit.of(RvAssembler.lui(6, 0x80000)),
                CodeUnit.of(RvAssembler.regReg("mul", 7, 5, 9)),
                CodeUnit.of(RvAssembler.store("sd", 7, BASE, -16)),
                CodeUnit.of(RvAssembler.regReg("add", 0, 5, 5)),
                CodeUnit.of(RvAssembler.regImm("addi", 10, 0, 0x155)));
        assertEquals(42, dumped.x()[5]);
        assertEquals(-7, dumped.x()[9]);
        assertEquals(0xFFFF_FFFF_8000_0000L, dumped.x()[6], "lui sign-extends on RV64");
        assertEquals(-294, dumped.x()[7]);
        long stored = ByteBuffer.wrap(dumped.scratch()).order(ByteOrder.LITTLE_ENDIAN)
                .getLong(MachineState.SCRATCH_BYTES / 2 - 16);
        assertEquals(-294, stored, "sd at base-16");
        assertEquals(0x155, dumped.x()[10]);
    }

    @Test
    void passesRestartFromTheInitialRegistersButKeepMemory() throws Exception {
        MachineState initial = initial();
        long word = ByteBuffer.wrap(initial.scratch()).order(ByteOrder.LITTLE_ENDIAN).getLong(MachineState.SCRATCH_BYTES / 2);
        List<CodeUnit> sequence = List.of(
                CodeUnit.of(RvAssembler.load("ld", 6, BASE, 0)),
                CodeUnit.of(RvAssembler.regImm("addi", 6, 6, 1)),
                CodeUnit.of(RvAssembler.store("sd", 6, BASE, 0)),
                CodeUnit.of(RvAssembler.regImm("addi", 5, 5, 1)));
        RegisterDumpRun run = RegisterDumpRun.of(RegisterDumpRun.QEMU, RegisterDumpProgram.build(initial, sequence, 7), dir);
        assertNull(run.failure(), run.failure());
        assertEquals(initial.x()[5] + 1, run.state().x()[5], "registers are reloaded on every pass");
        assertEquals(word + 7, run.state().x()[6], "memory carries over");
    }

    @Test
    void forwardJumpsSkipTheUnitsBetween() throws Exception {
        MachineState initial = initial();
        MachineState dumped = run(initial,
                CodeUnit.of(RvAssembler.regImm("addi", 5, 0, 1)),
                CodeUnit.jump(4, 2, offset -> List.of(RvAssembler.jal(0, offset))),
                CodeUnit.of(RvAssembler.regImm("addi", 5, 0, 2)), // skipped
                CodeUnit.of(RvAssembler.regImm("addi", 6, 5, 10)));
        assertEquals(1, dumped.x()[5]);
        assertEquals(11, dumped.x()[6]);
    }
}
