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
    /** The method that runs a part's interchanged loops: true when it ran the one at the given point. */
    static final String LOOPS_DESCRIPTOR = "(L" + STATE + ";I)Z";

    private final KernelPlan plan;
    private final KernelPlan.Part part;
    private final boolean singlePass;
    final int sPoint = 1;
    final int sSizeX;
    final int sSizeY;
    final int sSizeZ;
    private final int sStop;
    private final int sSpillI;
    private final int sSpillL;
    private final int sThrown;
    /** Multi-pass parts: 1 when every work-item waits at the point this call runs (no stop check). */
    final int sAll;
    /**
     * Multi-pass parts: per point (and one for finishing), an int local set to 1 when a work-item run
     * here stops there; the mask the driver gets is made from them at the end. (One mask updated per
     * work-item would chain every work-item's step to the one before.)
     */
    private final int[] sReached;
    private final Label nextItem = new Label();
    private final Map<Integer, Label> resume = new HashMap<>();
    /**
     * Per register that is uniform across the work-group at one of this part's points, the locals that
     * hold its value for the whole call (loaded from the uniform arrays before the work-item loop):
     * a work-item resuming copies it from there, since the uniform slot itself may be overwritten by
     * work-items stopping at the same point again during the call.
     */
    private final Map<Integer, Integer> held = new HashMap<>();
    private int sUniformI = -1;
    private int sUniformL = -1;
    /** The signed copies of this part's counted loops. */
    private final LoopCopies loopCopies;
    /**
     * The loops of this part run with the work-items inside, when this method is the one that runs them
     * (a method of their own, so that the JIT profiles and compiles them apart from the part).
     */
    private final List<LoopInterchange> interchanges = new java.util.ArrayList<>();
    private final boolean loopsOnly;
    /** The entries after this part's interchanged loops, when this method is the part's own. */
    private final List<InterchangedExit> exits = new java.util.ArrayList<>();
    /** True while the body of an interchanged loop is emitted. */
    private boolean interchanging;
    /** The interchanged loop whose body is emitted, or null. */
    private LoopInterchange replacing;
    private final Label end = new Label();

    /** {@code loopsOnly}: the method that runs the part's interchanged loops, not the part itself. */
    PartEmitter(GenerationContext gen, ClassVisitor cv, KernelPlan plan, KernelPlan.Part part, boolean loopsOnly) {
        super(gen, cv.visitMethod(ACC_PRIVATE | ACC_STATIC, loopsOnly ? loopsName(part) : methodName(part),
                loopsOnly ? LOOPS_DESCRIPTOR : DESCRIPTOR, null, null), plan.body, null, gen.layout.kernelFrame(), 2);
        this.loopsOnly = loopsOnly;
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
        sAbsBaseX = allocate(2);
        sAbsBaseY = allocate(2);
        sAbsBaseZ = allocate(2);
        ids = plan.ids;
        addresses.usePointerWindows(plan.pointers);
        sAll = allocate(1);
        int tracked = plan.isSinglePass() || plan.points.size() >= WorkGroupState.FINISHED_BIT ? 0
                : plan.points.size() + 1;
        sReached = new int[tracked];
        for (int i = 0; i < tracked; i++) {
            sReached[i] = allocate(1);
        }
        for (SyncPoint p : plan.pointsOf(part)) {
            int[] slots = plan.uniformSlot[p.id()];
            for (int r = p.restore().nextSetBit(0); r >= 0; r = p.restore().nextSetBit(r + 1)) {
                if (slots[r] >= 0 && !held.containsKey(r)) {
                    held.put(r, allocate(switch (plan.registers.register(r).registerClass()) {
                        case C, S -> 1;
                        case D -> 2;
                        case Q -> 4;
                    }));
                }
            }
        }
        if (plan.uniformInts + plan.uniformLongs > 0) {
            sUniformI = allocate(1);
            sUniformL = allocate(1);
        }
        for (KernelPlan.Interchange ic : loopsOnly ? plan.interchangesOf(part) : List.<KernelPlan.Interchange>of()) {
            interchanges.add(new LoopInterchange(this, plan, ic));
        }
        for (KernelPlan.Interchange ic : loopsOnly ? List.<KernelPlan.Interchange>of() : plan.interchangesOf(part)) {
            exits.add(new InterchangedExit(this, plan, ic));
        }
        List<Instruction> used = new java.util.ArrayList<>(instructionsOf(plan, part));
        for (SyncPoint p : plan.pointsOf(part)) {
            used.addAll(plan.entryValues.recomputation(p.restore())); // kernarg reads among them are cached too
        }
        allocateRegisters(used, true);
        loopCopies = new LoopCopies(this, plan, part);
        for (SyncPoint p : plan.pointsOf(part)) {
            // A work-item resuming at a loop's head enters the loop as it would have without stopping.
            resume.put(p.id(), p.isInstruction() ? new Label() : p.kind() == SyncPoint.Kind.LOOP
                    ? loopCopies.target(-1, p.block()) : blockLabels[p.block()]);
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

    static String loopsName(KernelPlan.Part part) {
        return "loops" + part.index();
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
        if (sUniformI >= 0) {
            loadField("uniformI", "[I", ASTORE, sUniformI);
            loadField("uniformL", "[J", ASTORE, sUniformL);
            loadHeldUniforms();
        }
        for (InterchangedExit x : exits) {
            x.loadState();
        }
        absoluteBase(sGroupX, sWgX, sAbsBaseX);
        absoluteBase(sGroupY, sWgY, sAbsBaseY);
        absoluteBase(sGroupZ, sWgZ, sAbsBaseZ);
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
        if (!singlePass) {
            loadField("allAtPoint", "Z", ISTORE, sAll);
            for (int local : sReached) {
                push(0);
                mv.visitVarInsn(ISTORE, local);
            }
        }
        Label handler = new Label();
        beginFaultRange(handler);
        addresses.initCaches(gen.kernel.kernargSegmentSize());
        if (loopsOnly) {
            for (LoopInterchange li : interchanges) {
                li.emit();
            }
            push(0);
            endFaultRange();
            mv.visitInsn(IRETURN);
            emitHandler(handler);
            return end.getOffset();
        }

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
            CountedLoops.Loop loop = plan.loops.at(b);
            int turns = loop == null ? 0 : plan.unrolledTurns(part, loop);
            if (turns > 0) {
                emitUnrolled(loop, turns);
                b = loop.latch();
            } else {
                emitBlock(b);
            }
        }
        loopCopies.emitCopies();
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
        if (!singlePass) {
            reportPass();
        }
        endFaultRange();
        mv.visitInsn(RETURN);
        emitHandler(handler);
        return end.getOffset();
    }

    /** The fault handler: turns what a work-item threw into a fault naming it. */
    private void emitHandler(Label handler) {
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
    }

    /** base = group * workgroupsize along one axis. */
    private void absoluteBase(int group, int workgroupSize, int base) {
        mv.visitVarInsn(LLOAD, group);
        mv.visitVarInsn(ILOAD, workgroupSize);
        mv.visitInsn(I2L);
        mv.visitInsn(LMUL);
        mv.visitVarInsn(LSTORE, base);
    }

    /** Bytes of code of block {@code b} (after {@link #emit}); a loop's head also counts its signed copy. */
    int blockSize(int b) {
        int next = b < part.lastBlock() ? blockLabels[b + 1].getOffset()
                : loopCopies.firstCopyOr(nextItem).getOffset();
        return next - blockLabels[b].getOffset() + loopCopies.copySize(b);
    }

    @Override
    void beforeBlock(int b) {
        if (!interchanging) {
            loopCopies.beforeBlock(b);
        }
    }

    /**
     * Emits a loop of constant turns written out ({@link UnrolledLoops}): every turn its blocks, the
     * first turn under their own labels (where branches into the loop go), the others under labels of
     * their own, each latch without its backward branch; after the last turn, what follows the latch.
     */
    private void emitUnrolled(CountedLoops.Loop loop, int turns) {
        Runnable turn = () -> {
            for (int b = loop.head(); b < loop.latch(); b++) {
                emitBlock(b);
            }
            emitBlockPrefix(loop.latch(), body.blocks().get(loop.latch()).instructions().size() - 1);
        };
        turn.run();
        for (int t = 1; t < turns; t++) {
            underFreshLabels(loop, turn);
        }
        fallThrough(loop.latch());
    }

    /** Runs {@code emit} with new labels for the loop's blocks, then gives them their own back. */
    private void underFreshLabels(CountedLoops.Loop loop, Runnable emit) {
        int n = loop.latch() - loop.head() + 1;
        Label[] own = new Label[n];
        System.arraycopy(blockLabels, loop.head(), own, 0, n);
        for (int i = 0; i < n; i++) {
            blockLabels[loop.head() + i] = new Label();
        }
        emit.run();
        System.arraycopy(own, 0, blockLabels, loop.head(), n);
    }

    /**
     * Emits the code of an interchanged loop for one work-item and one turn: its blocks under labels of
     * their own, the latch without its step, comparison and branch.
     */
    void emitInterchangedBody(LoopInterchange li, InterchangedLoops.Loop l) {
        CountedLoops.Loop loop = l.loop();
        interchanging = true;
        replacing = li;
        underFreshLabels(loop, () -> {
            for (int b = loop.head(); b < loop.latch(); b++) {
                emitBlock(b);
            }
            emitBlockPrefix(loop.latch(), l.latchBody(body));
        });
        interchanging = false;
        replacing = null;
    }

    /**
     * A work-item entering a loop it may run interchanged stops at its head, unless gathering there
     * failed in too many work-groups in a row: then it enters the loop as written.
     */
    private void gather(KernelPlan.Interchange ic) {
        mv.visitVarInsn(ALOAD, sState);
        mv.visitFieldInsn(GETFIELD, STATE, "interchangeFailures", "[I");
        push(ic.index());
        mv.visitInsn(IALOAD);
        push(WorkGroupState.GATHER_LIMIT);
        mv.visitJumpInsn(IF_ICMPGE, loopCopies.target(-1, ic.gather().block()));
        stopAt(ic.gather());
    }

    @Override
    boolean replaced(Instruction insn) {
        return replacing != null && replacing.replaced(insn);
    }

    /** The interchanged loop that control going from block {@code from} to block {@code target} enters, or null. */
    private KernelPlan.Interchange entering(int from, int target) {
        KernelPlan.Interchange ic = interchanging ? null : plan.interchangeAt(target);
        return ic != null && part.contains(target) && !ic.loop().loop().contains(from) ? ic : null;
    }

    /**
     * Tells the driver whether this call ran every work-item and where they stopped (kernels with more
     * points than the bits of the mask always let the driver scan the work-items instead).
     */
    private void reportPass() {
        mv.visitVarInsn(ALOAD, sState);
        if (sReached.length > 0) {
            mv.visitVarInsn(ILOAD, sAll);
        } else {
            push(0);
        }
        mv.visitFieldInsn(PUTFIELD, STATE, "passCoveredAll", "Z");
        mv.visitVarInsn(ALOAD, sState);
        push(0L);
        for (int i = 0; i < sReached.length; i++) {
            mv.visitVarInsn(ILOAD, sReached[i]);
            mv.visitInsn(I2L);
            push(i < sReached.length - 1 ? i : WorkGroupState.FINISHED_BIT);
            mv.visitInsn(LSHL);
            mv.visitInsn(LOR);
        }
        mv.visitFieldInsn(PUTFIELD, STATE, "passReached", "J");
    }

    /**
     * Skips work-items waiting elsewhere (unless all wait at this call's point); reloads the live
     * registers of the others and jumps to their point. At the kernel entry registers start at zero.
     */
    private void dispatchToPoint() {
        Label run = new Label();
        mv.visitVarInsn(ILOAD, sAll);
        mv.visitJumpInsn(IFNE, run);
        mv.visitVarInsn(ALOAD, sStop);
        mv.visitVarInsn(ILOAD, sW);
        mv.visitInsn(IALOAD);
        mv.visitVarInsn(ILOAD, sPoint);
        mv.visitJumpInsn(IF_ICMPNE, nextItem);
        mv.visitLabel(run);
        List<SyncPoint> mine = plan.pointsOf(part);
        int[] keys = new int[mine.size() + exits.size()];
        Label[] stubs = new Label[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i < mine.size() ? mine.get(i).id() : exits.get(i - mine.size()).entry;
            stubs[i] = new Label();
        }
        mv.visitVarInsn(ILOAD, sPoint);
        mv.visitLookupSwitchInsn(nextItem, keys, stubs);
        for (int i = 0; i < mine.size(); i++) {
            mv.visitLabel(stubs[i]);
            SyncPoint p = mine.get(i);
            if (p.kind() == SyncPoint.Kind.ENTRY) {
                resetAlloca();
            } else {
                spill(p, p.restore(), false);
            }
            mv.visitJumpInsn(GOTO, resume.get(p.id()));
        }
        for (int i = 0; i < exits.size(); i++) {
            mv.visitLabel(stubs[mine.size() + i]);
            InterchangedExit x = exits.get(i);
            x.emit(resume.get(x.resume().id()));
        }
    }

    /** Loads the uniform registers the work-items resume with at this call's point into their holding locals. */
    void loadHeldUniforms() {
        for (Map.Entry<Integer, Integer> h : held.entrySet()) {
            RegisterClass rc = plan.registers.register(h.getKey()).registerClass();
            for (int half = 0; half < (rc == RegisterClass.Q ? 2 : 1); half++) {
                boolean isInt = rc == RegisterClass.C || rc == RegisterClass.S;
                mv.visitInsn(isInt ? ICONST_0 : LCONST_0);
                mv.visitVarInsn(isInt ? ISTORE : LSTORE, h.getValue() + 2 * half);
            }
        }
        for (SyncPoint p : plan.pointsOf(part)) {
            Label next = new Label();
            boolean any = false;
            int[] slots = plan.uniformSlot[p.id()];
            for (int r = p.restore().nextSetBit(0); r >= 0; r = p.restore().nextSetBit(r + 1)) {
                if (slots[r] < 0) {
                    continue;
                }
                if (!any) {
                    // The entries after the part's interchanged loops take up the registers of their heads.
                    Label load = new Label();
                    for (InterchangedExit x : exits) {
                        if (x.gather() == p) {
                            mv.visitVarInsn(ILOAD, sPoint);
                            push(x.entry);
                            mv.visitJumpInsn(IF_ICMPEQ, load);
                        }
                    }
                    mv.visitVarInsn(ILOAD, sPoint);
                    push(p.id());
                    mv.visitJumpInsn(IF_ICMPNE, next);
                    mv.visitLabel(load);
                    any = true;
                }
                uniformAccess(plan.registers.register(r).registerClass(), slots[r], held.get(r), false);
            }
            mv.visitLabel(next);
        }
    }

    /**
     * Stores {@code local} (and the next halves of a $d or $q register) into the uniform arrays at
     * {@code slot}, or loads it from there.
     */
    private void uniformAccess(RegisterClass rc, int slot, int local, boolean store) {
        boolean isInt = rc == RegisterClass.C || rc == RegisterClass.S;
        for (int h = 0; h < (rc == RegisterClass.Q ? 2 : 1); h++) {
            mv.visitVarInsn(ALOAD, isInt ? sUniformI : sUniformL);
            push(slot + h);
            if (store) {
                mv.visitVarInsn(isInt ? ILOAD : LLOAD, local + 2 * h);
                mv.visitInsn(isInt ? IASTORE : LASTORE);
            } else {
                mv.visitInsn(isInt ? IALOAD : LALOAD);
                mv.visitVarInsn(isInt ? ISTORE : LSTORE, local + 2 * h);
            }
        }
    }

    /** A work-item that starts gets an empty alloca area (when the program uses alloca). */
    private void resetAlloca() {
        if (gen.layout.allocaArea() >= 0) {
            mv.visitVarInsn(ALOAD, sState);
            mv.visitVarInsn(ILOAD, sW);
            mv.visitMethodInsn(INVOKEVIRTUAL, STATE, "allocaReset", "(I)V", false);
        }
    }

    /**
     * Saves ({@code save}) or reloads the registers of {@code live} at point {@code p} to or from the
     * spill arrays; entry values ({@link EntryValues}) are not saved but recomputed on reloading, and
     * uniform registers are saved to the work-group's uniform slot and reloaded from their holding local.
     */
    void spill(SyncPoint p, BitSet live, boolean save) {
        if (!save) {
            for (Instruction insn : plan.entryValues.recomputation(live)) {
                emitRecomputation(insn);
            }
        }
        for (int r = live.nextSetBit(0); r >= 0; r = live.nextSetBit(r + 1)) {
            RegisterClass rc = registers.register(r).registerClass();
            int local = registerSlot(registers.indexOf(plan.registers.register(r)));
            int uniform = plan.uniformSlot[p.id()][r];
            if (uniform >= 0) {
                if (save) {
                    uniformAccess(rc, uniform, local, true);
                } else {
                    copyLocal(rc, held.get(r), local);
                }
                continue;
            }
            int slot = plan.spillSlot[r];
            if (slot < 0) {
                continue; // an entry value
            }
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

    /** register local {@code to} = local {@code from}, for a register of class {@code rc}. */
    private void copyLocal(RegisterClass rc, int from, int to) {
        boolean isInt = rc == RegisterClass.C || rc == RegisterClass.S;
        for (int h = 0; h < (rc == RegisterClass.Q ? 2 : 1); h++) {
            mv.visitVarInsn(isInt ? ILOAD : LLOAD, from + 2 * h);
            mv.visitVarInsn(isInt ? ISTORE : LSTORE, to + 2 * h);
        }
    }

    /** The work-item stops at {@code p}: save what is live there, record the point, go to the next work-item. */
    private void stopAt(SyncPoint p) {
        spill(p, p.save(), true);
        recordStop(p.id());
        mv.visitJumpInsn(GOTO, nextItem);
    }

    /** stop[w] = point, and the point joins the ones this pass reached. */
    private void recordStop(int point) {
        mv.visitVarInsn(ALOAD, sStop);
        mv.visitVarInsn(ILOAD, sW);
        push(point);
        mv.visitInsn(IASTORE);
        if (sReached.length > 0) {
            push(1);
            mv.visitVarInsn(ISTORE, sReached[point == SyncPoint.DONE ? sReached.length - 1 : point]);
        }
    }

    @Override
    void branch(Instruction insn, int from, int target) {
        KernelPlan.Interchange ic = entering(from, target);
        if (ic != null) {
            gather(ic);
        } else if (part.contains(target)) {
            if (target <= from && !plan.loopPassesPoint(target, from) && !loopCopies.isCopyBackEdge(from, target)) {
                pollWatchdog(insn);
            }
            mv.visitJumpInsn(GOTO, loopCopies.target(from, target));
        } else {
            stopAt(plan.blockPoint(target));
        }
    }

    @Override
    void fallThrough(int b) {
        int next = b + 1;
        KernelPlan.Interchange ic = next < body.blocks().size() ? entering(b, next) : null;
        if (ic != null) {
            gather(ic);
            return;
        }
        if (next < body.blocks().size() && part.contains(next)) {
            if (loopCopies.leavesCopyAt(b)) {
                mv.visitJumpInsn(GOTO, blockLabels[next]); // the copy lies elsewhere: leave it explicitly
            }
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
            recordStop(SyncPoint.DONE);
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
