package org.hsaj.hsail.codegen.jvm;

import java.util.Map;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Integer arithmetic, shifts, bit and bit-string operations, and the multimedia instructions
 * (PRM 5.2 to 5.7, 5.15) on scalar types. Single JVM instructions where the semantics match
 * (add, mul, shifts: the JVM masks shift counts to the operand width exactly as HSAIL does), helper
 * calls into {@link IntegerOps} otherwise. Float forms of the shared opcodes go to {@link FloatTranslator}.
 */
final class IntegerTranslator implements Opcodes {
    private IntegerTranslator() {
    }

    static void register(Map<Opcode, Translators.OpcodeTranslator> t) {
        for (Opcode op : new Opcode[] {Opcode.ABS, Opcode.ADD, Opcode.SUB, Opcode.MUL, Opcode.DIV, Opcode.REM,
                Opcode.MIN, Opcode.MAX, Opcode.NEG, Opcode.MULHI, Opcode.CARRY, Opcode.BORROW, Opcode.MAD,
                Opcode.MUL24, Opcode.MUL24HI, Opcode.MAD24, Opcode.MAD24HI, Opcode.SHL, Opcode.SHR, Opcode.AND,
                Opcode.OR, Opcode.XOR, Opcode.NOT, Opcode.POPCOUNT, Opcode.BITEXTRACT, Opcode.BITINSERT,
                Opcode.BITMASK, Opcode.BITREV, Opcode.BITSELECT, Opcode.FIRSTBIT, Opcode.LASTBIT, Opcode.BITALIGN,
                Opcode.BYTEALIGN, Opcode.LERP, Opcode.SAD, Opcode.SADHI, Opcode.PACKCVT, Opcode.UNPACKCVT}) {
            t.put(op, IntegerTranslator::translate);
        }
    }

    static void translate(Instruction insn, CodeEmitter e) {
        DataType t = insn.type();
        if (t.isFloat() && insn.opcode() != Opcode.UNPACKCVT) {
            FloatTranslator.translate(insn, e);
            return;
        }
        MethodVisitor mv = e.mv;
        boolean wide = t.bits() == 64;
        boolean signed = t.isSigned();
        Opcode op = insn.opcode();
        // Sources first, in order; then the operation.
        switch (op) {
            case POPCOUNT, FIRSTBIT, LASTBIT -> e.loadSource(insn, 1);
            default -> {
                for (int i = 1; i < insn.operandCount(); i++) {
                    e.loadSource(insn, i);
                }
            }
        }
        switch (op) {
            case ADD -> mv.visitInsn(wide ? LADD : IADD);
            case SUB -> mv.visitInsn(wide ? LSUB : ISUB);
            case MUL -> mv.visitInsn(wide ? LMUL : IMUL);
            case NEG -> mv.visitInsn(wide ? LNEG : INEG);
            case AND -> mv.visitInsn(wide ? LAND : IAND);
            case OR -> mv.visitInsn(wide ? LOR : IOR);
            case XOR -> mv.visitInsn(wide ? LXOR : IXOR);
            case NOT -> {
                if (t == DataType.B1) {
                    mv.visitInsn(ICONST_1);
                    mv.visitInsn(IXOR);
                } else if (wide) {
                    e.push(-1L);
                    mv.visitInsn(LXOR);
                } else {
                    mv.visitInsn(ICONST_M1);
                    mv.visitInsn(IXOR);
                }
            }
            case SHL -> mv.visitInsn(wide ? LSHL : ISHL);
            case SHR -> mv.visitInsn(wide ? (signed ? LSHR : LUSHR) : (signed ? ISHR : IUSHR));
            case ABS -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "abs", wide ? "(J)J" : "(I)I", false);
            case MAD -> {
                // mad: (a * b) + c; the stack holds a, b, c.
                int c = e.temp(wide ? 2 : 1);
                mv.visitVarInsn(wide ? LSTORE : ISTORE, c);
                mv.visitInsn(wide ? LMUL : IMUL);
                mv.visitVarInsn(wide ? LLOAD : ILOAD, c);
                mv.visitInsn(wide ? LADD : IADD);
            }
            case DIV -> e.call(IntegerOps.class, "div" + (signed ? "S" : "U") + t.bits());
            case REM -> e.call(IntegerOps.class, "rem" + (signed ? "S" : "U") + t.bits());
            case MIN, MAX -> {
                String name = op == Opcode.MIN ? "min" : "max";
                if (signed) {
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", name, wide ? "(JJ)J" : "(II)I", false);
                } else {
                    e.call(IntegerOps.class, name + "U" + t.bits());
                }
            }
            case MULHI -> {
                if (wide) {
                    mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", signed ? "multiplyHigh" : "unsignedMultiplyHigh",
                            "(JJ)J", false);
                } else {
                    e.call(IntegerOps.class, signed ? "mulhiS32" : "mulhiU32");
                }
            }
            case CARRY -> e.call(IntegerOps.class, "carryU" + t.bits());
            case BORROW -> e.call(IntegerOps.class, "borrowU" + t.bits());
            case MUL24 -> e.call(IntegerOps.class, signed ? "mul24S" : "mul24U");
            case MUL24HI -> e.call(IntegerOps.class, signed ? "mul24hiS" : "mul24hiU");
            case MAD24, MAD24HI -> {
                int c = e.temp(1);
                mv.visitVarInsn(ISTORE, c);
                if (op == Opcode.MAD24) {
                    e.call(IntegerOps.class, signed ? "mul24S" : "mul24U");
                } else {
                    e.call(IntegerOps.class, signed ? "mul24hiS" : "mul24hiU");
                }
                mv.visitVarInsn(ILOAD, c);
                mv.visitInsn(IADD);
            }
            case POPCOUNT -> e.call(insn.sourceType().bits() == 64 ? Long.class : Integer.class, "bitCount");
            case BITEXTRACT -> e.call(IntegerOps.class, "bitextract" + (signed ? "S" : "U") + t.bits());
            case BITINSERT -> e.call(IntegerOps.class, "bitinsert" + t.bits());
            case BITMASK -> e.call(IntegerOps.class, "bitmask" + t.bits());
            case BITREV -> e.call(wide ? Long.class : Integer.class, "reverse");
            case BITSELECT -> e.call(IntegerOps.class, "bitselect" + t.bits());
            case FIRSTBIT -> e.call(IntegerOps.class, "firstbit" + (insn.sourceType().isSigned() ? "S" : "U")
                    + insn.sourceType().bits());
            case LASTBIT -> e.call(IntegerOps.class, "lastbit" + insn.sourceType().bits());
            case BITALIGN -> e.call(IntegerOps.class, "bitalign");
            case BYTEALIGN -> e.call(IntegerOps.class, "bytealign");
            case LERP -> e.call(IntegerOps.class, "lerp");
            case SAD -> e.call(IntegerOps.class, switch (insn.sourceType()) {
                case U16X2 -> "sadU16x2";
                case U8X4 -> "sadU8x4";
                default -> "sadU32";
            });
            case SADHI -> e.call(IntegerOps.class, "sadhiU8x4");
            case PACKCVT -> e.call(IntegerOps.class, "packcvt");
            case UNPACKCVT -> e.call(IntegerOps.class, "unpackcvt");
            default -> throw Unsupported.instruction(insn, "not an integer operation");
        }
        e.storeDestination(insn);
    }
}
