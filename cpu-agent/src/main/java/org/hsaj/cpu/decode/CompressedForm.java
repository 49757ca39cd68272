package org.hsaj.cpu.decode;

/**
 * The RV64C table: every 16-bit form with the bits that identify it and the base instruction it
 * expands to. Entries are tried in order, so a specific form (c.jr: rs2 = 0) precedes a general one
 * of the same funct bits (c.mv). Reserved encodings (c.addi4spn with a zero immediate, c.lwsp to x0,
 * quadrant 0 funct3 100, ...) expand to {@link Opcode#ILLEGAL}.
 */
enum CompressedForm {
    // ---- quadrant 0 ----
    C_ZERO(0xffff, 0x0000, "c.illegal"),
    C_ADDI4SPN(0xe003, 0x0000, "c.addi4spn"),
    C_FLD(0xe003, 0x2000, "c.fld"),
    C_LW(0xe003, 0x4000, "c.lw"),
    C_LD(0xe003, 0x6000, "c.ld"),
    C_RESERVED_Q0(0xe003, 0x8000, "c.reserved"),
    C_FSD(0xe003, 0xa000, "c.fsd"),
    C_SW(0xe003, 0xc000, "c.sw"),
    C_SD(0xe003, 0xe000, "c.sd"),
    // ---- quadrant 1 ----
    C_ADDI(0xe003, 0x0001, "c.addi"),
    C_ADDIW(0xe003, 0x2001, "c.addiw"),
    C_LI(0xe003, 0x4001, "c.li"),
    C_ADDI16SP(0xef83, 0x6101, "c.addi16sp"),
    C_LUI(0xe003, 0x6001, "c.lui"),
    C_SRLI(0xec03, 0x8001, "c.srli"),
    C_SRAI(0xec03, 0x8401, "c.srai"),
    C_ANDI(0xec03, 0x8801, "c.andi"),
    C_SUB(0xfc63, 0x8c01, "c.sub"),
    C_XOR(0xfc63, 0x8c21, "c.xor"),
    C_OR(0xfc63, 0x8c41, "c.or"),
    C_AND(0xfc63, 0x8c61, "c.and"),
    C_SUBW(0xfc63, 0x9c01, "c.subw"),
    C_ADDW(0xfc63, 0x9c21, "c.addw"),
    C_RESERVED_ALU(0xfc43, 0x9c41, "c.reserved"),
    C_J(0xe003, 0xa001, "c.j"),
    C_BEQZ(0xe003, 0xc001, "c.beqz"),
    C_BNEZ(0xe003, 0xe001, "c.bnez"),
    // ---- quadrant 2 ----
    C_SLLI(0xe003, 0x0002, "c.slli"),
    C_FLDSP(0xe003, 0x2002, "c.fldsp"),
    C_LWSP(0xe003, 0x4002, "c.lwsp"),
    C_LDSP(0xe003, 0x6002, "c.ldsp"),
    C_JR(0xf07f, 0x8002, "c.jr"),
    C_MV(0xf003, 0x8002, "c.mv"),
    C_EBREAK(0xffff, 0x9002, "c.ebreak"),
    C_JALR(0xf07f, 0x9002, "c.jalr"),
    C_ADD(0xf003, 0x9002, "c.add"),
    C_FSDSP(0xe003, 0xa002, "c.fsdsp"),
    C_SWSP(0xe003, 0xc002, "c.swsp"),
    C_SDSP(0xe003, 0xe002, "c.sdsp");

    private static final CompressedForm[] VALUES = values();

    final int mask;
    final int match;
    final String mnemonic;

    CompressedForm(int mask, int match, String mnemonic) {
        this.mask = mask;
        this.match = match;
        this.mnemonic = mnemonic;
    }

    static Instruction expand(int c) {
        for (CompressedForm form : VALUES) {
            if ((c & form.mask) == form.match) {
                Instruction base = form.base(c);
                return base == null ? Decoder.illegal(c, 2) : base.asCompressed(form.mnemonic, c);
            }
        }
        return Decoder.illegal(c, 2);
    }

    // ---- operand fields ----
    private static int bit(int c, int at) {
        return (c >> at) & 1;
    }

    private static int bits(int c, int hi, int lo) {
        return (c >> lo) & ((1 << (hi - lo + 1)) - 1);
    }

    private static int rdFull(int c) {
        return bits(c, 11, 7);
    }

    private static int rs2Full(int c) {
        return bits(c, 6, 2);
    }

    private static int rdPrime(int c) {
        return 8 + bits(c, 4, 2);
    }

    private static int rs1Prime(int c) {
        return 8 + bits(c, 9, 7);
    }

    /** The 6-bit signed immediate imm[5] = c[12], imm[4:0] = c[6:2]. */
    private static int imm6(int c) {
        return (-bit(c, 12) << 5) | bits(c, 6, 2);
    }

    private static int shamt(int c) {
        return (bit(c, 12) << 5) | bits(c, 6, 2);
    }

    /** Offset of c.lw/c.sw: uimm[5:3] = c[12:10], uimm[2] = c[6], uimm[6] = c[5]. */
    private static int wordOffset(int c) {
        return (bits(c, 12, 10) << 3) | (bit(c, 6) << 2) | (bit(c, 5) << 6);
    }

    /** Offset of c.ld/c.sd/c.fld/c.fsd: uimm[5:3] = c[12:10], uimm[7:6] = c[6:5]. */
    private static int doubleOffset(int c) {
        return (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
    }

    private static int jumpOffset(int c) {
        return (-bit(c, 12) << 11) | (bit(c, 11) << 4) | (bits(c, 10, 9) << 8) | (bit(c, 8) << 10)
                | (bit(c, 7) << 6) | (bit(c, 6) << 7) | (bits(c, 5, 3) << 1) | (bit(c, 2) << 5);
    }

    private static int branchOffset(int c) {
        return (-bit(c, 12) << 8) | (bits(c, 11, 10) << 3) | (bits(c, 6, 5) << 6) | (bits(c, 4, 3) << 1)
                | (bit(c, 2) << 5);
    }

    private static Instruction r(Opcode op, int rd, int rs1, int rs2) {
        return Instruction.of(op, rd, rs1, rs2, 0);
    }

    private static Instruction i(Opcode op, int rd, int rs1, long imm) {
        return Instruction.of(op, rd, rs1, 0, imm);
    }

    private static Instruction s(Opcode op, int rs1, int rs2, long imm) {
        return Instruction.of(op, 0, rs1, rs2, imm);
    }

    /** The base instruction of this form, or null where the encoding is reserved. */
    private Instruction base(int c) {
        return switch (this) {
            case C_ZERO, C_RESERVED_Q0, C_RESERVED_ALU -> null;
            case C_ADDI4SPN -> {
                int imm = (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) | (bit(c, 6) << 2) | (bit(c, 5) << 3);
                yield imm == 0 ? null : i(Opcode.ADDI, rdPrime(c), 2, imm);
            }
            case C_FLD -> i(Opcode.FLD, rdPrime(c), rs1Prime(c), doubleOffset(c));
            case C_LW -> i(Opcode.LW, rdPrime(c), rs1Prime(c), wordOffset(c));
            case C_LD -> i(Opcode.LD, rdPrime(c), rs1Prime(c), doubleOffset(c));
            case C_FSD -> s(Opcode.FSD, rs1Prime(c), rdPrime(c), doubleOffset(c));
            case C_SW -> s(Opcode.SW, rs1Prime(c), rdPrime(c), wordOffset(c));
            case C_SD -> s(Opcode.SD, rs1Prime(c), rdPrime(c), doubleOffset(c));
            case C_ADDI -> i(Opcode.ADDI, rdFull(c), rdFull(c), imm6(c));
            case C_ADDIW -> rdFull(c) == 0 ? null : i(Opcode.ADDIW, rdFull(c), rdFull(c), imm6(c));
            case C_LI -> i(Opcode.ADDI, rdFull(c), 0, imm6(c));
            case C_ADDI16SP -> {
                int imm = (-bit(c, 12) << 9) | (bit(c, 6) << 4) | (bit(c, 5) << 6) | (bits(c, 4, 3) << 7)
                        | (bit(c, 2) << 5);
                yield imm == 0 ? null : i(Opcode.ADDI, 2, 2, imm);
            }
            case C_LUI -> imm6(c) == 0 ? null : i(Opcode.LUI, rdFull(c), 0, (long) imm6(c) << 12);
            case C_SRLI -> i(Opcode.SRLI, rs1Prime(c), rs1Prime(c), shamt(c));
            case C_SRAI -> i(Opcode.SRAI, rs1Prime(c), rs1Prime(c), shamt(c));
            case C_ANDI -> i(Opcode.ANDI, rs1Prime(c), rs1Prime(c), imm6(c));
            case C_SUB -> r(Opcode.SUB, rs1Prime(c), rs1Prime(c), rdPrime(c));
            case C_XOR -> r(Opcode.XOR, rs1Prime(c), rs1Prime(c), rdPrime(c));
            case C_OR -> r(Opcode.OR, rs1Prime(c), rs1Prime(c), rdPrime(c));
            case C_AND -> r(Opcode.AND, rs1Prime(c), rs1Prime(c), rdPrime(c));
            case C_SUBW -> r(Opcode.SUBW, rs1Prime(c), rs1Prime(c), rdPrime(c));
            case C_ADDW -> r(Opcode.ADDW, rs1Prime(c), rs1Prime(c), rdPrime(c));
            case C_J -> i(Opcode.JAL, 0, 0, jumpOffset(c));
            case C_BEQZ -> s(Opcode.BEQ, rs1Prime(c), 0, branchOffset(c));
            case C_BNEZ -> s(Opcode.BNE, rs1Prime(c), 0, branchOffset(c));
            case C_SLLI -> i(Opcode.SLLI, rdFull(c), rdFull(c), shamt(c));
            case C_FLDSP -> i(Opcode.FLD, rdFull(c), 2, (bit(c, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6));
            case C_LWSP -> rdFull(c) == 0 ? null
                    : i(Opcode.LW, rdFull(c), 2, (bit(c, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6));
            case C_LDSP -> rdFull(c) == 0 ? null
                    : i(Opcode.LD, rdFull(c), 2, (bit(c, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6));
            case C_JR -> rdFull(c) == 0 ? null : i(Opcode.JALR, 0, rdFull(c), 0);
            case C_MV -> r(Opcode.ADD, rdFull(c), 0, rs2Full(c));
            case C_EBREAK -> Instruction.of(Opcode.EBREAK, 0, 0, 0, 0);
            case C_JALR -> i(Opcode.JALR, 1, rdFull(c), 0);
            case C_ADD -> r(Opcode.ADD, rdFull(c), rdFull(c), rs2Full(c));
            case C_FSDSP -> s(Opcode.FSD, 2, rs2Full(c), (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6));
            case C_SWSP -> s(Opcode.SW, 2, rs2Full(c), (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6));
            case C_SDSP -> s(Opcode.SD, 2, rs2Full(c), (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6));
        };
    }
}
