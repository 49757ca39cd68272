package org.hsaj.hsail.codegen.jvm;

import java.util.List;
import java.util.Map;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.OperandRules;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Copies (PRM 5.8, 5.10): mov, combine, expand and the scalar cmov. */
final class MoveTranslator implements Opcodes {
    private MoveTranslator() {
    }

    static void register(Map<Opcode, Translators.OpcodeTranslator> t) {
        t.put(Opcode.MOV, MoveTranslator::mov);
        t.put(Opcode.COMBINE, MoveTranslator::combine);
        t.put(Opcode.EXPAND, MoveTranslator::expand);
        t.put(Opcode.CMOV, MoveTranslator::cmov);
    }

    private static void mov(Instruction insn, CodeEmitter e) {
        e.loadSource(insn, 1);
        e.storeDestination(insn);
    }

    private static void combine(Instruction insn, CodeEmitter e) {
        MethodVisitor mv = e.mv;
        List<Operand> parts = ((Operand.VectorOperand) insn.operand(1)).elements();
        DataType part = OperandRules.operandType(insn, 1);
        if (part.bits() == 64) {
            e.loadOperand(parts.get(0), part);
            e.loadOperand(parts.get(1), part);
        } else {
            // Pairs of 32-bit parts make each 64-bit half.
            for (int h = 0; h < parts.size(); h += 2) {
                e.loadOperand(parts.get(h), part);
                mv.visitInsn(I2L);
                e.push(0xffffffffL);
                mv.visitInsn(LAND);
                e.loadOperand(parts.get(h + 1), part);
                mv.visitInsn(I2L);
                e.push(32);
                mv.visitInsn(LSHL);
                mv.visitInsn(LOR);
            }
        }
        e.storeDestination(insn);
    }

    private static void expand(Instruction insn, CodeEmitter e) {
        MethodVisitor mv = e.mv;
        List<Operand> parts = ((Operand.VectorOperand) insn.operand(0)).elements();
        DataType part = OperandRules.operandType(insn, 0);
        e.loadSource(insn, 1);
        int wide = insn.sourceType().bits() == 128 ? 4 : 2;
        int src = e.temp(wide);
        if (wide == 4) {
            mv.visitVarInsn(LSTORE, src + 2);
        }
        mv.visitVarInsn(LSTORE, src);
        for (int i = 0; i < parts.size(); i++) {
            if (!(parts.get(i) instanceof Operand.Register r)) {
                continue;
            }
            if (part.bits() == 64) {
                mv.visitVarInsn(LLOAD, src + 2 * i);
            } else {
                mv.visitVarInsn(LLOAD, src + 2 * (i / 2));
                if (i % 2 == 1) {
                    e.push(32);
                    mv.visitInsn(LUSHR);
                }
                mv.visitInsn(L2I);
            }
            e.storeRegister(r);
        }
    }

    private static void cmov(Instruction insn, CodeEmitter e) {
        MethodVisitor mv = e.mv;
        Label otherwise = new Label();
        Label done = new Label();
        e.loadSource(insn, 1);
        mv.visitJumpInsn(IFEQ, otherwise);
        e.loadSource(insn, 2);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(otherwise);
        e.loadSource(insn, 3);
        mv.visitLabel(done);
        e.storeDestination(insn);
    }
}
