package org.hsaj.hsail.codegen.jvm;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.RegisterClass;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;

/**
 * Emits one part of a kernel: a static method that runs, for every work-item of the work-group waiting
 * at one of the part's points, the part's blocks until the work-item leaves them (see
 * {@link KernelClassGenerator} for the shape). A work-item leaves by finishing (ret), by reaching a
 * synchronisation point, or by branching into another part; in the last two cases its live registers
 * go to the spill arrays and its stop entry records where it resumes.
 */
final class PartEmitter extends CodeEmitter {
    static final String DESCRIPTOR = "(L" + STATE + ";I)V";

    private final KernelPlan plan;
    private final KernelPlan.Part part;
    private final boolean singlePass;
    private final int sPoint = 1;
    private final int sSizeX;
    private final int sSizeY;
    private final int sSizeZ;
    private final int sStop;
    private final int sSpillI;
    private final int sSpillL;
    private final int sThrown;
    private final Label nextItem = new Label();
    private final Map<Integer, Label> resume = new HashMap<>();
    private final Label end = new Label();

    PartEmitter(GenerationContext gen, ClassVisitor cv, KernelPlan plan, KernelPlan.Part part) {
        super(gen, cv.visitMethod(ACC_PRIVATE | ACC_STATIC, methodName(part), DESCRIPTOR, null, null), plan.body,
                null, gen.layout.kernelFrame, 2);
        this.plan = plan;
        this.part = part;
        this.singlePass = plan.isSinglePass();
        sState = 0;
        allocateCommonLocals();
        sSizeX = allocate(1);
        sSizeY = allocate(1);
        sSizeZ = allocate(1);
        sX = allocate(1);
        sY = allocate(1);
        sZ = allocate(1);
        sW = allocate(1);
        sFrame = allocate(2);
        sStop = allocate(1);
        sSpillI = allocate(1);
        sSpillL = allocate(1);
        sThrown = allocate(1);
        allocateRegisters(instructionsOf(plan, part), true);
        for (SyncPoint p : plan.pointsOf(part)) {
            resume.put(p.id(), p.isInstruction() ? new Label() : blockLabels[p.block()]);
        }
    }

    private static List<Instruction> instructionsOf(KernelPlan plan, KernelPlan.Part part) {
        List<Instruction> out = new java.util.ArrayList<>();
        for (int b = part.firstBlock(); b <= part.lastBlock(); b++) {
            out.addAll(plan.body.blocks().get(b).instructions());
        }
        return out;
    }

    static String methodName(KernelPlan.Part part) {
        return "part" + part.index();
    }

    /** Emits the method; returns the code size in bytes. */
    int emit() {
        mv.visitCode();
        loadStateFields();
        loadField("sizeX", "I", ISTORE, sSizeX);
        loadField("sizeY", "I", ISTORE, sSizeY);
        loadField("sizeZ", "I", ISTORE, sSizeZ);
        loadField("stop", "[I", ASTORE, sStop);
        loadField("spillI", "[I", ASTORE, sSpillI);
        loadField("spillL", "[J", ASTORE, sSpillL);
        push(0L);
        mv.visitVarInsn(LSTORE, sFrame);
        push(POLL_INTERVAL);
        mv.visitVarInsn(ISTORE, sBudget);
        push(-1);
        mv.visitVarInsn(ISTORE, sSite);
        for (int s : new int[] {sX, sY, sZ, sW}) {
            push(0);
            mv.visitVarInsn(ISTORE, s);
        }
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label handler = new Label();
        mv.visitTryCatchBlock(tryStart, tryEnd, handler, "java/lang/Throwable");
        mv.visitLabel(tryStart);
        addresses.initCaches(gen.layout.kernel.kernargSegmentSize());

        Label zLoop = new Label();
        Label yLoop = new Label();
        Label xLoop = new Label();
        Label nextY = new Label();
        Label nextZ = new Label();
        Label done = new Label();
        mv.visitLabel(zLoop);
        mv.visitVarInsn(ILOAD, sZ);
        mv.visitVarInsn(ILOAD, sSizeZ);
        mv.visitJumpInsn(IF_ICMPGE, done);
        push(0);
        mv.visitVarInsn(ISTORE, sY);
        mv.visitLabel(yLoop);
        mv.visitVarInsn(ILOAD, sY);
        mv.visitVarInsn(ILOAD, sSizeY);
        mv.visitJumpInsn(IF_ICMPGE, nextZ);
        push(0);
        mv.visitVarInsn(ISTORE, sX);
        mv.visitLabel(xLoop);
        mv.visitVarInsn(ILOAD, sX);
        mv.visitVarInsn(ILOAD, sSizeX);
        mv.visitJumpInsn(IF_ICMPGE, nextY);
        // w = x + wgX * (y + wgY * z)
        mv.visitVarInsn(ILOAD, sX);
        mv.visitVarInsn(ILOAD, sWgX);
        mv.visitVarInsn(ILOAD, sY);
        mv.visitVarInsn(ILOAD, sWgY);
        mv.visitVarInsn(ILOAD, sZ);
        mv.visitInsn(IMUL);
        mv.visitInsn(IADD);
        mv.visitInsn(IMUL);
        mv.visitInsn(IADD);
        mv.visitVarInsn(ISTORE, sW);
        zeroRegisters();
        if (!singlePass) {
            dispatchToPoint();
        } else {
            resetAlloca();
        }
        for (int b = part.firstBlock(); b <= part.lastBlock(); b++) {
            emitBlock(b);
        }
        mv.visitLabel(nextItem);
        mv.visitIincInsn(sX, 1);
        mv.visitJumpInsn(GOTO, xLoop);
        mv.visitLabel(nextY);
        mv.visitIincInsn(sY, 1);
        mv.visitJumpInsn(GOTO, yLoop);
        mv.visitLabel(nextZ);
        mv.visitIincInsn(sZ, 1);
        mv.visitJumpInsn(GOTO, zLoop);
        mv.visitLabel(done);
        mv.visitLabel(tryEnd);
        mv.visitInsn(RETURN);

        mv.visitLabel(handler);
        mv.visitVarInsn(ASTORE, sThrown);
        mv.visitVarInsn(ALOAD, sState);
        mv.visitVarInsn(ALOAD, sThrown);
        mv.visitVarInsn(ILOAD, sSite);
        mv.visitVarInsn(ILOAD, sX);
        mv.visitVarInsn(ILOAD, sY);
        mv.visitVarInsn(ILOAD, sZ);
        mv.visitMethodInsn(INVOKEVIRTUAL, STATE, "fault", "(Ljava/lang/Throwable;IIII)Ljava/lang/RuntimeException;",
                false);
        mv.visitInsn(ATHROW);
        mv.visitLabel(end);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return end.getOffset();
    }

    /** Bytes of code of block {@code b} (after {@link #emit}). */
    int blockSize(int b) {
        int next = b < part.lastBlock() ? blockLabels[b + 1].getOffset() : nextItem.getOffset();
        return next - blockLabels[b].getOffset();
    }

    /** Skips work-items waiting elsewhere; reloads the live registers of the others and jumps to their point. */
    private void dispatchToPoint() {
        mv.visitVarInsn(ALOAD, sStop);
        mv.visitVarInsn(ILOAD, sW);
        mv.visitInsn(IALOAD);
        mv.visitVarInsn(ILOAD, sPoint);
        mv.visitJumpInsn(IF_ICMPNE, nextItem);
        List<SyncPoint> mine = plan.pointsOf(part);
        int[] keys = new int[mine.size()];
        Label[] stubs = new Label[mine.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = mine.get(i).id();
            stubs[i] = new Label();
        }
        mv.visitVarInsn(ILOAD, sPoint);
        mv.visitLookupSwitchInsn(nextItem, keys, stubs);
        for (int i = 0; i < keys.length; i++) {
            mv.visitLabel(stubs[i]);
            SyncPoint p = mine.get(i);
            spill(p.restore(), false);
            if (p.kind() == SyncPoint.Kind.ENTRY) {
                resetAlloca();
            }
            mv.visitJumpInsn(GOTO, resume.get(p.id()));
        }
    }

    /** A work-item that starts gets an empty alloca area (when the program uses alloca). */
    private void resetAlloca() {
        if (gen.layout.allocaArea >= 0) {
            mv.visitVarInsn(ALOAD, sState);
            mv.visitVarInsn(ILOAD, sW);
            mv.visitMethodInsn(INVOKEVIRTUAL, STATE, "allocaReset", "(I)V", false);
        }
    }

    /** Saves ({@code save}) or reloads the registers of {@code live} to or from the spill arrays. */
    private void spill(BitSet live, boolean save) {
        for (int r = live.nextSetBit(0); r >= 0; r = live.nextSetBit(r + 1)) {
            int slot = plan.spillSlot[r];
            RegisterClass rc = registers.register(r).registerClass();
            int local = registerSlot(registers.indexOf(plan.registers.register(r)));
            int halves = rc == RegisterClass.Q ? 2 : 1;
            for (int h = 0; h < halves; h++) {
                boolean isInt = rc == RegisterClass.C || rc == RegisterClass.S;
                mv.visitVarInsn(ALOAD, isInt ? sSpillI : sSpillL);
                mv.visitVarInsn(ILOAD, sW);
                push(isInt ? plan.intSlots : plan.longSlots);
                mv.visitInsn(IMUL);
                push(slot + h);
                mv.visitInsn(IADD);
                if (save) {
                    mv.visitVarInsn(isInt ? ILOAD : LLOAD, local + 2 * h);
                    mv.visitInsn(isInt ? IASTORE : LASTORE);
                } else {
                    mv.visitInsn(isInt ? IALOAD : LALOAD);
                    mv.visitVarInsn(isInt ? ISTORE : LSTORE, local + 2 * h);
                }
            }
        }
    }

    /** The work-item stops at {@code p}: save what is live there, record the point, go to the next work-item. */
    private void stopAt(SyncPoint p) {
        spill(p.save(), true);
        mv.visitVarInsn(ALOAD, sStop);
        mv.visitVarInsn(ILOAD, sW);
        push(p.id());
        mv.visitInsn(IASTORE);
        mv.visitJumpInsn(GOTO, nextItem);
    }

    @Override
    void branch(Instruction insn, int from, int target) {
        if (part.contains(target)) {
            if (target <= from) {
                pollWatchdog(insn);
            }
            mv.visitJumpInsn(GOTO, blockLabels[target]);
        } else {
            stopAt(plan.blockPoint(target));
        }
    }

    @Override
    void fallThrough(int b) {
        int next = b + 1;
        if (next < body.blocks().size() && part.contains(next)) {
            return;
        }
        if (next < body.blocks().size()) {
            stopAt(plan.blockPoint(next));
        } else {
            finish(null);
        }
    }

    @Override
    void finish(Instruction insn) {
        if (!singlePass) {
            mv.visitVarInsn(ALOAD, sStop);
            mv.visitVarInsn(ILOAD, sW);
            push(SyncPoint.DONE);
            mv.visitInsn(IASTORE);
        }
        mv.visitJumpInsn(GOTO, nextItem);
    }

    @Override
    void synchronize(Instruction insn, int block, int index) {
        SyncPoint p = plan.instructionPoint(block, index);
        if (p.kind() == SyncPoint.Kind.CROSSLANE && insn.type().bits() == 128) {
            throw Unsupported.instruction(insn, "128-bit cross-lane permutes are not supported");
        }
        setSite(insn);
        stopAt(p);
        mv.visitLabel(resume.get(p.id()));
    }
}
