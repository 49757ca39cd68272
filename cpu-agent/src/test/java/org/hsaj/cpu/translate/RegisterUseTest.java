package org.hsaj.cpu.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hsaj.cpu.decode.Decoder;
import org.hsaj.cpu.decode.Instruction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The registers instructions read and write, as the translator sees them: integer and floating-point
 * operands told apart by the instruction, x0 never, and a system call writing a0. Encodings from the
 * ISA manual's formats, written out by hand.
 */
class RegisterUseTest {
    private static long bits(String registers) {
        long mask = 0;
        for (String r : registers.split(" ")) {
            if (!r.isEmpty()) {
                mask |= 1L << Integer.parseInt(r);
            }
        }
        return mask;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // instruction,             word,       x read,  x written, f read,     f written
        "add a0 a1 a2,              00c58533,   11 12,   10,        '',         ''",
        "add x0 a1 a2 (a hint),     00c58033,   11 12,   '',        '',         ''",
        "sd a1 8(sp),               00b13423,   2 11,    '',        '',         ''",
        "fsd fa0 8(sp),             00a13427,   2,       '',        10,         ''",
        "fld fa0 8(sp),             00813507,   2,       '',        '',         10",
        "fmadd.d fa0 fa1 fa2 fa3,   6ac5f543,   '',      '',        11 12 13,   10",
        "fcvt.d.l fa0 a1,           d225f553,   11,      '',        '',         10",
        "feq.d a0 fa1 fa2,          a2c5a553,   '',      10,        11 12,      ''",
        "ecall,                     00000073,   '',      10,        '',         ''",
        "jal x0 (a jump),           0000006f,   '',      '',        '',         ''",
        "jalr ra 0(a5),             000780e7,   15,      1,         '',         ''",
    })
    void readsAndWrites(String name, String word, String xRead, String xWritten, String fRead, String fWritten) {
        Instruction in = Decoder.decode((int) Long.parseLong(word, 16));
        assertEquals(bits(xRead), RegisterUse.xReads(in), name + ": x read");
        assertEquals(bits(xWritten), RegisterUse.xWrites(in), name + ": x written");
        assertEquals(bits(fRead), RegisterUse.fReads(in), name + ": f read");
        assertEquals(bits(fWritten), RegisterUse.fWrites(in), name + ": f written");
    }
}
