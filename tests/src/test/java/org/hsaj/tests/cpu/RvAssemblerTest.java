package org.hsaj.tests.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hsaj.bench.cpu.HostTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The test-side RV64GC encoder agrees with the GNU assembler: generated sequences are assembled from
 * their own text by riscv64-linux-gnu-as and the bytes compared instruction by instruction.
 */
class RvAssemblerTest {
    private static final String AS = "riscv64-linux-gnu-as";
    private static final String OBJCOPY = "riscv64-linux-gnu-objcopy";

    @Test
    void knownEncodings() {
        // Words as printed by the GNU disassembler for the same instructions.
        assertEquals(0x007302B3, RvAssembler.regReg("add", 5, 6, 7).bits());
        assertEquals(0xC20092D3, RvAssembler.fcvt("fcvt.w.d", 5, 1, 1).bits());
        assertEquals(0x066432AF, RvAssembler.atomic("amoadd", true, true, true, 5, 6, 8).bits());
        assertEquals(0x00208663, RvAssembler.branch("beq", 1, 2, 12).bits());
        assertEquals(0x14F5, RvAssembler.cImmediate("c.addi", 9, -3).bits());
        assertEquals(0xC099, RvAssembler.cBranch("c.beqz", 9, 6).bits());
        assertEquals(0xBFFD, RvAssembler.cJ(-2).bits());
        assertEquals(0x7C64, RvAssembler.cLoadStore("c.ld", 9, 8, 248).bits());
        assertEquals(0x203140C3, RvAssembler.fusedMultiplyAdd("fmadd.s", 1, 2, 3, 4, 4).bits());
    }

    @Test
    void rejectsOperandsTheFormatsCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> RvAssembler.regImm("addi", 1, 2, 2048));
        assertThrows(IllegalArgumentException.class, () -> RvAssembler.fpArith("fadd.d", 1, 2, 3, 5));
        assertThrows(IllegalArgumentException.class, () -> RvAssembler.cArithmetic("c.sub", 7, 9));
        assertThrows(IllegalArgumentException.class, () -> RvAssembler.branch("beq", 1, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> RvAssembler.cImmediate("c.addi", 5, 0));
    }

    @ParameterizedTest
    @EnumSource(RandomRvProgram.Profile.class)
    void generatedSequencesMatchTheGnuAssembler(RandomRvProgram.Profile profile, @TempDir Path dir) throws Exception {
        assumeTrue(HostTools.onPath(AS) && HostTools.onPath(OBJCOPY), "riscv64 binutils are not installed");
        RandomRvProgram generator = new RandomRvProgram(profile.ordinal() * 7919L + 1, profile);
        List<CodeUnit> units = generator.sequence(400);
        List<RvInstruction> instructions = new ArrayList<>();
        CodeUnit.encodeAll(units).forEach(instructions::addAll);
        StringBuilder source = new StringBuilder();
        for (RvInstruction i : instructions) {
            source.append(i.compressed() ? ".option rvc\n" : ".option norvc\n").append(i.text()).append('\n');
        }
        byte[] assembled = assemble(source.toString(), dir);

        int at = 0;
        for (RvInstruction i : instructions) {
            int theirs = 0;
            for (int k = 0; k < i.length(); k++) {
                theirs |= (assembled[at + k] & 0xFF) << (8 * k);
            }
            int pos = at;
            assertEquals(Integer.toHexString(theirs), Integer.toHexString(i.bits()), () -> "at +" + pos + ": " + i.text());
            at += i.length();
        }
        assertEquals(assembled.length, at, "assembled length");
    }

    private static byte[] assemble(String source, Path dir) throws Exception {
        Path s = Files.writeString(dir.resolve("seq.s"), source);
        Path o = dir.resolve("seq.o");
        Path bin = dir.resolve("seq.bin");
        run(dir, AS, "-march=rv64gc", "-mno-relax", "-o", o.toString(), s.toString());
        run(dir, OBJCOPY, "-O", "binary", "-j", ".text", o.toString(), bin.toString());
        return Files.readAllBytes(bin);
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " timed out");
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + log);
    }
}
