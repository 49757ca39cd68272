package org.hsaj.hsail.codegen.jvm;

import java.util.Map;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Scalar floating-point instructions (PRM 5.11 to 5.14): each becomes a call of the {@link FloatOps}
 * helper for its format with the rounding and flush-to-zero control word as a constant; the bit
 * instructions (abs, neg, copysign) are inline masks, as they must not touch NaNs.
 */
final class FloatTranslator implements Opcodes {
    private FloatTranslator() {
    }

    static void register(Map<Opcode, Translators.OpcodeTranslator> t) {
        for (Opcode op : new Opcode[] {Opcode.FMA, Opcode.SQRT, Opcode.CEIL, Opcode.FLOOR, Opcode.RINT, Opcode.TRUNC,
                Opcode.FRACT, Opcode.COPYSIGN, Opcode.CLASS, Opcode.NCOS, Opcode.NEXP2, Opcode.NFMA, Opcode.NLOG2,
                Opcode.NRCP, Opcode.NRSQRT, Opcode.NSIN, Opcode.NSQRT}) {
            t.put(op, FloatTranslator::translate);
        }
    }

    /** The control word of a float instruction: its rounding mode and ftz flag. */
    static int control(Instruction insn, CodeEmitter e) {
        return e.gen.floatMode(insn.modifiers().rounding()) | (insn.modifiers().ftz() ? FloatOps.FTZ : 0);
    }

    static void translate(Instruction insn, CodeEmitter e) {
        MethodVisitor mv = e.mv;
        Opcode op = insn.opcode();
        DataType t = op == Opcode.CLASS ? insn.sourceType() : insn.type();
        int bits = t.bits();
        for (int i = 1; i < insn.operandCount(); i++) {
            e.loadSource(insn, i);
        }
        switch (op) {
            case ABS -> clearSign(e, bits);
            case NEG -> flipSign(e, bits);
            case COPYSIGN -> copySign(e, bits);
            case CLASS -> e.call(FloatOps.class, "class" + bits);
            case ADD, SUB, MUL, DIV, FMA, SQRT, MIN, MAX, CEIL, FLOOR, RINT, TRUNC, FRACT -> {
                e.push(control(insn, e));
                e.call(FloatOps.class, op.hsailName() + bits);
            }
            case MAD -> {
                e.push(control(insn, e));
                e.call(FloatOps.class, "fma" + bits);
            }
            case NCOS, NEXP2, NFMA, NLOG2, NRCP, NRSQRT, NSIN, NSQRT -> e.call(FloatOps.class, op.hsailName() + bits);
            default -> throw Unsupported.instruction(insn, "not a floating-point operation");
        }
        e.storeDestination(insn);
    }

    /** abs: clears the sign bit. */
    private static void clearSign(CodeEmitter e, int bits) {
        switch (bits) {
            case 16 -> {
                e.push(0x7fff);
                e.mv.visitInsn(IAND);
            }
            case 32 -> {
                e.push(0x7fffffff);
                e.mv.visitInsn(IAND);
            }
            default -> {
                e.push(Long.MAX_VALUE);
                e.mv.visitInsn(LAND);
            }
        }
    }

    private static void flipSign(CodeEmitter e, int bits) {
        switch (bits) {
            case 16 -> {
                e.push(0x8000);
                e.mv.visitInsn(IXOR);
            }
            case 32 -> {
                e.push(0x80000000);
                e.mv.visitInsn(IXOR);
            }
            default -> {
                e.push(Long.MIN_VALUE);
                e.mv.visitInsn(LXOR);
            }
        }
    }

    /** copysign: magnitude of the first source, sign of the second. */
    private static void copySign(CodeEmitter e, int bits) {
        MethodVisitor mv = e.mv;
        if (bits == 64) {
            e.push(Long.MIN_VALUE);
            mv.visitInsn(LAND);
            int s = e.temp(2);
            mv.visitVarInsn(LSTORE, s);
            e.push(Long.MAX_VALUE);
            mv.visitInsn(LAND);
            mv.visitVarInsn(LLOAD, s);
            mv.visitInsn(LOR);
        } else {
            int sign = bits == 16 ? 0x8000 : 0x80000000;
            e.push(sign);
            mv.visitInsn(IAND);
            mv.visitInsn(SWAP);
            e.push(~sign & (bits == 16 ? 0xffff : -1));
            mv.visitInsn(IAND);
            mv.visitInsn(IOR);
        }
    }
}
