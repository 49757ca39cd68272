package org.hsaj.cpu.exec;

import org.hsaj.cpu.GuestFault;
import org.hsaj.cpu.decode.Opcode;

/**
 * The CSRs user-mode Linux programs can reach: fflags, frm, fcsr (read-write) and the counters cycle,
 * time, instret (read-only). Any other CSR, or a write to a read-only one, is an illegal instruction.
 * The counters come from the host's monotonic clock: cycle and instret count nanoseconds, time ticks at
 * {@link #TIMEBASE_HZ} like a 10 MHz platform timer.
 */
public final class ControlRegisters {
    public static final int FFLAGS = 0x001;
    public static final int FRM = 0x002;
    public static final int FCSR = 0x003;
    public static final int CYCLE = 0xc00;
    public static final int TIME = 0xc01;
    public static final int INSTRET = 0xc02;
    public static final long TIMEBASE_HZ = 10_000_000;

    private ControlRegisters() {
    }

    /**
     * One csrrw/csrrs/csrrc: reads the CSR, writes {@code newValue} when {@code write} is set, returns
     * the old value. {@code bits} is the instruction encoding for the fault message.
     */
    public static long access(Hart h, int csr, boolean write, long newValue, int bits, long pc) {
        long old = switch (csr) {
            case FFLAGS -> h.fflags;
            case FRM -> h.frm;
            case FCSR -> h.fcsr();
            case CYCLE, INSTRET -> System.nanoTime();
            case TIME -> System.nanoTime() / (1_000_000_000 / TIMEBASE_HZ);
            default -> throw GuestFault.illegalInstruction(
                    String.format("0x%08x (CSR 0x%03x is not accessible in user mode)", bits, csr), pc);
        };
        if (write) {
            switch (csr) {
                case FFLAGS -> h.fflags = (int) newValue & 0x1f;
                case FRM -> h.frm = (int) newValue & 7;
                case FCSR -> h.setFcsr((int) newValue & 0xff);
                default -> throw GuestFault.illegalInstruction(
                        String.format("0x%08x (CSR 0x%03x is read-only)", bits, csr), pc);
            }
        }
        return old;
    }

    /**
     * One Zicsr instruction: reads the CSR, then writes it unless a set/clear form has x0 / a zero
     * immediate as source. Returns the old value (for rd).
     *
     * @param opcode   the CSR instruction
     * @param source   the rs1 register's value, or the 5-bit immediate
     * @param rs1Field the rs1 field of the encoding
     */
    public static long instruction(Hart h, Opcode opcode, int csr, long source, int rs1Field, int bits, long pc) {
        boolean write = opcode == Opcode.CSRRW || opcode == Opcode.CSRRWI || rs1Field != 0;
        long old = access(h, csr, false, 0, bits, pc);
        if (write) {
            long value = switch (opcode) {
                case CSRRS, CSRRSI -> old | source;
                case CSRRC, CSRRCI -> old & ~source;
                default -> source;
            };
            access(h, csr, true, value, bits, pc);
        }
        return old;
    }

    /** The rounding mode an instruction's rm field selects (7 = frm); reserved modes are illegal. */
    public static int roundingMode(Hart h, int rmField, int bits, long pc) {
        int rm = rmField == 7 ? h.frm : rmField;
        if (rm > 4) {
            throw illegalRoundingMode(rmField, rm, bits, pc);
        }
        return rm;
    }

    /** Out of line: translated code inlines {@link #roundingMode} at every floating-point operation. */
    private static GuestFault illegalRoundingMode(int rmField, int rm, int bits, long pc) {
        return GuestFault.illegalInstruction(String.format("0x%08x (rounding mode %d%s)", bits, rm,
                rmField == 7 ? " in frm" : " is reserved"), pc);
    }
}
