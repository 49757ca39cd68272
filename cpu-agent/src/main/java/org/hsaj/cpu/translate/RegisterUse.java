package org.hsaj.cpu.translate;

import org.hsaj.cpu.decode.Format;
import org.hsaj.cpu.decode.Instruction;
import org.hsaj.cpu.decode.Opcode;

/**
 * The guest registers one instruction reads and writes, as bit masks (bit r for register r; x0 never
 * appears), for the translator's choice of which registers a region keeps in locals and of which
 * accesses share a base register value. Writes are exact; reads may name a register the instruction
 * ignores (the immediate forms of CSR instructions), which only loads a value the region need not
 * have. A system call is listed as writing a0 and reading nothing: the translated code writes every
 * register back before it, so the call reads them from the hart.
 */
final class RegisterUse {
    private static final long NOT_X0 = ~1L;

    private RegisterUse() {
    }

    static long xReads(Instruction in) {
        Opcode op = in.opcode();
        long r = switch (op.format()) {
            case R -> op.readsFloatRs1() ? 0 : bit(in.rs1()) | bit(in.rs2());
            case R1_RM, R1 -> op.readsFloatRs1() ? 0 : bit(in.rs1());
            case I, SHIFT64, SHIFT32, LR, CSR -> bit(in.rs1());
            case S -> bit(in.rs1()) | (op.readsFloatRs2() ? 0 : bit(in.rs2()));
            case B, AMO -> bit(in.rs1()) | bit(in.rs2());
            default -> 0;
        };
        return r & NOT_X0;
    }

    static long xWrites(Instruction in) {
        Opcode op = in.opcode();
        if (op == Opcode.ECALL) {
            return bit(10); // the result, in a0
        }
        Format f = op.format();
        boolean intRd = f != Format.S && f != Format.B && f != Format.FENCE && f != Format.NONE && !op.writesFloat();
        return intRd ? bit(in.rd()) & NOT_X0 : 0;
    }

    static long fReads(Instruction in) {
        Opcode op = in.opcode();
        return (op.readsFloatRs1() ? bit(in.rs1()) : 0) | (op.readsFloatRs2() ? bit(in.rs2()) : 0)
                | (op.format() == Format.R4 ? bit(in.rs3()) : 0);
    }

    static long fWrites(Instruction in) {
        return in.opcode().writesFloat() ? bit(in.rd()) : 0;
    }

    private static long bit(int register) {
        return 1L << register;
    }
}
