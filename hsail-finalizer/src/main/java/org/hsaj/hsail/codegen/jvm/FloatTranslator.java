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
        if (plain(insn, e)) {
            emitPlain(insn, e);
            return;
        }
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

    /**
     * Round-to-nearest f32 and f64 add, sub, mul and div without ftz: the JVM instruction itself, which
     * is what the helper reduces to once inlined. Emitting it directly keeps a large kernel's helpers
     * within the JIT's inlining budget (past it, C2 leaves each helper a call: measured on a 16-turn
     * float loop written out, where every add and multiply became one).
     */
    private static boolean plain(Instruction insn, CodeEmitter e) {
        return switch (insn.opcode()) {
            case ADD, SUB, MUL, DIV -> (insn.type().bits() == 32 || insn.type().bits() == 64)
                    && control(insn, e) == FloatFormat.NEAR;
            default -> false;
        };
    }

    private static void emitPlain(Instruction insn, CodeEmitter e) {
        boolean wide = insn.type().bits() == 64;
        for (int i = 1; i <= 2; i++) {
            e.loadSource(insn, i);
            if (wide) {
                e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "longBitsToDouble", "(J)D", false);
            } else {
                e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "intBitsToFloat", "(I)F", false);
            }
        }
        int op = switch (insn.opcode()) {
            case ADD -> FADD;
            case SUB -> FSUB;
            case MUL -> FMUL;
            default -> FDIV;
        };
        if (wide) {
            e.mv.visitInsn(op + (DADD - FADD));
            e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "doubleToRawLongBits", "(D)J", false);
        } else {
            e.mv.visitInsn(op);
            e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "floatToRawIntBits", "(F)I", false);
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
