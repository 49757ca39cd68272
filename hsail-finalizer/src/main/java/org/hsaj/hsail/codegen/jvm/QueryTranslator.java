package org.hsaj.hsail.codegen.jvm;

import java.util.Map;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Work-item, work-group and dispatch queries (PRM 11.1, 11.4): values of the loop variables and of the
 * work-group state. Wavefronts are 64 lanes of consecutive current flattened ids (PRM 2.6): lane =
 * current flat id mod 64, wave = current flat id / 64. The compute unit id is not part of the back-end
 * contract, so cuid and maxcuid report 0.
 */
final class QueryTranslator implements Opcodes {
    static final int WAVE_SIZE = 64;
    private static final String DISPATCH = Type.getInternalName(DispatchContext.class);

    private QueryTranslator() {
    }

    static void register(Map<Opcode, Translators.OpcodeTranslator> t) {
        for (Opcode op : new Opcode[] {Opcode.WORKITEMID, Opcode.WORKITEMABSID, Opcode.WORKGROUPID,
                Opcode.WORKGROUPSIZE, Opcode.CURRENTWORKGROUPSIZE, Opcode.GRIDSIZE, Opcode.GRIDGROUPS,
                Opcode.WORKITEMFLATID, Opcode.CURRENTWORKITEMFLATID, Opcode.WORKITEMFLATABSID, Opcode.DIM,
                Opcode.PACKETID, Opcode.PACKETCOMPLETIONSIG, Opcode.LANEID, Opcode.WAVEID, Opcode.MAXWAVEID,
                Opcode.CUID, Opcode.MAXCUID, Opcode.CLOCK, Opcode.KERNARGBASEPTR, Opcode.GROUPBASEPTR,
                Opcode.DEBUGTRAP}) {
            t.put(op, QueryTranslator::translate);
        }
    }

    private static void translate(Instruction insn, CodeEmitter e) {
        MethodVisitor mv = e.mv;
        Opcode op = insn.opcode();
        boolean wide = insn.type().bits() == 64;
        switch (op) {
            case WORKITEMID -> local(e, dimension(insn));
            case WORKITEMABSID -> {
                absoluteId(e, dimension(insn));
                narrow(e, wide);
            }
            case WORKGROUPID -> {
                mv.visitVarInsn(LLOAD, groupSlot(e, dimension(insn)));
                narrow(e, wide);
            }
            case WORKGROUPSIZE -> mv.visitVarInsn(ILOAD, wgSlot(e, dimension(insn)));
            case CURRENTWORKGROUPSIZE -> e.stateField("size" + axis(dimension(insn)), "I");
            case GRIDSIZE -> {
                e.stateField("grid" + axis(dimension(insn)), "J");
                narrow(e, wide);
            }
            case GRIDGROUPS -> {
                String a = axis(dimension(insn));
                e.stateField("grid" + a, "J");
                mv.visitVarInsn(ILOAD, wgSlot(e, dimension(insn)));
                mv.visitInsn(I2L);
                mv.visitInsn(LADD);
                e.push(1L);
                mv.visitInsn(LSUB);
                mv.visitVarInsn(ILOAD, wgSlot(e, dimension(insn)));
                mv.visitInsn(I2L);
                mv.visitInsn(LDIV);
                narrow(e, wide);
            }
            case WORKITEMFLATID -> mv.visitVarInsn(ILOAD, e.sW);
            case CURRENTWORKITEMFLATID -> currentFlatId(e);
            case LANEID -> {
                currentFlatId(e);
                e.push(WAVE_SIZE - 1);
                mv.visitInsn(IAND);
            }
            case WAVEID -> {
                currentFlatId(e);
                e.push(Integer.numberOfTrailingZeros(WAVE_SIZE));
                mv.visitInsn(IUSHR);
            }
            case MAXWAVEID -> {
                mv.visitVarInsn(ILOAD, e.sWgX);
                mv.visitVarInsn(ILOAD, e.sWgY);
                mv.visitInsn(IMUL);
                mv.visitVarInsn(ILOAD, e.sWgZ);
                mv.visitInsn(IMUL);
                e.push(1);
                mv.visitInsn(ISUB);
                e.push(Integer.numberOfTrailingZeros(WAVE_SIZE));
                mv.visitInsn(IUSHR);
            }
            case WORKITEMFLATABSID -> {
                // abs0 + abs1 * grid0 + abs2 * grid0 * grid1
                absoluteId(e, 2);
                e.stateField("gridY", "J");
                mv.visitInsn(LMUL);
                absoluteId(e, 1);
                mv.visitInsn(LADD);
                e.stateField("gridX", "J");
                mv.visitInsn(LMUL);
                absoluteId(e, 0);
                mv.visitInsn(LADD);
                narrow(e, wide);
            }
            case DIM -> e.stateField("dimensions", "I");
            case PACKETID, PACKETCOMPLETIONSIG -> {
                e.stateField("dispatch", "L" + DISPATCH + ";");
                mv.visitMethodInsn(INVOKEVIRTUAL, DISPATCH, op == Opcode.PACKETID ? "packetId" : "completionSignal",
                        "()J", false);
            }
            case CUID, MAXCUID -> e.push(0);
            case CLOCK -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
            case KERNARGBASEPTR -> {
                mv.visitVarInsn(LLOAD, e.sKernarg);
                narrow(e, wide);
            }
            // The group segment address of the work-group's group memory: always 0 (a segment address).
            case GROUPBASEPTR -> e.push(0);
            case DEBUGTRAP -> {
                e.trap(insn, "debugtrap");
                return;
            }
            default -> throw Unsupported.instruction(insn, "not a query");
        }
        e.storeDestination(insn);
    }

    private static int dimension(Instruction insn) {
        if (!(insn.operand(1) instanceof Operand.Immediate imm) || imm.bits() > 2) {
            throw Unsupported.instruction(insn, "the dimension must be the constant 0, 1 or 2");
        }
        return (int) imm.bits();
    }

    private static String axis(int d) {
        return switch (d) {
            case 0 -> "X";
            case 1 -> "Y";
            default -> "Z";
        };
    }

    private static int groupSlot(CodeEmitter e, int d) {
        return d == 0 ? e.sGroupX : d == 1 ? e.sGroupY : e.sGroupZ;
    }

    private static int wgSlot(CodeEmitter e, int d) {
        return d == 0 ? e.sWgX : d == 1 ? e.sWgY : e.sWgZ;
    }

    private static void local(CodeEmitter e, int d) {
        e.mv.visitVarInsn(ILOAD, d == 0 ? e.sX : d == 1 ? e.sY : e.sZ);
    }

    /** Pushes group * workgroupsize + local id along {@code d}, as a long. */
    private static void absoluteId(CodeEmitter e, int d) {
        MethodVisitor mv = e.mv;
        int base = d == 0 ? e.sAbsBaseX : d == 1 ? e.sAbsBaseY : e.sAbsBaseZ;
        if (base >= 0) {
            mv.visitVarInsn(LLOAD, base);
            local(e, d);
            mv.visitInsn(I2L);
            mv.visitInsn(LADD);
            return;
        }
        mv.visitVarInsn(LLOAD, groupSlot(e, d));
        mv.visitVarInsn(ILOAD, wgSlot(e, d));
        mv.visitInsn(I2L);
        mv.visitInsn(LMUL);
        local(e, d);
        mv.visitInsn(I2L);
        mv.visitInsn(LADD);
    }

    /** x + sizeX * (y + sizeY * z): the dense flat id that wavefronts and lanes follow. */
    static void currentFlatId(CodeEmitter e) {
        MethodVisitor mv = e.mv;
        mv.visitVarInsn(ILOAD, e.sX);
        e.stateField("sizeX", "I");
        mv.visitVarInsn(ILOAD, e.sY);
        e.stateField("sizeY", "I");
        mv.visitVarInsn(ILOAD, e.sZ);
        mv.visitInsn(IMUL);
        mv.visitInsn(IADD);
        mv.visitInsn(IMUL);
        mv.visitInsn(IADD);
    }

    private static void narrow(CodeEmitter e, boolean wide) {
        if (!wide) {
            e.mv.visitInsn(L2I);
        }
    }
}
