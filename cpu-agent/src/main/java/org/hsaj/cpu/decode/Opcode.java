package org.hsaj.cpu.decode;

import static org.hsaj.cpu.decode.Format.*;

/**
 * The RV64GC instruction table (I, M, A, F, D, Zicsr, Zifencei; compressed forms expand to these):
 * one entry per instruction with the bits that identify it ({@code (word & mask) == match}), the
 * operand format and the assembler mnemonic. {@link Decoder} is driven by this table alone.
 */
public enum Opcode {
    // ---- RV64I -------------------------------------------------------------------------------
    LUI(0x0000007f, 0x00000037, U, "lui"),
    AUIPC(0x0000007f, 0x00000017, U, "auipc"),
    JAL(0x0000007f, 0x0000006f, J, "jal"),
    JALR(0x0000707f, 0x00000067, I, "jalr"),
    BEQ(0x0000707f, 0x00000063, B, "beq"),
    BNE(0x0000707f, 0x00001063, B, "bne"),
    BLT(0x0000707f, 0x00004063, B, "blt"),
    BGE(0x0000707f, 0x00005063, B, "bge"),
    BLTU(0x0000707f, 0x00006063, B, "bltu"),
    BGEU(0x0000707f, 0x00007063, B, "bgeu"),
    LB(0x0000707f, 0x00000003, I, "lb"),
    LH(0x0000707f, 0x00001003, I, "lh"),
    LW(0x0000707f, 0x00002003, I, "lw"),
    LD(0x0000707f, 0x00003003, I, "ld"),
    LBU(0x0000707f, 0x00004003, I, "lbu"),
    LHU(0x0000707f, 0x00005003, I, "lhu"),
    LWU(0x0000707f, 0x00006003, I, "lwu"),
    SB(0x0000707f, 0x00000023, S, "sb"),
    SH(0x0000707f, 0x00001023, S, "sh"),
    SW(0x0000707f, 0x00002023, S, "sw"),
    SD(0x0000707f, 0x00003023, S, "sd"),
    ADDI(0x0000707f, 0x00000013, I, "addi"),
    SLTI(0x0000707f, 0x00002013, I, "slti"),
    SLTIU(0x0000707f, 0x00003013, I, "sltiu"),
    XORI(0x0000707f, 0x00004013, I, "xori"),
    ORI(0x0000707f, 0x00006013, I, "ori"),
    ANDI(0x0000707f, 0x00007013, I, "andi"),
    SLLI(0xfc00707f, 0x00001013, SHIFT64, "slli"),
    SRLI(0xfc00707f, 0x00005013, SHIFT64, "srli"),
    SRAI(0xfc00707f, 0x40005013, SHIFT64, "srai"),
    ADD(0xfe00707f, 0x00000033, R, "add"),
    SUB(0xfe00707f, 0x40000033, R, "sub"),
    SLL(0xfe00707f, 0x00001033, R, "sll"),
    SLT(0xfe00707f, 0x00002033, R, "slt"),
    SLTU(0xfe00707f, 0x00003033, R, "sltu"),
    XOR(0xfe00707f, 0x00004033, R, "xor"),
    SRL(0xfe00707f, 0x00005033, R, "srl"),
    SRA(0xfe00707f, 0x40005033, R, "sra"),
    OR(0xfe00707f, 0x00006033, R, "or"),
    AND(0xfe00707f, 0x00007033, R, "and"),
    ADDIW(0x0000707f, 0x0000001b, I, "addiw"),
    SLLIW(0xfe00707f, 0x0000101b, SHIFT32, "slliw"),
    SRLIW(0xfe00707f, 0x0000501b, SHIFT32, "srliw"),
    SRAIW(0xfe00707f, 0x4000501b, SHIFT32, "sraiw"),
    ADDW(0xfe00707f, 0x0000003b, R, "addw"),
    SUBW(0xfe00707f, 0x4000003b, R, "subw"),
    SLLW(0xfe00707f, 0x0000103b, R, "sllw"),
    SRLW(0xfe00707f, 0x0000503b, R, "srlw"),
    SRAW(0xfe00707f, 0x4000503b, R, "sraw"),
    FENCE(0x0000707f, 0x0000000f, Format.FENCE, "fence"),
    FENCE_I(0x0000707f, 0x0000100f, NONE, "fence.i"),
    ECALL(0xffffffff, 0x00000073, NONE, "ecall"),
    EBREAK(0xffffffff, 0x00100073, NONE, "ebreak"),
    // ---- Zicsr -------------------------------------------------------------------------------
    CSRRW(0x0000707f, 0x00001073, CSR, "csrrw"),
    CSRRS(0x0000707f, 0x00002073, CSR, "csrrs"),
    CSRRC(0x0000707f, 0x00003073, CSR, "csrrc"),
    CSRRWI(0x0000707f, 0x00005073, CSR_IMM, "csrrwi"),
    CSRRSI(0x0000707f, 0x00006073, CSR_IMM, "csrrsi"),
    CSRRCI(0x0000707f, 0x00007073, CSR_IMM, "csrrci"),
    // ---- M -----------------------------------------------------------------------------------
    MUL(0xfe00707f, 0x02000033, R, "mul"),
    MULH(0xfe00707f, 0x02001033, R, "mulh"),
    MULHSU(0xfe00707f, 0x02002033, R, "mulhsu"),
    MULHU(0xfe00707f, 0x02003033, R, "mulhu"),
    DIV(0xfe00707f, 0x02004033, R, "div"),
    DIVU(0xfe00707f, 0x02005033, R, "divu"),
    REM(0xfe00707f, 0x02006033, R, "rem"),
    REMU(0xfe00707f, 0x02007033, R, "remu"),
    MULW(0xfe00707f, 0x0200003b, R, "mulw"),
    DIVW(0xfe00707f, 0x0200403b, R, "divw"),
    DIVUW(0xfe00707f, 0x0200503b, R, "divuw"),
    REMW(0xfe00707f, 0x0200603b, R, "remw"),
    REMUW(0xfe00707f, 0x0200703b, R, "remuw"),
    // ---- A -----------------------------------------------------------------------------------
    LR_W(0xf9f0707f, 0x1000202f, LR, "lr.w"),
    SC_W(0xf800707f, 0x1800202f, AMO, "sc.w"),
    AMOSWAP_W(0xf800707f, 0x0800202f, AMO, "amoswap.w"),
    AMOADD_W(0xf800707f, 0x0000202f, AMO, "amoadd.w"),
    AMOXOR_W(0xf800707f, 0x2000202f, AMO, "amoxor.w"),
    AMOAND_W(0xf800707f, 0x6000202f, AMO, "amoand.w"),
    AMOOR_W(0xf800707f, 0x4000202f, AMO, "amoor.w"),
    AMOMIN_W(0xf800707f, 0x8000202f, AMO, "amomin.w"),
    AMOMAX_W(0xf800707f, 0xa000202f, AMO, "amomax.w"),
    AMOMINU_W(0xf800707f, 0xc000202f, AMO, "amominu.w"),
    AMOMAXU_W(0xf800707f, 0xe000202f, AMO, "amomaxu.w"),
    LR_D(0xf9f0707f, 0x1000302f, LR, "lr.d"),
    SC_D(0xf800707f, 0x1800302f, AMO, "sc.d"),
    AMOSWAP_D(0xf800707f, 0x0800302f, AMO, "amoswap.d"),
    AMOADD_D(0xf800707f, 0x0000302f, AMO, "amoadd.d"),
    AMOXOR_D(0xf800707f, 0x2000302f, AMO, "amoxor.d"),
    AMOAND_D(0xf800707f, 0x6000302f, AMO, "amoand.d"),
    AMOOR_D(0xf800707f, 0x4000302f, AMO, "amoor.d"),
    AMOMIN_D(0xf800707f, 0x8000302f, AMO, "amomin.d"),
    AMOMAX_D(0xf800707f, 0xa000302f, AMO, "amomax.d"),
    AMOMINU_D(0xf800707f, 0xc000302f, AMO, "amominu.d"),
    AMOMAXU_D(0xf800707f, 0xe000302f, AMO, "amomaxu.d"),
    // ---- F -----------------------------------------------------------------------------------
    FLW(0x0000707f, 0x00002007, I, "flw"),
    FSW(0x0000707f, 0x00002027, S, "fsw"),
    FMADD_S(0x0600007f, 0x00000043, R4, "fmadd.s"),
    FMSUB_S(0x0600007f, 0x00000047, R4, "fmsub.s"),
    FNMSUB_S(0x0600007f, 0x0000004b, R4, "fnmsub.s"),
    FNMADD_S(0x0600007f, 0x0000004f, R4, "fnmadd.s"),
    FADD_S(0xfe00007f, 0x00000053, R_RM, "fadd.s"),
    FSUB_S(0xfe00007f, 0x08000053, R_RM, "fsub.s"),
    FMUL_S(0xfe00007f, 0x10000053, R_RM, "fmul.s"),
    FDIV_S(0xfe00007f, 0x18000053, R_RM, "fdiv.s"),
    FSQRT_S(0xfff0007f, 0x58000053, R1_RM, "fsqrt.s"),
    FSGNJ_S(0xfe00707f, 0x20000053, R, "fsgnj.s"),
    FSGNJN_S(0xfe00707f, 0x20001053, R, "fsgnjn.s"),
    FSGNJX_S(0xfe00707f, 0x20002053, R, "fsgnjx.s"),
    FMIN_S(0xfe00707f, 0x28000053, R, "fmin.s"),
    FMAX_S(0xfe00707f, 0x28001053, R, "fmax.s"),
    FCVT_W_S(0xfff0007f, 0xc0000053, R1_RM, "fcvt.w.s"),
    FCVT_WU_S(0xfff0007f, 0xc0100053, R1_RM, "fcvt.wu.s"),
    FCVT_L_S(0xfff0007f, 0xc0200053, R1_RM, "fcvt.l.s"),
    FCVT_LU_S(0xfff0007f, 0xc0300053, R1_RM, "fcvt.lu.s"),
    FMV_X_W(0xfff0707f, 0xe0000053, R1, "fmv.x.w"),
    FCLASS_S(0xfff0707f, 0xe0001053, R1, "fclass.s"),
    FEQ_S(0xfe00707f, 0xa0002053, R, "feq.s"),
    FLT_S(0xfe00707f, 0xa0001053, R, "flt.s"),
    FLE_S(0xfe00707f, 0xa0000053, R, "fle.s"),
    FCVT_S_W(0xfff0007f, 0xd0000053, R1_RM, "fcvt.s.w"),
    FCVT_S_WU(0xfff0007f, 0xd0100053, R1_RM, "fcvt.s.wu"),
    FCVT_S_L(0xfff0007f, 0xd0200053, R1_RM, "fcvt.s.l"),
    FCVT_S_LU(0xfff0007f, 0xd0300053, R1_RM, "fcvt.s.lu"),
    FMV_W_X(0xfff0707f, 0xf0000053, R1, "fmv.w.x"),
    // ---- D -----------------------------------------------------------------------------------
    FLD(0x0000707f, 0x00003007, I, "fld"),
    FSD(0x0000707f, 0x00003027, S, "fsd"),
    FMADD_D(0x0600007f, 0x02000043, R4, "fmadd.d"),
    FMSUB_D(0x0600007f, 0x02000047, R4, "fmsub.d"),
    FNMSUB_D(0x0600007f, 0x0200004b, R4, "fnmsub.d"),
    FNMADD_D(0x0600007f, 0x0200004f, R4, "fnmadd.d"),
    FADD_D(0xfe00007f, 0x02000053, R_RM, "fadd.d"),
    FSUB_D(0xfe00007f, 0x0a000053, R_RM, "fsub.d"),
    FMUL_D(0xfe00007f, 0x12000053, R_RM, "fmul.d"),
    FDIV_D(0xfe00007f, 0x1a000053, R_RM, "fdiv.d"),
    FSQRT_D(0xfff0007f, 0x5a000053, R1_RM, "fsqrt.d"),
    FSGNJ_D(0xfe00707f, 0x22000053, R, "fsgnj.d"),
    FSGNJN_D(0xfe00707f, 0x22001053, R, "fsgnjn.d"),
    FSGNJX_D(0xfe00707f, 0x22002053, R, "fsgnjx.d"),
    FMIN_D(0xfe00707f, 0x2a000053, R, "fmin.d"),
    FMAX_D(0xfe00707f, 0x2a001053, R, "fmax.d"),
    FCVT_S_D(0xfff0007f, 0x40100053, R1_RM, "fcvt.s.d"),
    FCVT_D_S(0xfff0007f, 0x42000053, R1_RM, "fcvt.d.s"),
    FEQ_D(0xfe00707f, 0xa2002053, R, "feq.d"),
    FLT_D(0xfe00707f, 0xa2001053, R, "flt.d"),
    FLE_D(0xfe00707f, 0xa2000053, R, "fle.d"),
    FCLASS_D(0xfff0707f, 0xe2001053, R1, "fclass.d"),
    FCVT_W_D(0xfff0007f, 0xc2000053, R1_RM, "fcvt.w.d"),
    FCVT_WU_D(0xfff0007f, 0xc2100053, R1_RM, "fcvt.wu.d"),
    FCVT_L_D(0xfff0007f, 0xc2200053, R1_RM, "fcvt.l.d"),
    FCVT_LU_D(0xfff0007f, 0xc2300053, R1_RM, "fcvt.lu.d"),
    FMV_X_D(0xfff0707f, 0xe2000053, R1, "fmv.x.d"),
    FCVT_D_W(0xfff0007f, 0xd2000053, R1_RM, "fcvt.d.w"),
    FCVT_D_WU(0xfff0007f, 0xd2100053, R1_RM, "fcvt.d.wu"),
    FCVT_D_L(0xfff0007f, 0xd2200053, R1_RM, "fcvt.d.l"),
    FCVT_D_LU(0xfff0007f, 0xd2300053, R1_RM, "fcvt.d.lu"),
    FMV_D_X(0xfff0707f, 0xf2000053, R1, "fmv.d.x"),
    /** Not an instruction: a word that matches no entry, or a reserved compressed encoding. */
    ILLEGAL(0, 1, NONE, "illegal");

    final int mask;
    final int match;
    private final Format format;
    private final String mnemonic;

    Opcode(int mask, int match, Format format, String mnemonic) {
        this.mask = mask;
        this.match = match;
        this.format = format;
        this.mnemonic = mnemonic;
    }

    public Format format() {
        return format;
    }

    public String mnemonic() {
        return mnemonic;
    }

    /** True when {@code word} is an encoding of this instruction. */
    public boolean matches(int word) {
        return (word & mask) == match;
    }

    /** The encoding of this instruction with every operand field zero. */
    public int match() {
        return match;
    }

    /** The bits of an encoding that identify this instruction. */
    public int mask() {
        return mask;
    }

    /** rd names a floating-point register. */
    public boolean writesFloat() {
        return switch (this) {
            case FLW, FLD, FMADD_S, FMSUB_S, FNMSUB_S, FNMADD_S, FADD_S, FSUB_S, FMUL_S, FDIV_S, FSQRT_S,
                 FSGNJ_S, FSGNJN_S, FSGNJX_S, FMIN_S, FMAX_S, FCVT_S_W, FCVT_S_WU, FCVT_S_L, FCVT_S_LU, FMV_W_X,
                 FMADD_D, FMSUB_D, FNMSUB_D, FNMADD_D, FADD_D, FSUB_D, FMUL_D, FDIV_D, FSQRT_D,
                 FSGNJ_D, FSGNJN_D, FSGNJX_D, FMIN_D, FMAX_D, FCVT_S_D, FCVT_D_S, FCVT_D_W, FCVT_D_WU,
                 FCVT_D_L, FCVT_D_LU, FMV_D_X -> true;
            default -> false;
        };
    }

    /** rs1 names a floating-point register. */
    public boolean readsFloatRs1() {
        if (ordinal() < FLW.ordinal() || this == ILLEGAL) {
            return false;
        }
        return switch (this) {
            case FLW, FSW, FLD, FSD, FCVT_S_W, FCVT_S_WU, FCVT_S_L, FCVT_S_LU, FMV_W_X, FCVT_D_W, FCVT_D_WU,
                 FCVT_D_L, FCVT_D_LU, FMV_D_X -> false;
            default -> true;
        };
    }

    /** rs2 names a floating-point register. */
    public boolean readsFloatRs2() {
        return this == FSW || this == FSD || (format == R || format == R_RM || format == R4) && readsFloatRs1();
    }

    /** The instruction has a rounding-mode field (a reserved rm makes it illegal). */
    public boolean usesRoundingMode() {
        return format == R_RM || format == R1_RM || format == R4;
    }

    /** Bytes a plain load or store (integer or floating point) moves; 0 for every other instruction. */
    public int accessSize() {
        return switch (this) {
            case LB, LBU, SB -> 1;
            case LH, LHU, SH -> 2;
            case LW, LWU, SW, FLW, FSW -> 4;
            case LD, SD, FLD, FSD -> 8;
            default -> 0;
        };
    }

    /** A plain store (integer or floating point). */
    public boolean isStore() {
        return this == SB || this == SH || this == SW || this == SD || this == FSW || this == FSD;
    }

    /** A conditional branch (BEQ ... BGEU). */
    public boolean isConditionalBranch() {
        return this == BEQ || this == BNE || this == BLT || this == BGE || this == BLTU || this == BGEU;
    }
}
