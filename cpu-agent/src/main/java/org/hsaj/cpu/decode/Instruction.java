package org.hsaj.cpu.decode;

/**
 * One decoded instruction: immutable, shared by the interpreter and the translator. A compressed
 * instruction is represented by the base instruction it expands to, with {@code length} 2 and the
 * name of its compressed form in {@code compressed}.
 *
 * @param opcode     what it does ({@link Opcode#ILLEGAL} for an encoding that is not an instruction)
 * @param rd         destination register (integer or float by the opcode)
 * @param rs1        first source register; for CSR_IMM forms the 5-bit immediate
 * @param rs2        second source register
 * @param rs3        third source register (fused multiply-add)
 * @param imm        sign-extended immediate, offset, shift amount, CSR number or fence bits
 * @param rm         rounding-mode field (0..7) of floating-point instructions
 * @param aq         acquire bit of atomics
 * @param rl         release bit of atomics
 * @param length     2 or 4 bytes
 * @param bits       the raw encoding (16 bits for compressed instructions)
 * @param compressed the compressed form's mnemonic ("c.addi"), or null for a 32-bit instruction
 */
public record Instruction(Opcode opcode, int rd, int rs1, int rs2, int rs3, long imm, int rm, boolean aq,
                          boolean rl, int length, int bits, String compressed) {

    public static final String[] X_NAMES = {"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
        "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
        "s10", "s11", "t3", "t4", "t5", "t6"};
    public static final String[] F_NAMES = {"ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0",
        "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6",
        "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"};
    private static final String[] RM_NAMES = {"rne", "rtz", "rdn", "rup", "rmm", "rm5", "rm6", "dyn"};

    /** An instruction with the given operands, the rest zero (used by the decoder and by tests). */
    public static Instruction of(Opcode opcode, int rd, int rs1, int rs2, long imm) {
        return new Instruction(opcode, rd, rs1, rs2, 0, imm, 0, false, false, 4, 0, null);
    }

    /** The same instruction as the expansion of the compressed form {@code name} with encoding {@code bits16}. */
    Instruction asCompressed(String name, int bits16) {
        return new Instruction(opcode, rd, rs1, rs2, rs3, imm, rm, aq, rl, 2, bits16, name);
    }

    /** Disassembly in assembler syntax, e.g. {@code addi a0, sp, 16} or {@code fadd.d fa0, fa1, fa2, rtz}. */
    @Override
    public String toString() {
        String xd = X_NAMES[rd];
        String x1 = X_NAMES[rs1];
        String x2 = X_NAMES[rs2];
        String d = opcode.writesFloat() ? F_NAMES[rd] : xd;
        String s1 = opcode.readsFloatRs1() ? F_NAMES[rs1] : x1;
        String s2 = opcode.readsFloatRs2() ? F_NAMES[rs2] : x2;
        String m = opcode.mnemonic();
        // The exact conversions round nothing; like GNU objdump, leave their rm field unprinted.
        boolean exact = opcode == Opcode.FCVT_D_S || opcode == Opcode.FCVT_D_W || opcode == Opcode.FCVT_D_WU;
        String rmText = rm == 7 || exact ? "" : ", " + RM_NAMES[rm];
        return switch (opcode.format()) {
            case R -> m + " " + d + ", " + s1 + ", " + s2;
            case R_RM -> m + " " + d + ", " + s1 + ", " + s2 + rmText;
            case R1_RM -> m + " " + d + ", " + s1 + rmText;
            case R1 -> m + " " + d + ", " + s1;
            case R4 -> m + " " + d + ", " + s1 + ", " + s2 + ", " + F_NAMES[rs3] + rmText;
            case I -> switch (opcode) {
                case LB, LH, LW, LD, LBU, LHU, LWU, FLW, FLD, JALR -> m + " " + d + ", " + imm + "(" + x1 + ")";
                default -> m + " " + d + ", " + s1 + ", " + imm;
            };
            case SHIFT64, SHIFT32 -> m + " " + xd + ", " + x1 + ", 0x" + Long.toHexString(imm);
            case S -> m + " " + s2 + ", " + imm + "(" + x1 + ")";
            case B -> m + " " + x1 + ", " + x2 + ", " + (imm >= 0 ? "+" : "") + imm;
            case U -> m + " " + xd + ", 0x" + Long.toHexString((imm >>> 12) & 0xfffff);
            case J -> m + " " + xd + ", " + (imm >= 0 ? "+" : "") + imm;
            case AMO -> m + ordering() + " " + xd + ", " + x2 + ", (" + x1 + ")";
            case LR -> m + ordering() + " " + xd + ", (" + x1 + ")";
            case CSR -> m + " " + xd + ", " + csrName((int) imm) + ", " + x1;
            case CSR_IMM -> m + " " + xd + ", " + csrName((int) imm) + ", " + rs1;
            case FENCE -> fenceText();
            case NONE -> opcode == Opcode.ILLEGAL
                    ? String.format(length == 2 ? "illegal 0x%04x" : "illegal 0x%08x", bits) : m;
        };
    }

    private String ordering() {
        return aq && rl ? ".aqrl" : aq ? ".aq" : rl ? ".rl" : "";
    }

    private String fenceText() {
        int pred = (int) (imm >> 4) & 0xf;
        int succ = (int) imm & 0xf;
        if (((imm >> 8) & 0xf) == 8 && pred == 3 && succ == 3) {
            return "fence.tso";
        }
        return "fence " + accessSet(pred) + ", " + accessSet(succ);
    }

    private static String accessSet(int set) {
        StringBuilder text = new StringBuilder();
        String letters = "iorw";
        for (int bit = 3; bit >= 0; bit--) {
            if ((set & (1 << bit)) != 0) {
                text.append(letters.charAt(3 - bit));
            }
        }
        return text.isEmpty() ? "0" : text.toString();
    }

    static String csrName(int csr) {
        return switch (csr) {
            case 0x001 -> "fflags";
            case 0x002 -> "frm";
            case 0x003 -> "fcsr";
            case 0xc00 -> "cycle";
            case 0xc01 -> "time";
            case 0xc02 -> "instret";
            default -> String.format("0x%03x", csr);
        };
    }
}
