package org.hsaj.hsail.codegen.jvm;

import java.util.Map;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Rounding;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * cvt (PRM 5.19, table 5-27): integer widening and narrowing with JVM casts, b1 tests and
 * expansions inline, everything that rounds through {@link Conversions}. A destination narrower than
 * 32 bits is zero- or sign-extended to fill its $s register, as the PRM requires.
 */
final class ConvertTranslator implements Opcodes {
    private ConvertTranslator() {
    }

    static void register(Map<Opcode, Translators.OpcodeTranslator> t) {
        t.put(Opcode.CVT, ConvertTranslator::translate);
    }

    private static void translate(Instruction insn, CodeEmitter e) {
        DataType dest = insn.type();
        DataType src = insn.sourceType();
        MethodVisitor mv = e.mv;
        if (src == DataType.U32 && dest.bits() == 64 && !dest.isFloat() && e.pushWideId(insn.operand(1))) {
            e.storeDestination(insn);
            return;
        }
        int ctl = FloatTranslator.control(insn, e);
        e.loadSource(insn, 1);
        if (src == DataType.B1) {
            if (dest.isFloat() || dest == DataType.S32 || dest == DataType.S64) {
                CompareTranslator.toDestination(e, dest);
            } else if (dest.bits() == 64) {
                mv.visitInsn(I2L);
            }
        } else if (dest == DataType.B1) {
            if (src.isFloat()) {
                floatValue(e, src, ctl);
                e.call(Conversions.class, "floatIsNonZero");
            } else {
                toLong(e, src);
                e.push(0L);
                mv.visitInsn(LCMP);
                mv.visitInsn(ICONST_1);
                mv.visitInsn(IAND);
            }
        } else if (!src.isFloat() && !dest.isFloat()) {
            toLong(e, src);
            fromLong(e, dest);
        } else if (!src.isFloat()) {
            toLong(e, src);
            e.push(src.bits() == 64 && !src.isSigned() ? 1 : 0);
            e.push(e.gen.floatMode(insn.modifiers().rounding()));
            e.call(Conversions.class, "intToF" + dest.bits());
        } else if (!dest.isFloat()) {
            floatValue(e, src, ctl);
            e.push(integerDirection(insn.modifiers().rounding()));
            e.push(dest.bits());
            e.push(dest.isSigned() ? 1 : 0);
            e.call(Conversions.class, "floatToInt");
            if (dest.bits() < 64) {
                mv.visitInsn(L2I);
            }
        } else {
            e.push(ctl);
            e.call(Conversions.class, "f" + src.bits() + "ToF" + dest.bits());
        }
        e.storeDestination(insn);
    }

    private static int integerDirection(Rounding r) {
        if (r == Rounding.DEFAULT) {
            return Conversions.ZEROI;
        }
        return switch (r.direction()) {
            case UP -> Conversions.UPI;
            case DOWN -> Conversions.DOWNI;
            case NEAR -> Conversions.NEARI;
            default -> Conversions.ZEROI;
        };
    }

    /** Replaces float register bits of type {@code t} with their value as a double (flushed under ftz). */
    private static void floatValue(CodeEmitter e, DataType t, int ctl) {
        e.push(ctl);
        e.call(Conversions.class, "f" + t.bits() + "Value");
    }

    /** Replaces an integer register value of type {@code t} with its value as a long. */
    static void toLong(CodeEmitter e, DataType t) {
        MethodVisitor mv = e.mv;
        if (t.bits() == 64) {
            return;
        }
        if (t.isSigned() && t.bits() < 32) {
            mv.visitInsn(t.bits() == 8 ? I2B : I2S);
        }
        if (!t.isSigned() && t.bits() < 32) {
            e.push((1 << t.bits()) - 1);
            mv.visitInsn(IAND);
        }
        mv.visitInsn(I2L);
        if (!t.isSigned()) {
            e.push(0xffffffffL);
            mv.visitInsn(LAND);
        }
    }

    /** Replaces a long with the register value of integer type {@code t}: chopped, then extended. */
    static void fromLong(CodeEmitter e, DataType t) {
        MethodVisitor mv = e.mv;
        if (t.bits() == 64) {
            return;
        }
        mv.visitInsn(L2I);
        switch (t.bits()) {
            case 8 -> {
                if (t.isSigned()) {
                    mv.visitInsn(I2B);
                } else {
                    e.push(0xff);
                    mv.visitInsn(IAND);
                }
            }
            case 16 -> {
                if (t.isSigned()) {
                    mv.visitInsn(I2S);
                } else {
                    e.push(0xffff);
                    mv.visitInsn(IAND);
                }
            }
            default -> {
            }
        }
    }
}
