package org.hsaj.hsail.codegen.jvm;

import java.util.EnumSet;
import java.util.Set;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.OperandRules;
import org.hsaj.hsail.ir.Packing;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Instructions on packed types (PRM 4.14, 5.9 and the packed forms of 5.2, 5.5, 5.10, 5.11, 5.13,
 * 5.18): each packed operand is split into 64-bit chunks (one for 32- and 64-bit types, two for 128-bit
 * ones) and every chunk goes through one {@link PackedOps} call.
 */
final class PackedTranslator implements Opcodes {
    private static final Set<Opcode> PACKED = EnumSet.of(Opcode.ABS, Opcode.ADD, Opcode.SUB, Opcode.MUL, Opcode.MULHI,
            Opcode.MIN, Opcode.MAX, Opcode.NEG, Opcode.SHL, Opcode.SHR, Opcode.CMOV, Opcode.CMP, Opcode.DIV,
            Opcode.COPYSIGN, Opcode.SQRT, Opcode.CEIL, Opcode.FLOOR, Opcode.RINT, Opcode.TRUNC, Opcode.FRACT,
            Opcode.SHUFFLE, Opcode.UNPACKLO, Opcode.UNPACKHI, Opcode.PACK, Opcode.UNPACK);

    private PackedTranslator() {
    }

    static boolean handles(Opcode op) {
        return PACKED.contains(op);
    }

    static void register(java.util.Map<Opcode, Translators.OpcodeTranslator> t) {
        for (Opcode op : new Opcode[] {Opcode.SHUFFLE, Opcode.UNPACKLO, Opcode.UNPACKHI, Opcode.PACK, Opcode.UNPACK}) {
            t.put(op, PackedTranslator::translate);
        }
    }

    /** The element descriptor {@link PackedOps} takes. */
    static int element(DataType packed) {
        DataType e = packed.elementType();
        return e.bits() | (e.isSigned() ? PackedOps.SIGNED : 0) | (e.isFloat() ? PackedOps.FLOAT : 0);
    }

    static void translate(Instruction insn, CodeEmitter e) {
        DataType t = insn.type();
        switch (insn.opcode()) {
            case SHUFFLE, UNPACKLO, UNPACKHI -> structural(insn, e);
            case PACK -> pack(insn, e);
            case UNPACK -> unpack(insn, e);
            case CMP -> compare(insn, e);
            case CMOV -> cmov(insn, e);
            case SHL, SHR -> shift(insn, e);
            case ABS, NEG, SQRT, CEIL, FLOOR, RINT, TRUNC, FRACT -> elementWise(insn, e, t, false);
            default -> elementWise(insn, e, t, true);
        }
    }

    /** Loads operand {@code index} (a packed type) into long locals, one per 64-bit chunk. */
    private static int[] chunks(Instruction insn, int index, CodeEmitter e) {
        DataType t = OperandRules.operandType(insn, index);
        return chunksOf(e, () -> e.loadSource(insn, index), t.bits());
    }

    private static int[] chunksOf(CodeEmitter e, Runnable load, int bits) {
        MethodVisitor mv = e.mv;
        load.run();
        if (bits == 128) {
            int hi = e.temp(2);
            mv.visitVarInsn(LSTORE, hi);
            int lo = e.temp(2);
            mv.visitVarInsn(LSTORE, lo);
            return new int[] {lo, hi};
        }
        if (bits <= 32) {
            mv.visitInsn(I2L);
            e.push(0xffffffffL);
            mv.visitInsn(LAND);
        }
        int c = e.temp(2);
        mv.visitVarInsn(LSTORE, c);
        return new int[] {c};
    }

    /** The current value of the destination register (for s/ss controls), as chunks. */
    private static int[] destinationChunks(Instruction insn, CodeEmitter e) {
        return chunksOf(e, () -> e.loadSource(insn, 0), insn.type().bits());
    }

    /** Stores one long per chunk, already pushed in order, into the destination of type {@code t}. */
    private static void storeChunks(Instruction insn, CodeEmitter e, int bits) {
        if (bits <= 32) {
            e.mv.visitInsn(L2I);
        }
        e.storeDestination(insn);
    }

    private static int perChunk(DataType t) {
        return t.bits() == 128 ? t.elementCount() / 2 : t.elementCount();
    }

    private static void elementWise(Instruction insn, CodeEmitter e, DataType t, boolean binary) {
        MethodVisitor mv = e.mv;
        Packing p = insn.modifiers().packing();
        int control = (p.isScalarSource(0) ? PackedOps.BROADCAST_A : 0)
                | (binary && p.isScalarSource(1) ? PackedOps.BROADCAST_B : 0)
                | (p.writesLowestElementOnly() ? PackedOps.LOWEST_ONLY : 0)
                | (p.isSaturating() ? PackedOps.SATURATE : 0);
        if (!binary) {
            control &= ~PackedOps.BROADCAST_A;
        }
        int ctl = FloatTranslator.control(insn, e);
        int op = operation(insn);
        int[] a = chunks(insn, 1, e);
        int[] b = binary ? chunks(insn, 2, e) : null;
        int[] d = p.writesLowestElementOnly() ? destinationChunks(insn, e) : null;
        for (int c = 0; c < a.length; c++) {
            if (c == 1 && p.writesLowestElementOnly()) {
                mv.visitVarInsn(LLOAD, d[1]);
                continue;
            }
            e.push(op);
            mv.visitVarInsn(LLOAD, a[(control & PackedOps.BROADCAST_A) != 0 ? 0 : c]);
            if (binary) {
                mv.visitVarInsn(LLOAD, b[(control & PackedOps.BROADCAST_B) != 0 ? 0 : c]);
            }
            if (d != null) {
                mv.visitVarInsn(LLOAD, d[c]);
            } else {
                e.push(0L);
            }
            e.push(element(t));
            e.push(perChunk(t));
            e.push(control);
            e.push(ctl);
            e.call(PackedOps.class, binary ? "binary" : "unary");
        }
        storeChunks(insn, e, t.bits());
    }

    private static int operation(Instruction insn) {
        return switch (insn.opcode()) {
            case ADD -> PackedOps.ADD;
            case SUB -> PackedOps.SUB;
            case MUL -> PackedOps.MUL;
            case MULHI -> PackedOps.MULHI;
            case MIN -> PackedOps.MIN;
            case MAX -> PackedOps.MAX;
            case DIV -> PackedOps.DIV;
            case COPYSIGN -> PackedOps.COPYSIGN;
            case ABS -> PackedOps.ABS;
            case NEG -> PackedOps.NEG;
            case SQRT -> PackedOps.SQRT;
            case CEIL -> PackedOps.CEIL;
            case FLOOR -> PackedOps.FLOOR;
            case RINT -> PackedOps.RINT;
            case TRUNC -> PackedOps.TRUNC;
            case FRACT -> PackedOps.FRACT;
            default -> throw Unsupported.instruction(insn, "no packed form");
        };
    }

    private static void shift(Instruction insn, CodeEmitter e) {
        DataType t = insn.type();
        MethodVisitor mv = e.mv;
        int[] a = chunks(insn, 1, e);
        int amount = e.temp(1);
        e.loadSource(insn, 2);
        mv.visitVarInsn(ISTORE, amount);
        for (int c : a) {
            e.push(insn.opcode() == Opcode.SHL ? 1 : 0);
            mv.visitVarInsn(LLOAD, c);
            mv.visitVarInsn(ILOAD, amount);
            e.push(element(t));
            e.push(perChunk(t));
            e.call(PackedOps.class, "shift");
        }
        storeChunks(insn, e, t.bits());
    }

    private static void compare(Instruction insn, CodeEmitter e) {
        DataType src = insn.sourceType();
        MethodVisitor mv = e.mv;
        int[] a = chunks(insn, 1, e);
        int[] b = chunks(insn, 2, e);
        for (int c = 0; c < a.length; c++) {
            mv.visitVarInsn(LLOAD, a[c]);
            mv.visitVarInsn(LLOAD, b[c]);
            e.push(element(src));
            e.push(perChunk(src));
            e.push(insn.modifiers().compare().quiet().ordinal());
            e.push(FloatTranslator.control(insn, e) & FloatOps.FTZ);
            e.call(PackedOps.class, "compare");
        }
        storeChunks(insn, e, insn.type().bits());
    }

    private static void cmov(Instruction insn, CodeEmitter e) {
        DataType t = insn.type();
        MethodVisitor mv = e.mv;
        int[] cond = chunks(insn, 1, e);
        int[] a = chunks(insn, 2, e);
        int[] b = chunks(insn, 3, e);
        for (int c = 0; c < a.length; c++) {
            mv.visitVarInsn(LLOAD, cond[c]);
            mv.visitVarInsn(LLOAD, a[c]);
            mv.visitVarInsn(LLOAD, b[c]);
            e.push(t.elementType().bits());
            e.push(perChunk(t));
            e.call(PackedOps.class, "cmov");
        }
        storeChunks(insn, e, t.bits());
    }

    private static void structural(Instruction insn, CodeEmitter e) {
        DataType t = insn.type();
        MethodVisitor mv = e.mv;
        int[] a = chunks(insn, 1, e);
        int[] b = chunks(insn, 2, e);
        mv.visitVarInsn(LLOAD, a[0]);
        mv.visitVarInsn(LLOAD, b[0]);
        if (insn.opcode() == Opcode.SHUFFLE) {
            e.loadSource(insn, 3);
            e.push(t.elementType().bits());
            e.push(t.elementCount());
            e.call(PackedOps.class, "shuffle");
        } else {
            e.push(insn.opcode() == Opcode.UNPACKHI ? 1 : 0);
            e.push(t.elementType().bits());
            e.push(t.elementCount());
            e.call(PackedOps.class, "interleave");
        }
        storeChunks(insn, e, t.bits());
    }

    private static void pack(Instruction insn, CodeEmitter e) {
        DataType t = insn.type();
        MethodVisitor mv = e.mv;
        int[] a = chunks(insn, 1, e);
        int value = e.temp(2);
        e.loadSource(insn, 2);
        if (insn.sourceType().bits() <= 32) {
            mv.visitInsn(I2L);
        }
        mv.visitVarInsn(LSTORE, value);
        int index = e.temp(1);
        e.loadSource(insn, 3);
        mv.visitVarInsn(ISTORE, index);
        for (int c = 0; c < a.length; c++) {
            mv.visitVarInsn(LLOAD, a[c]);
            mv.visitVarInsn(LLOAD, value);
            mv.visitVarInsn(ILOAD, index);
            e.push(t.elementType().bits());
            e.push(t.elementCount());
            e.push(c);
            e.call(PackedOps.class, "pack");
        }
        storeChunks(insn, e, t.bits());
    }

    private static void unpack(Instruction insn, CodeEmitter e) {
        DataType src = insn.sourceType();
        MethodVisitor mv = e.mv;
        int[] a = chunks(insn, 1, e);
        mv.visitVarInsn(LLOAD, a[0]);
        mv.visitVarInsn(LLOAD, a[a.length - 1]);
        e.loadSource(insn, 2);
        e.push(element(src));
        e.push(src.elementCount());
        e.call(PackedOps.class, "unpack");
        if (insn.type().bits() <= 32) {
            mv.visitInsn(L2I);
        }
        e.storeDestination(insn);
    }
}
