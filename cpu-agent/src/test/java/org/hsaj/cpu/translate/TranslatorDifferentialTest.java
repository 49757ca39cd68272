package org.hsaj.cpu.translate;

import static org.junit.jupiter.api.Assertions.*;
import static org.hsaj.cpu.testing.Registers.*;

import java.util.EnumSet;
import java.util.SplittableRandom;
import org.hsaj.cpu.decode.Decoder;
import org.hsaj.cpu.decode.Format;
import org.hsaj.cpu.decode.Instruction;
import org.hsaj.cpu.decode.Opcode;
import org.hsaj.cpu.testing.Asm;
import org.hsaj.cpu.testing.Engine;
import org.hsaj.cpu.testing.Machine;
import org.junit.jupiter.api.Test;

/**
 * Random programs (integer, M, A, F, D, compressed instructions, loads and stores, forward branches
 * and counted loops) run on the reference interpreter and on both translator tiers; every register,
 * the accrued flags and the data memory must end up identical.
 */
class TranslatorDifferentialTest {
    // S0 holds the data base (never a destination), SP is kept as it is.
    private static final int LOOP = T6;   // loop counter, never a destination
    private static final long BASE = Machine.DATA + 0x4000;

    private static final EnumSet<Opcode> EXCLUDED = EnumSet.of(Opcode.JAL, Opcode.JALR, Opcode.BEQ, Opcode.BNE,
            Opcode.BLT, Opcode.BGE, Opcode.BLTU, Opcode.BGEU, Opcode.ECALL, Opcode.EBREAK, Opcode.ILLEGAL,
            Opcode.FENCE_I, Opcode.AUIPC, Opcode.LR_W, Opcode.LR_D, Opcode.SC_W, Opcode.SC_D);

    private static final Opcode[] POOL = java.util.Arrays.stream(Opcode.values())
            .filter(op -> !EXCLUDED.contains(op)).toArray(Opcode[]::new);

    private static int reg(SplittableRandom r) {
        int[] choices = {1, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 28, 29, 30};
        return choices[r.nextInt(choices.length)];
    }

    /** A random instance of {@code op}; memory instructions address [BASE - 2048, BASE + 2047] through s0. */
    private static int instance(Opcode op, SplittableRandom r) {
        int w = op.match();
        int rd = reg(r);
        int rs1 = reg(r);
        int rs2 = r.nextInt(32);
        boolean memory = switch (op) {
            case LB, LH, LW, LD, LBU, LHU, LWU, SB, SH, SW, SD, FLW, FLD, FSW, FSD -> true;
            default -> false;
        };
        boolean atomic = op.format() == Format.AMO;
        if (memory || atomic) {
            rs1 = S0;
        }
        Format f = op.format();
        w |= (f == Format.S || f == Format.B || f == Format.FENCE || f == Format.NONE ? 0 : rd << 7) | (rs1 << 15);
        int imm = r.nextInt(-2048, 2048);
        switch (f) {
            case R, R_RM, AMO -> w |= rs2 << 20;
            case R4 -> w |= (rs2 << 20) | (r.nextInt(32) << 27);
            case I -> w |= (imm & 0xfff) << 20;
            case SHIFT64 -> w |= r.nextInt(64) << 20;
            case SHIFT32 -> w |= r.nextInt(32) << 20;
            case S -> w |= ((imm >> 5) << 25) | ((imm & 0x1f) << 7) | (rs2 << 20);
            case U -> w |= r.nextInt() & 0xfffff000;
            // fflags only: a random frm could make every later dynamic-rounding instruction illegal
            case CSR, CSR_IMM -> w = (w & ~(0xfff << 20)) | (1 << 20) | (rd << 7) | (rs1 << 15);
            default -> {
            }
        }
        if (op.usesRoundingMode()) {
            int[] modes = {0, 1, 2, 3, 4, 7};
            w = (w & ~(7 << 12)) | (modes[r.nextInt(modes.length)] << 12);
        }
        if (atomic) {
            w |= r.nextInt(4) << 25; // aq/rl
        }
        return w;
    }

    private static boolean safeCompressed(Instruction in) {
        if (in.length() != 2 || in.opcode() == Opcode.ILLEGAL || EXCLUDED.contains(in.opcode())) {
            return false;
        }
        Format f = in.opcode().format();
        boolean memory = f == Format.S || in.opcode().name().startsWith("L") || in.opcode().name().startsWith("FL");
        int rd = in.rd();
        return !memory && rd != S0 && rd != SP && rd != LOOP;
    }

    private static Asm program(SplittableRandom r) {
        Asm asm = new Asm();
        int length = r.nextInt(20, 120);
        boolean inLoop = false;
        int loopStart = 0;
        for (int i = 0; i < length; i++) {
            int choice = r.nextInt(100);
            if (choice < 6 && !inLoop) {
                asm.addi(LOOP, 0, r.nextInt(2, 40));
                loopStart = asm.here();
                inLoop = true;
            } else if (choice < 12 && inLoop) {
                asm.addi(LOOP, LOOP, -1).branch(1, LOOP, 0, loopStart - asm.here());
                inLoop = false;
            } else if (choice < 18) {
                int skip = r.nextInt(1, 4);
                asm.branch(new int[] {0, 1, 4, 5, 6, 7}[r.nextInt(6)], reg(r), reg(r), 4 * (skip + 1));
                for (int k = 0; k < skip; k++) {
                    asm.word(instance(POOL[r.nextInt(POOL.length)], r));
                }
            } else if (choice < 30) {
                int c;
                do {
                    c = r.nextInt(0x10000);
                } while ((c & 3) == 3 || !safeCompressed(Decoder.decode(c)));
                asm.half(c);
            } else {
                asm.word(instance(POOL[r.nextInt(POOL.length)], r));
            }
        }
        if (inLoop) {
            asm.addi(LOOP, LOOP, -1).branch(1, LOOP, 0, loopStart - asm.here());
        }
        return asm;
    }

    private static Machine execute(Asm program, long seed, Engine engine) {
        SplittableRandom values = new SplittableRandom(seed);
        Machine m = new Machine().load(program);
        for (int r = 1; r < 32; r++) {
            m.x(r, values.nextLong());
        }
        for (int r = 0; r < 32; r++) {
            long bits = values.nextLong();
            m.f(r, switch (r % 4) {
                case 0 -> org.hsaj.cpu.exec.FloatingPoint.box(Float.floatToRawIntBits((float) (values.nextDouble() * 100 - 50)));
                case 1 -> Double.doubleToRawLongBits(values.nextDouble() * 1e6 - 5e5);
                default -> bits;
            });
        }
        m.x(S0, BASE).x(SP, Machine.DATA + 0x8000).x(LOOP, 0);
        for (long a = Machine.DATA; a < Machine.DATA + Machine.DATA_SIZE; a += 8) {
            m.storeLong(a, values.nextLong());
        }
        return m.run(engine, 100_000);
    }

    @Test
    void translatedCodeAgreesWithTheInterpreter() {
        SplittableRandom random = new SplittableRandom(0x5eed);
        for (int n = 0; n < 120; n++) {
            long seed = random.nextLong();
            Asm program = program(random);
            try (Machine reference = execute(program, seed, Engine.INTERPRETER)) {
                for (Engine engine : new Engine[] {Engine.BLOCKS, Engine.REGION}) {
                    try (Machine m = execute(program, seed, engine)) {
                        String what = "program " + n + " on " + engine;
                        for (int r = 0; r < 32; r++) {
                            assertEquals(reference.x(r), m.x(r), what + ": x" + r);
                            assertEquals(reference.f(r), m.f(r), what + ": f" + r);
                        }
                        assertEquals(reference.hart.fflags, m.hart.fflags, what + ": fflags");
                        for (long a = Machine.DATA; a < Machine.DATA + Machine.DATA_SIZE; a += 8) {
                            assertEquals(reference.loadLong(a), m.loadLong(a), what + String.format(": memory at 0x%x", a));
                        }
                    }
                }
            }
        }
    }
}
