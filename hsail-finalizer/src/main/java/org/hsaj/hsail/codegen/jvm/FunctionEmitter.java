package org.hsaj.hsail.codegen.jvm;

import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.Type;

/**
 * Emits an HSAIL function as {@code static void fn(WorkGroupState s, int x, int y, int z, int w, long frame)}:
 * one activation for one work-item, registers in locals, {@code frame} the private segment address
 * of its frame. Faults leave tagged with the site where they happened ({@link SiteFault}).
 * Functions that synchronise (barriers, cross-lane operations) never get here: they are inlined into
 * the kernel ({@link SyncFunctionInliner}), since a barrier would need every work-item's call stack
 * saved across it.
 */
final class FunctionEmitter extends CodeEmitter {
    private final int sThrown;
    /** The alloca mark to give back on return, or -1 when this function does not use alloca. */
    private final int sAllocaMark;
    private final Label end = new Label();

    FunctionEmitter(GenerationContext gen, ClassVisitor cv, Function function) {
        super(gen, cv.visitMethod(ACC_PRIVATE | ACC_STATIC, gen.functionMethod(function),
                CallTranslator.FUNCTION_DESCRIPTOR, null, null), function.body().orElseThrow(), function,
                gen.layout.frame(function), 7);
        sState = 0;
        sX = 1;
        sY = 2;
        sZ = 3;
        sW = 4;
        sFrame = 5;
        allocateCommonLocals();
        sThrown = allocate(1);
        sAllocaMark = function.body().orElseThrow().instructions().stream()
                .anyMatch(i -> i.opcode() == org.hsaj.hsail.ir.Opcode.ALLOCA) ? allocate(2) : -1;
        allocateRegisters(function.body().orElseThrow().instructions(), false);
    }

    /** Emits the method; returns its code size in bytes. */
    int emit() {
        mv.visitCode();
        loadStateFields();
        push(POLL_INTERVAL);
        mv.visitVarInsn(ISTORE, sBudget);
        push(-1);
        mv.visitVarInsn(ISTORE, sSite);
        zeroRegisters();
        if (sAllocaMark >= 0) {
            mv.visitVarInsn(ALOAD, sState);
            mv.visitVarInsn(ILOAD, sW);
            mv.visitMethodInsn(INVOKEVIRTUAL, STATE, "allocaMark", "(I)J", false);
            mv.visitVarInsn(LSTORE, sAllocaMark);
        }
        Label handler = new Label();
        beginFaultRange(handler);
        addresses.initCaches(0);
        for (int b = 0; b < body.blocks().size(); b++) {
            emitBlock(b);
        }
        if (body.blocks().isEmpty()) {
            finish(null);
        }
        endFaultRange();
        mv.visitLabel(handler);
        mv.visitVarInsn(ASTORE, sThrown);
        mv.visitVarInsn(ALOAD, sThrown);
        mv.visitVarInsn(ILOAD, sSite);
        mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(SiteFault.class), "at",
                "(Ljava/lang/Throwable;I)Ljava/lang/RuntimeException;", false);
        mv.visitInsn(ATHROW);
        mv.visitLabel(end);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return end.getOffset();
    }

    @Override
    void branch(Instruction insn, int from, int target) {
        if (target <= from) {
            pollWatchdog(insn);
        }
        mv.visitJumpInsn(GOTO, blockLabels[target]);
    }

    @Override
    void fallThrough(int b) {
        if (b + 1 == body.blocks().size()) {
            finish(null);
        }
    }

    @Override
    void finish(Instruction insn) {
        if (sAllocaMark >= 0) {
            mv.visitVarInsn(ALOAD, sState);
            mv.visitVarInsn(ILOAD, sW);
            mv.visitVarInsn(LLOAD, sAllocaMark);
            mv.visitMethodInsn(INVOKEVIRTUAL, STATE, "allocaRelease", "(IJ)V", false);
        }
        mv.visitInsn(RETURN);
    }

    @Override
    void synchronize(Instruction insn, int block, int index) {
        throw Unsupported.instruction(insn, "barriers and cross-lane operations inside functions are not supported"
                + " (only in the kernel's own code)");
    }
}
