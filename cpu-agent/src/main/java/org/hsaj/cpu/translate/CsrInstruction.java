package org.hsaj.cpu.translate;

import org.hsaj.cpu.decode.Opcode;
import org.hsaj.cpu.exec.ControlRegisters;
import org.hsaj.cpu.exec.Hart;

/** Entry of translated code into {@link ControlRegisters#instruction} (the opcode passed as its ordinal). */
public final class CsrInstruction {
    private static final Opcode[] OPCODES = Opcode.values();

    private CsrInstruction() {
    }

    public static long execute(Hart h, int csr, int opcode, long source, int rs1Field, int bits, long pc) {
        return ControlRegisters.instruction(h, OPCODES[opcode], csr, source, rs1Field, bits, pc);
    }
}
