package org.hsaj.cpu.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes RV64GC encodings into {@link Instruction}s, driven by the {@link Opcode} and
 * {@link CompressedForm} tables. Stateless and thread-safe. An encoding that is no instruction
 * decodes to {@link Opcode#ILLEGAL} (executing it is what fails), so decoding never throws.
 */
public final class Decoder {
    /** Candidate opcodes per major opcode (bits 6..0), in table order. */
    private static final Opcode[][] BY_MAJOR = new Opcode[128][];

    static {
        List<List<Opcode>> lists = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            lists.add(new ArrayList<>());
        }
        for (Opcode op : Opcode.values()) {
            if (op != Opcode.ILLEGAL) {
                lists.get(op.match & 0x7f).add(op);
            }
        }
        for (int i = 0; i < 128; i++) {
            BY_MAJOR[i] = lists.get(i).toArray(new Opcode[0]);
        }
    }

    private Decoder() {
    }

    /** The length in bytes (2 or 4) of the instruction whose first 16 bits are {@code low16}. */
    public static int length(int low16) {
        return (low16 & 3) == 3 ? 4 : 2;
    }

    /**
     * Decodes the instruction whose encoding starts with {@code word} (little-endian; for a compressed
     * instruction only the low 16 bits count).
     */
    public static Instruction decode(int word) {
        if ((word & 3) != 3) {
            return CompressedForm.expand(word & 0xffff);
        }
        for (Opcode op : BY_MAJOR[word & 0x7f]) {
            if (op.matches(word)) {
                return operands(op, word);
            }
        }
        return illegal(word, 4);
    }

    static Instruction illegal(int bits, int length) {
        return new Instruction(Opcode.ILLEGAL, 0, 0, 0, 0, 0, 0, false, false, length, bits, null);
    }

    private static Instruction operands(Opcode op, int w) {
        int rd = (w >> 7) & 31;
        int rs1 = (w >> 15) & 31;
        int rs2 = (w >> 20) & 31;
        int rm = (w >> 12) & 7;
        return switch (op.format()) {
            case R -> make(op, rd, rs1, rs2, 0, 0, 0, w);
            case R_RM -> make(op, rd, rs1, rs2, 0, 0, rm, w);
            case R1_RM -> make(op, rd, rs1, 0, 0, 0, rm, w);
            case R1 -> make(op, rd, rs1, 0, 0, 0, 0, w);
            case R4 -> make(op, rd, rs1, rs2, w >>> 27, 0, rm, w);
            case I -> make(op, rd, rs1, 0, 0, w >> 20, 0, w);
            case SHIFT64 -> make(op, rd, rs1, 0, 0, (w >> 20) & 0x3f, 0, w);
            case SHIFT32 -> make(op, rd, rs1, 0, 0, (w >> 20) & 0x1f, 0, w);
            case S -> make(op, 0, rs1, rs2, 0, ((w >> 25) << 5) | ((w >> 7) & 31), 0, w);
            case B -> make(op, 0, rs1, rs2, 0, ((w >> 31) << 12) | (((w >> 7) & 1) << 11)
                    | (((w >> 25) & 0x3f) << 5) | (((w >> 8) & 0xf) << 1), 0, w);
            case U -> make(op, rd, 0, 0, 0, w & 0xfffff000, 0, w);
            case J -> make(op, rd, 0, 0, 0, ((w >> 31) << 20) | (((w >> 12) & 0xff) << 12)
                    | (((w >> 20) & 1) << 11) | (((w >> 21) & 0x3ff) << 1), 0, w);
            case AMO -> new Instruction(op, rd, rs1, rs2, 0, 0, 0, (w & (1 << 26)) != 0, (w & (1 << 25)) != 0,
                    4, w, null);
            case LR -> new Instruction(op, rd, rs1, 0, 0, 0, 0, (w & (1 << 26)) != 0, (w & (1 << 25)) != 0,
                    4, w, null);
            case CSR, CSR_IMM -> make(op, rd, rs1, 0, 0, (w >>> 20) & 0xfff, 0, w);
            case FENCE -> make(op, 0, 0, 0, 0, (w >>> 20) & 0xfff, 0, w);
            case NONE -> make(op, 0, 0, 0, 0, 0, 0, w);
        };
    }

    private static Instruction make(Opcode op, int rd, int rs1, int rs2, int rs3, long imm, int rm, int bits) {
        return new Instruction(op, rd, rs1, rs2, rs3, imm, rm, false, false, 4, bits, null);
    }
}
