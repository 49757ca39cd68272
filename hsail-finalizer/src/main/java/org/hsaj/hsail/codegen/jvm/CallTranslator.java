package org.hsaj.hsail.codegen.jvm;

import java.util.List;
import org.hsaj.hsail.exec.SegmentLayout;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.Variable;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * call and scall (PRM 10): each HSAIL function is a static method of the kernel class taking the
 * work-group state, the work-item's ids and the private address of its frame. Arguments travel through
 * the private segment: the caller copies its arg block's input variables into the callee's input
 * arguments before the call and the callee's output arguments into its arg block after it.
 */
final class CallTranslator implements Opcodes {
    static final String FUNCTION_DESCRIPTOR = "(L" + CodeEmitter.STATE + ";IIIIJ)V";

    private CallTranslator() {
    }

    static void call(Instruction insn, CodeEmitter e) {
        List<Variable> outs = ((Operand.ArgumentList) insn.operand(1)).variables();
        List<Variable> ins = ((Operand.ArgumentList) insn.operand(2)).variables();
        List<Function> targets = e.gen.layout.callees(e.gen.module, insn);
        if (insn.opcode() == Opcode.CALL) {
            callOne(insn, e, targets.getFirst(), outs, ins);
            return;
        }
        MethodVisitor mv = e.mv;
        Label bad = new Label();
        Label done = new Label();
        Label[] cases = new Label[targets.size()];
        for (int i = 0; i < cases.length; i++) {
            cases[i] = new Label();
        }
        e.loadSource(insn, 0);
        if (insn.type().bits() == 64) {
            int v = e.temp(2);
            mv.visitVarInsn(LSTORE, v);
            mv.visitVarInsn(LLOAD, v);
            e.push((long) cases.length);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
            mv.visitJumpInsn(IFGE, bad);
            mv.visitVarInsn(LLOAD, v);
            mv.visitInsn(L2I);
        }
        mv.visitTableSwitchInsn(0, cases.length - 1, bad, cases);
        for (int i = 0; i < cases.length; i++) {
            mv.visitLabel(cases[i]);
            callOne(insn, e, targets.get(i), outs, ins);
            mv.visitJumpInsn(GOTO, done);
        }
        mv.visitLabel(bad);
        e.trap(insn, "scall selector out of range (the call has " + cases.length + " functions)");
        mv.visitLabel(done);
    }

    private static void callOne(Instruction insn, CodeEmitter e, Function f, List<Variable> outs, List<Variable> ins) {
        MethodVisitor mv = e.mv;
        SegmentLayout.Frame callee = e.gen.layout.frame(f);
        int frame = e.temp(2);
        mv.visitVarInsn(LLOAD, e.sFrame);
        e.push(e.frameLayout.size());
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, frame);
        e.setSite(insn);
        if (e.gen.layout.isRecursive()) {
            checkStack(insn, e, frame, callee);
        }
        for (int i = 0; i < Math.min(ins.size(), f.inputs().size()); i++) {
            Variable formal = f.inputs().get(i);
            long length = formal.dimension() == Variable.FLEXIBLE ? ins.get(i).size() : formal.size();
            copy(e, frame, callee.inputsOffset() + formal.offset(), e.sFrame, e.addresses.argOffset(insn, ins.get(i)), length);
        }
        mv.visitVarInsn(ALOAD, e.sState);
        mv.visitVarInsn(ILOAD, e.sX);
        mv.visitVarInsn(ILOAD, e.sY);
        mv.visitVarInsn(ILOAD, e.sZ);
        mv.visitVarInsn(ILOAD, e.sW);
        mv.visitVarInsn(LLOAD, frame);
        mv.visitMethodInsn(INVOKESTATIC, e.gen.className, e.gen.functionMethod(f), FUNCTION_DESCRIPTOR, false);
        for (int i = 0; i < Math.min(outs.size(), f.outputs().size()); i++) {
            Variable formal = f.outputs().get(i);
            copy(e, e.sFrame, e.addresses.argOffset(insn, outs.get(i)), frame, formal.offset(), formal.size());
        }
    }

    /** Recursion: the callee's frame must end within the private memory that recursive frames may use. */
    private static void checkStack(Instruction insn, CodeEmitter e, int frame, SegmentLayout.Frame callee) {
        MethodVisitor mv = e.mv;
        Label ok = new Label();
        long limit = e.gen.layout.stackLimit();
        mv.visitVarInsn(LLOAD, frame);
        e.push(callee.size());
        mv.visitInsn(LADD);
        e.push(limit);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFLE, ok);
        e.trap(insn, "private stack overflow: the recursion needs more than the " + limit
                + " bytes of private memory per work-item");
        mv.visitLabel(ok);
    }

    /** Copies {@code length} private bytes from (local {@code fromBase}) + offset to (local {@code toBase}) + offset. */
    private static void copy(CodeEmitter e, int toBase, long toOffset, int fromBase, long fromOffset, long length) {
        MethodVisitor mv = e.mv;
        mv.visitVarInsn(ALOAD, e.sState);
        mv.visitVarInsn(ILOAD, e.sW);
        mv.visitVarInsn(LLOAD, toBase);
        e.push(toOffset);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LLOAD, fromBase);
        e.push(fromOffset);
        mv.visitInsn(LADD);
        e.push(length);
        mv.visitMethodInsn(INVOKEVIRTUAL, CodeEmitter.STATE, "copyPrivate", "(IJJJ)V", false);
    }
}
