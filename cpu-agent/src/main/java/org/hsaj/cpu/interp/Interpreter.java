package org.hsaj.cpu.interp;

import static org.hsaj.cpu.exec.FloatingPoint.*;

import org.hsaj.cpu.GuestFault;
import org.hsaj.cpu.decode.Instruction;
import org.hsaj.cpu.exec.Atomics;
import org.hsaj.cpu.exec.ControlRegisters;
import org.hsaj.cpu.exec.DecodedBlock;
import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.cpu.exec.IntegerOps;
import org.hsaj.runtime.memory.AtomicOp;
import org.hsaj.runtime.memory.MemoryAccessException;

/**
 * The reference interpreter: executes decoded instructions one at a time on a {@link Hart}, with the
 * semantics of the RISC-V unprivileged ISA. It is the oracle the translator is tested against, and the
 * tier that runs cold code.
 *
 * <p>Threading: stateless; each call works on the hart it is given, on that hart's thread.
 */
public final class Interpreter {
    private Interpreter() {
    }

    /** Runs a whole block; returns the pc of the next instruction to execute. */
    public static long run(Hart h, DecodedBlock block) {
        return run(h, block, false);
    }

    /**
     * Runs a whole block; returns the pc of the next instruction to execute. With {@code recordAccesses},
     * records the address of each plain load and store in the block's profile (see
     * {@link DecodedBlock#accessAddress}); the dispatcher asks for that now and then, not every time,
     * as recording every run slowed the interpreter down measurably.
     */
    public static long run(Hart h, DecodedBlock block, boolean recordAccesses) {
        long pc = block.pc;
        Instruction[] code = block.instructions;
        for (int i = 0; i < code.length; i++) {
            Instruction in = code[i];
            if (recordAccesses && in.opcode().accessSize() > 0) {
                block.recordAccess(i, h.x[in.rs1()] + in.imm());
            }
            pc = step(h, in, pc);
        }
        if (block.last().opcode() == org.hsaj.cpu.decode.Opcode.JALR) {
            block.recordIndirectTarget(pc);
        }
        return pc;
    }

    /** Executes one instruction at {@code pc}; returns the next pc. Memory faults become GuestFaults. */
    public static long step(Hart h, Instruction in, long pc) {
        try {
            return execute(h, in, pc);
        } catch (MemoryAccessException e) {
            throw GuestMemory.segmentationFault(e, pc);
        }
    }

    private static long execute(Hart h, Instruction in, long pc) {
        long[] x = h.x;
        long[] f = h.f;
        GuestMemory m = h.memory;
        int rd = in.rd();
        long a = x[in.rs1()];
        long b = x[in.rs2()];
        long imm = in.imm();
        long next = pc + in.length();
        long r;
        switch (in.opcode()) {
            case LUI -> r = imm;
            case AUIPC -> r = pc + imm;
            case JAL -> {
                write(x, rd, next);
                return pc + imm;
            }
            case JALR -> {
                long target = (a + imm) & ~1L;
                write(x, rd, next);
                return target;
            }
            case BEQ -> {
                return a == b ? pc + imm : next;
            }
            case BNE -> {
                return a != b ? pc + imm : next;
            }
            case BLT -> {
                return a < b ? pc + imm : next;
            }
            case BGE -> {
                return a >= b ? pc + imm : next;
            }
            case BLTU -> {
                return Long.compareUnsigned(a, b) < 0 ? pc + imm : next;
            }
            case BGEU -> {
                return Long.compareUnsigned(a, b) >= 0 ? pc + imm : next;
            }
            case LB -> r = m.loadByte(a + imm);
            case LH -> r = m.loadShort(a + imm);
            case LW -> r = m.loadInt(a + imm);
            case LD -> r = m.loadLong(a + imm);
            case LBU -> r = m.loadByte(a + imm) & 0xffL;
            case LHU -> r = m.loadShort(a + imm) & 0xffffL;
            case LWU -> r = m.loadInt(a + imm) & 0xffffffffL;
            case SB -> {
                m.storeByte(a + imm, (byte) b);
                return next;
            }
            case SH -> {
                m.storeShort(a + imm, (short) b);
                return next;
            }
            case SW -> {
                m.storeInt(a + imm, (int) b);
                return next;
            }
            case SD -> {
                m.storeLong(a + imm, b);
                return next;
            }
            case ADDI -> r = a + imm;
            case SLTI -> r = a < imm ? 1 : 0;
            case SLTIU -> r = Long.compareUnsigned(a, imm) < 0 ? 1 : 0;
            case XORI -> r = a ^ imm;
            case ORI -> r = a | imm;
            case ANDI -> r = a & imm;
            case SLLI -> r = a << imm;
            case SRLI -> r = a >>> imm;
            case SRAI -> r = a >> imm;
            case ADD -> r = a + b;
            case SUB -> r = a - b;
            case SLL -> r = a << b;
            case SLT -> r = a < b ? 1 : 0;
            case SLTU -> r = Long.compareUnsigned(a, b) < 0 ? 1 : 0;
            case XOR -> r = a ^ b;
            case SRL -> r = a >>> b;
            case SRA -> r = a >> b;
            case OR -> r = a | b;
            case AND -> r = a & b;
            case ADDIW -> r = (int) (a + imm);
            case SLLIW -> r = (int) a << imm;
            case SRLIW -> r = (int) a >>> imm;
            case SRAIW -> r = (int) a >> imm;
            case ADDW -> r = (int) (a + b);
            case SUBW -> r = (int) (a - b);
            case SLLW -> r = (int) a << b;
            case SRLW -> r = (int) a >>> b;
            case SRAW -> r = (int) a >> b;
            case FENCE -> {
                java.lang.invoke.VarHandle.fullFence();
                return next;
            }
            case FENCE_I -> {
                java.lang.invoke.VarHandle.fullFence();
                return next;
            }
            case ECALL -> {
                h.pc = pc;
                return h.system.ecall(h) ? h.pc : next;
            }
            case EBREAK -> throw new GuestFault(String.format("breakpoint (ebreak) at pc 0x%x", pc),
                    GuestFault.SIGTRAP_STATUS, null, new GuestFault.Trap(GuestFault.SIGTRAP_STATUS - 128, 1, pc, pc)); // TRAP_BRKPT
            case CSRRW, CSRRS, CSRRC, CSRRWI, CSRRSI, CSRRCI -> r = csr(h, in, pc);
            case MUL -> r = a * b;
            case MULH -> r = Math.multiplyHigh(a, b);
            case MULHSU -> r = IntegerOps.mulhsu(a, b);
            case MULHU -> r = Math.unsignedMultiplyHigh(a, b);
            case DIV -> r = IntegerOps.div(a, b);
            case DIVU -> r = IntegerOps.divu(a, b);
            case REM -> r = IntegerOps.rem(a, b);
            case REMU -> r = IntegerOps.remu(a, b);
            case MULW -> r = (int) a * (int) b;
            case DIVW -> r = IntegerOps.divw(a, b);
            case DIVUW -> r = IntegerOps.divuw(a, b);
            case REMW -> r = IntegerOps.remw(a, b);
            case REMUW -> r = IntegerOps.remuw(a, b);
            case LR_W -> r = Atomics.loadReserved(h, a, 4, in.aq(), in.rl(), pc);
            case LR_D -> r = Atomics.loadReserved(h, a, 8, in.aq(), in.rl(), pc);
            case SC_W -> r = Atomics.storeConditional(h, a, b, 4, in.aq(), in.rl(), pc);
            case SC_D -> r = Atomics.storeConditional(h, a, b, 8, in.aq(), in.rl(), pc);
            case AMOSWAP_W -> r = amo(h, in, AtomicOp.EXCHANGE, 4, a, b, pc);
            case AMOADD_W -> r = amo(h, in, AtomicOp.ADD, 4, a, b, pc);
            case AMOXOR_W -> r = amo(h, in, AtomicOp.XOR, 4, a, b, pc);
            case AMOAND_W -> r = amo(h, in, AtomicOp.AND, 4, a, b, pc);
            case AMOOR_W -> r = amo(h, in, AtomicOp.OR, 4, a, b, pc);
            case AMOMIN_W -> r = amo(h, in, AtomicOp.MIN, 4, a, b, pc);
            case AMOMAX_W -> r = amo(h, in, AtomicOp.MAX, 4, a, b, pc);
            case AMOMINU_W -> r = amo(h, in, AtomicOp.UMIN, 4, a, b, pc);
            case AMOMAXU_W -> r = amo(h, in, AtomicOp.UMAX, 4, a, b, pc);
            case AMOSWAP_D -> r = amo(h, in, AtomicOp.EXCHANGE, 8, a, b, pc);
            case AMOADD_D -> r = amo(h, in, AtomicOp.ADD, 8, a, b, pc);
            case AMOXOR_D -> r = amo(h, in, AtomicOp.XOR, 8, a, b, pc);
            case AMOAND_D -> r = amo(h, in, AtomicOp.AND, 8, a, b, pc);
            case AMOOR_D -> r = amo(h, in, AtomicOp.OR, 8, a, b, pc);
            case AMOMIN_D -> r = amo(h, in, AtomicOp.MIN, 8, a, b, pc);
            case AMOMAX_D -> r = amo(h, in, AtomicOp.MAX, 8, a, b, pc);
            case AMOMINU_D -> r = amo(h, in, AtomicOp.UMIN, 8, a, b, pc);
            case AMOMAXU_D -> r = amo(h, in, AtomicOp.UMAX, 8, a, b, pc);
            case ILLEGAL -> throw GuestFault.illegalInstruction(
                    String.format(in.length() == 2 ? "0x%04x" : "0x%08x", in.bits()), pc);
            default -> {
                executeFloat(h, in, pc);
                return next;
            }
        }
        write(x, rd, r);
        return next;
    }

    private static void write(long[] x, int rd, long value) {
        if (rd != 0) {
            x[rd] = value;
        }
    }

    private static long amo(Hart h, Instruction in, AtomicOp op, int size, long address, long operand, long pc) {
        return Atomics.readModifyWrite(h, op, address, operand, size, in.aq(), in.rl(), pc);
    }

    private static long csr(Hart h, Instruction in, long pc) {
        boolean immediate = switch (in.opcode()) {
            case CSRRWI, CSRRSI, CSRRCI -> true;
            default -> false;
        };
        long source = immediate ? in.rs1() : h.x[in.rs1()];
        return ControlRegisters.instruction(h, in.opcode(), (int) in.imm(), source, in.rs1(), in.bits(), pc);
    }

    private static void executeFloat(Hart h, Instruction in, long pc) {
        long[] x = h.x;
        long[] f = h.f;
        long fa = f[in.rs1()];
        long fb = f[in.rs2()];
        long fc = f[in.rs3()];
        long xa = x[in.rs1()];
        int rm = in.opcode().usesRoundingMode() ? ControlRegisters.roundingMode(h, in.rm(), in.bits(), pc) : 0;
        int rd = in.rd();
        long r;
        switch (in.opcode()) {
            case FLW -> r = box(h.memory.loadInt(xa + in.imm()));
            case FLD -> r = h.memory.loadLong(xa + in.imm());
            case FSW -> {
                h.memory.storeInt(xa + in.imm(), (int) fb);
                return;
            }
            case FSD -> {
                h.memory.storeLong(xa + in.imm(), fb);
                return;
            }
            case FMADD_S -> r = fmaS(h, fa, fb, fc, rm);
            case FMSUB_S -> r = fmsubS(h, fa, fb, fc, rm);
            case FNMSUB_S -> r = fnmsubS(h, fa, fb, fc, rm);
            case FNMADD_S -> r = fnmaddS(h, fa, fb, fc, rm);
            case FADD_S -> r = addS(h, fa, fb, rm);
            case FSUB_S -> r = subS(h, fa, fb, rm);
            case FMUL_S -> r = mulS(h, fa, fb, rm);
            case FDIV_S -> r = divS(h, fa, fb, rm);
            case FSQRT_S -> r = sqrtS(h, fa, rm);
            case FSGNJ_S -> r = sgnjS(fa, fb);
            case FSGNJN_S -> r = sgnjnS(fa, fb);
            case FSGNJX_S -> r = sgnjxS(fa, fb);
            case FMIN_S -> r = minS(h, fa, fb);
            case FMAX_S -> r = maxS(h, fa, fb);
            case FCVT_W_S -> r = singleToInteger(h, fa, W, rm);
            case FCVT_WU_S -> r = singleToInteger(h, fa, WU, rm);
            case FCVT_L_S -> r = singleToInteger(h, fa, L, rm);
            case FCVT_LU_S -> r = singleToInteger(h, fa, LU, rm);
            case FMV_X_W -> r = (int) fa;
            case FCLASS_S -> r = classifyS(fa);
            case FEQ_S -> r = compareS(h, fa, fb, 0);
            case FLT_S -> r = compareS(h, fa, fb, 1);
            case FLE_S -> r = compareS(h, fa, fb, 2);
            case FCVT_S_W -> r = integerToSingle(h, xa, W, rm);
            case FCVT_S_WU -> r = integerToSingle(h, xa, WU, rm);
            case FCVT_S_L -> r = integerToSingle(h, xa, L, rm);
            case FCVT_S_LU -> r = integerToSingle(h, xa, LU, rm);
            case FMV_W_X -> r = box((int) xa);
            case FMADD_D -> r = fmaD(h, fa, fb, fc, rm);
            case FMSUB_D -> r = fmsubD(h, fa, fb, fc, rm);
            case FNMSUB_D -> r = fnmsubD(h, fa, fb, fc, rm);
            case FNMADD_D -> r = fnmaddD(h, fa, fb, fc, rm);
            case FADD_D -> r = addD(h, fa, fb, rm);
            case FSUB_D -> r = subD(h, fa, fb, rm);
            case FMUL_D -> r = mulD(h, fa, fb, rm);
            case FDIV_D -> r = divD(h, fa, fb, rm);
            case FSQRT_D -> r = sqrtD(h, fa, rm);
            case FSGNJ_D -> r = sgnjD(fa, fb);
            case FSGNJN_D -> r = sgnjnD(fa, fb);
            case FSGNJX_D -> r = sgnjxD(fa, fb);
            case FMIN_D -> r = minD(h, fa, fb);
            case FMAX_D -> r = maxD(h, fa, fb);
            case FCVT_S_D -> r = doubleToSingle(h, fa, rm);
            case FCVT_D_S -> r = singleToDouble(h, fa);
            case FEQ_D -> r = compareD(h, fa, fb, 0);
            case FLT_D -> r = compareD(h, fa, fb, 1);
            case FLE_D -> r = compareD(h, fa, fb, 2);
            case FCLASS_D -> r = classifyD(fa);
            case FCVT_W_D -> r = doubleToInteger(h, fa, W, rm);
            case FCVT_WU_D -> r = doubleToInteger(h, fa, WU, rm);
            case FCVT_L_D -> r = doubleToInteger(h, fa, L, rm);
            case FCVT_LU_D -> r = doubleToInteger(h, fa, LU, rm);
            case FMV_X_D -> r = fa;
            case FCVT_D_W -> r = integerToDouble(h, xa, W, rm);
            case FCVT_D_WU -> r = integerToDouble(h, xa, WU, rm);
            case FCVT_D_L -> r = integerToDouble(h, xa, L, rm);
            case FCVT_D_LU -> r = integerToDouble(h, xa, LU, rm);
            case FMV_D_X -> r = xa;
            default -> throw new IllegalStateException("no semantics for " + in.opcode());
        }
        if (in.opcode().writesFloat()) {
            f[rd] = r;
        } else if (rd != 0) {
            x[rd] = r;
        }
    }
}
