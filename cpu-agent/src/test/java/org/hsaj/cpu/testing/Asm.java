package org.hsaj.cpu.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A tiny RV64GC assembler for tests: each method appends one encoding, placing the operand fields as
 * the ISA manual's base formats lay them out. {@link #words()} gives the little-endian program as
 * 16-bit parcels so 32-bit and compressed instructions mix freely.
 */
public final class Asm {
    private final List<Integer> parcels = new ArrayList<>();

    /** Byte offset of the next instruction from the start of the program. */
    public int here() {
        return parcels.size() * 2;
    }

    public List<Integer> parcels() {
        return parcels;
    }

    /** Appends another program's instructions. */
    public Asm append(Asm other) {
        parcels.addAll(other.parcels);
        return this;
    }

    public Asm word(int w) {
        parcels.add(w & 0xffff);
        parcels.add(w >>> 16);
        return this;
    }

    public Asm half(int h) {
        parcels.add(h & 0xffff);
        return this;
    }

    // ---- formats ----

    public static int r(int opcode, int funct3, int funct7, int rd, int rs1, int rs2) {
        return (funct7 << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode;
    }

    public static int i(int opcode, int funct3, int rd, int rs1, int imm) {
        return ((imm & 0xfff) << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode;
    }

    public static int s(int opcode, int funct3, int rs1, int rs2, int imm) {
        return (((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | ((imm & 0x1f) << 7) | opcode;
    }

    public static int b(int funct3, int rs1, int rs2, int offset) {
        return (((offset >> 12) & 1) << 31) | (((offset >> 5) & 0x3f) << 25) | (rs2 << 20) | (rs1 << 15)
                | (funct3 << 12) | (((offset >> 1) & 0xf) << 8) | (((offset >> 11) & 1) << 7) | 0x63;
    }

    public static int u(int opcode, int rd, int imm20) {
        return (imm20 << 12) | (rd << 7) | opcode;
    }

    public static int j(int rd, int offset) {
        return (((offset >> 20) & 1) << 31) | (((offset >> 1) & 0x3ff) << 21) | (((offset >> 11) & 1) << 20)
                | (((offset >> 12) & 0xff) << 12) | (rd << 7) | 0x6f;
    }

    public static int r4(int opcode, int fmt, int rm, int rd, int rs1, int rs2, int rs3) {
        return (rs3 << 27) | (fmt << 25) | (rs2 << 20) | (rs1 << 15) | (rm << 12) | (rd << 7) | opcode;
    }

    // ---- common instructions ----

    public Asm addi(int rd, int rs1, int imm) {
        return word(i(0x13, 0, rd, rs1, imm));
    }

    /** Loads any 64-bit constant into rd (lui/addi/slli sequence). */
    public Asm li(int rd, long value) {
        if (value >= -2048 && value < 2048) {
            return addi(rd, 0, (int) value);
        }
        if (value == (int) value) {
            int lo = (int) (value << 52 >> 52);
            int hi = (int) ((value - lo) >>> 12) & 0xfffff;
            word(u(0x37, rd, hi));
            // addiw keeps the 32-bit result sign-extended, as lui + addiw do in real code
            return lo == 0 ? this : word(i(0x1b, 0, rd, rd, lo));
        }
        int lo = (int) (value << 52 >> 52);
        long rest = (value - lo) >> 12;
        int shift = 12;
        while ((rest & 1) == 0) {
            rest >>= 1;
            shift++;
        }
        li(rd, rest);
        word(i(0x13, 1, rd, rd, shift)); // slli
        return lo == 0 ? this : addi(rd, rd, lo);
    }

    public Asm op(int funct3, int funct7, int rd, int rs1, int rs2) {
        return word(r(0x33, funct3, funct7, rd, rs1, rs2));
    }

    public Asm op32(int funct3, int funct7, int rd, int rs1, int rs2) {
        return word(r(0x3b, funct3, funct7, rd, rs1, rs2));
    }

    public Asm load(int funct3, int rd, int rs1, int imm) {
        return word(i(0x03, funct3, rd, rs1, imm));
    }

    public Asm store(int funct3, int rs1, int rs2, int imm) {
        return word(s(0x23, funct3, rs1, rs2, imm));
    }

    public Asm branch(int funct3, int rs1, int rs2, int offset) {
        return word(b(funct3, rs1, rs2, offset));
    }

    public Asm jal(int rd, int offset) {
        return word(j(rd, offset));
    }

    public Asm jalr(int rd, int rs1, int imm) {
        return word(i(0x67, 0, rd, rs1, imm));
    }

    public Asm ecall() {
        return word(0x73);
    }

    public Asm ebreak() {
        return word(0x00100073);
    }

    /** A floating-point R-type op (OP-FP). */
    public Asm fp(int funct7, int rm, int rd, int rs1, int rs2) {
        return word(r(0x53, rm, funct7, rd, rs1, rs2));
    }

    public Asm fld(int rd, int rs1, int imm) {
        return word(i(0x07, 3, rd, rs1, imm));
    }

    public Asm flw(int rd, int rs1, int imm) {
        return word(i(0x07, 2, rd, rs1, imm));
    }

    public Asm fsd(int rs1, int rs2, int imm) {
        return word(s(0x27, 3, rs1, rs2, imm));
    }

    public Asm fsw(int rs1, int rs2, int imm) {
        return word(s(0x27, 2, rs1, rs2, imm));
    }

    public Asm csr(int funct3, int rd, int csr, int rs1) {
        return word((csr << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | 0x73);
    }

    public Asm amo(int funct5, int width3, boolean aq, boolean rl, int rd, int rs1, int rs2) {
        return word((funct5 << 27) | ((aq ? 1 : 0) << 26) | ((rl ? 1 : 0) << 25) | (rs2 << 20) | (rs1 << 15)
                | (width3 << 12) | (rd << 7) | 0x2f);
    }
}
