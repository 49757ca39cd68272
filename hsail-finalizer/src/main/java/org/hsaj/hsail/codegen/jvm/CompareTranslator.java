package org.hsaj.hsail.codegen.jvm;

import java.util.Map;
import org.hsaj.hsail.ir.CompareOperation;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Scalar cmp (PRM 5.18): the comparison gives 0 or 1, which becomes the destination's true/false value
 * (1/0 for b1, all ones for integers, 1.0 for floats). Signalling forms compare like the quiet ones:
 * exceptions are not modelled.
 */
final class CompareTranslator implements Opcodes {
    private CompareTranslator() {
    }

    static void register(Map<Opcode, Translators.OpcodeTranslator> t) {
        t.put(Opcode.CMP, CompareTranslator::translate);
    }

    private static void translate(Instruction insn, CodeEmitter e) {
        DataType src = insn == e.signedCompare ? DataType.S32 : insn.sourceType();
        CompareOperation op = insn.modifiers().compare().quiet();
        e.loadSource(insn, 1);
        e.loadSource(insn, 2);
        if (src.isFloat()) {
            e.push(op.ordinal());
            e.push(FloatTranslator.control(insn, e) & FloatOps.FTZ);
            e.call(FloatOps.class, "cmp" + src.bits());
        } else {
            compareIntegers(e, op, src);
        }
        toDestination(e, insn.type());
        e.storeDestination(insn);
    }

    /** Replaces two integers on the stack with 1 when {@code op} holds between them, else 0. */
    static void compareIntegers(CodeEmitter e, CompareOperation op, DataType t) {
        MethodVisitor mv = e.mv;
        boolean wide = t.bits() == 64;
        if (wide && t.isSigned()) {
            mv.visitInsn(LCMP);
        } else {
            mv.visitMethodInsn(INVOKESTATIC, wide ? "java/lang/Long" : "java/lang/Integer",
                    t.isSigned() ? "compare" : "compareUnsigned", wide ? "(JJ)I" : "(II)I", false);
        }
        Label yes = new Label();
        Label done = new Label();
        mv.visitJumpInsn(switch (op) {
            case EQ -> IFEQ;
            case NE -> IFNE;
            case LT -> IFLT;
            case LE -> IFLE;
            case GT -> IFGT;
            case GE -> IFGE;
            default -> throw new IllegalArgumentException("integer cmp with " + op);
        }, yes);
        mv.visitInsn(ICONST_0);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(yes);
        mv.visitInsn(ICONST_1);
        mv.visitLabel(done);
    }

    /** Turns 0/1 on the stack into the false/true value of the destination type. */
    static void toDestination(CodeEmitter e, DataType dest) {
        MethodVisitor mv = e.mv;
        switch (dest) {
            case B1 -> {
            }
            case F16 -> {
                mv.visitInsn(INEG);
                e.push(0x3c00);
                mv.visitInsn(IAND);
            }
            case F32 -> {
                mv.visitInsn(INEG);
                e.push(0x3f800000);
                mv.visitInsn(IAND);
            }
            case F64 -> {
                mv.visitInsn(I2L);
                mv.visitInsn(LNEG);
                e.push(0x3ff0000000000000L);
                mv.visitInsn(LAND);
            }
            default -> {
                if (dest.bits() == 64) {
                    mv.visitInsn(I2L);
                    mv.visitInsn(LNEG);
                } else {
                    mv.visitInsn(INEG);
                    if (dest.bits() < 32) {
                        e.push((1 << dest.bits()) - 1);
                        mv.visitInsn(IAND);
                    }
                }
            }
        }
    }
}
