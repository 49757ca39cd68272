package org.hsaj.cpu.decode;

/**
 * Where the operands of a 32-bit instruction sit in its encoding. Each opcode of the table names one
 * format; {@link Decoder} extracts rd/rs1/rs2/rs3/imm/rm/aq/rl by it.
 */
public enum Format {
    /** rd, rs1, rs2. */
    R,
    /** rd, rs1, rs2, rounding mode. */
    R_RM,
    /** rd, rs1, rounding mode (rs2 is part of the opcode). */
    R1_RM,
    /** rd, rs1 (rs2 and funct3 are part of the opcode). */
    R1,
    /** rd, rs1, rs2, rs3, rounding mode (fused multiply-add). */
    R4,
    /** rd, rs1, 12-bit signed immediate. */
    I,
    /** rd, rs1, 6-bit shift amount. */
    SHIFT64,
    /** rd, rs1, 5-bit shift amount. */
    SHIFT32,
    /** rs1, rs2, 12-bit signed store offset. */
    S,
    /** rs1, rs2, 13-bit signed branch offset. */
    B,
    /** rd, 32-bit signed upper immediate. */
    U,
    /** rd, 21-bit signed jump offset. */
    J,
    /** rd, rs1, rs2, aq, rl (atomic memory operation). */
    AMO,
    /** rd, rs1, aq, rl (load-reserved: rs2 is zero). */
    LR,
    /** rd, rs1 (source register), imm = CSR number. */
    CSR,
    /** rd, rs1 = 5-bit unsigned immediate, imm = CSR number. */
    CSR_IMM,
    /** imm = fm/pred/succ bits 31..20. */
    FENCE,
    /** No operands. */
    NONE
}
