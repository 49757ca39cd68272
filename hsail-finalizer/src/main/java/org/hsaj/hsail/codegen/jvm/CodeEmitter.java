package org.hsaj.hsail.codegen.jvm;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hsaj.hsail.exec.SegmentLayout;
import org.hsaj.hsail.ir.BasicBlock;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.OperandRules;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Emits the bytecode of one generated method from one HSAIL code block: registers as JVM locals,
 * operands, addresses, helper calls. Subclasses decide what a method is: a part of a kernel
 * ({@link PartEmitter}, a loop over work-items) or an HSAIL function ({@link FunctionEmitter}, one
 * work-item per call); they implement control transfers, which differ between the two.
 *
 * <p>Values on the operand stack follow the register representation: b1 and every type of 32 bits
 * or fewer as an int (f16 in the low 16 bits), 64-bit types as a long, 128-bit types as two longs
 * (low half pushed first).
 */
abstract class CodeEmitter implements Opcodes {
    static final String STATE = Type.getInternalName(WorkGroupState.class);
    static final String SEGMENT = Type.getInternalName(MemorySegment.class);
    static final String SVM = Type.getInternalName(SharedVirtualMemory.class);
    /** Backward branches between two watchdog polls. */
    static final int POLL_INTERVAL = 1 << 14;

    final GenerationContext gen;
    final MethodVisitor mv;
    final Body body;
    /** The function whose code block this is, or null for the kernel. */
    final Function owner;
    final SegmentLayout.Frame frameLayout;
    final RegisterIndex registers;
    private final int[] registerSlot;
    final Label[] blockLabels;
    /** Address arithmetic and checked mode's access checks of this method. */
    final AddressEmitter addresses = new AddressEmitter(this);
    /** Registers holding a work-item id throughout (kernel parts); null in functions. */
    IdRegisters ids;

    // Fixed locals, assigned by the subclass's constructor before allocate() is used for the rest.
    int sState;
    int sMemory;
    int sPages;
    int sSvm;
    int sKernarg;
    int sGroupBase;
    int sGroupSize;
    int sPrivateBase;
    int sPrivateStride;
    /** The group segment size and private stride as ints, clamped to Integer.MAX_VALUE (for checks). */
    int sGroupSizeInt;
    int sPrivateStrideInt;
    int sGroupX;
    int sGroupY;
    int sGroupZ;
    /** Kernel parts: group * workgroupsize along each axis, as longs (the first absolute id of the group). */
    int sAbsBaseX = -1;
    int sAbsBaseY = -1;
    int sAbsBaseZ = -1;
    int sWgX;
    int sWgY;
    int sWgZ;
    int sX;
    int sY;
    int sZ;
    int sW;
    int sFrame;
    int sBudget;
    int sSite;
    private int nextLocal;
    private int tempBase;

    CodeEmitter(GenerationContext gen, MethodVisitor mv, Body body, Function owner, SegmentLayout.Frame frameLayout,
            int firstFreeLocal) {
        this.gen = gen;
        this.mv = mv;
        this.body = body;
        this.owner = owner;
        this.frameLayout = frameLayout;
        this.registers = new RegisterIndex(body);
        this.registerSlot = new int[registers.size()];
        this.blockLabels = new Label[body.blocks().size()];
        for (int i = 0; i < blockLabels.length; i++) {
            blockLabels[i] = new Label();
        }
        this.nextLocal = firstFreeLocal;
    }

    /** Reserves {@code size} local slots and returns the first. */
    final int allocate(int size) {
        int s = nextLocal;
        nextLocal += size;
        return s;
    }

    /**
     * Gives every register its local, and in kernel methods the caches of kernarg values and of
     * checked page windows for the given instructions; call after the fixed locals are allocated.
     */
    final void allocateRegisters(List<Instruction> instructions, boolean cacheKernarg) {
        allocateRegisters();
        addresses.allocateCaches(instructions, cacheKernarg);
        tempBase = nextLocal;
    }

    /** Gives every register its local; call after the fixed locals are allocated. */
    final void allocateRegisters() {
        for (int r = 0; r < registers.size(); r++) {
            registerSlot[r] = allocate(switch (registers.register(r).registerClass()) {
                case C, S -> 1;
                case D -> 2;
                case Q -> 4;
            });
        }
        tempBase = nextLocal;
    }

    /** A temporary local of {@code size} slots, valid until the next instruction. */
    final int temp(int size) {
        int s = nextLocal;
        nextLocal += size;
        return s;
    }

    /** Allocates the locals every kind of method has (after the parameters it has already). */
    final void allocateCommonLocals() {
        sMemory = allocate(1);
        sPages = allocate(1);
        sSvm = allocate(1);
        sKernarg = allocate(2);
        sGroupBase = allocate(2);
        sGroupSize = allocate(2);
        sPrivateBase = allocate(2);
        sPrivateStride = allocate(2);
        sGroupSizeInt = allocate(1);
        sPrivateStrideInt = allocate(1);
        sGroupX = allocate(2);
        sGroupY = allocate(2);
        sGroupZ = allocate(2);
        sWgX = allocate(1);
        sWgY = allocate(1);
        sWgZ = allocate(1);
        sBudget = allocate(1);
        sSite = allocate(1);
    }

    /** Loads the work-group state's fields that generated code uses into their locals. */
    final void loadStateFields() {
        loadField("groupX", "J", LSTORE, sGroupX);
        loadField("groupY", "J", LSTORE, sGroupY);
        loadField("groupZ", "J", LSTORE, sGroupZ);
        loadField("wgX", "I", ISTORE, sWgX);
        loadField("wgY", "I", ISTORE, sWgY);
        loadField("wgZ", "I", ISTORE, sWgZ);
        loadField("memory", "L" + SEGMENT + ";", ASTORE, sMemory);
        loadField("pages", Type.getDescriptor(PageTable.class), ASTORE, sPages);
        loadField("svm", "L" + SVM + ";", ASTORE, sSvm);
        loadField("kernarg", "J", LSTORE, sKernarg);
        loadField("groupBase", "J", LSTORE, sGroupBase);
        loadField("groupSize", "J", LSTORE, sGroupSize);
        loadField("privateBase", "J", LSTORE, sPrivateBase);
        loadField("privateStride", "J", LSTORE, sPrivateStride);
        clampToInt(sGroupSize, sGroupSizeInt);
        clampToInt(sPrivateStride, sPrivateStrideInt);
    }

    private void clampToInt(int longLocal, int intLocal) {
        mv.visitVarInsn(LLOAD, longLocal);
        push((long) Integer.MAX_VALUE);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "min", "(JJ)J", false);
        mv.visitInsn(L2I);
        mv.visitVarInsn(ISTORE, intLocal);
    }

    final void loadField(String name, String desc, int store, int slot) {
        mv.visitVarInsn(ALOAD, sState);
        mv.visitFieldInsn(GETFIELD, STATE, name, desc);
        mv.visitVarInsn(store, slot);
    }

    /** Pushes a field of the work-group state. */
    final void stateField(String name, String desc) {
        mv.visitVarInsn(ALOAD, sState);
        mv.visitFieldInsn(GETFIELD, STATE, name, desc);
    }

    /** Sets every register to zero (registers start defined, so every path verifies). */
    final void zeroRegisters() {
        for (int r = 0; r < registers.size(); r++) {
            switch (registers.register(r).registerClass()) {
                case C, S -> {
                    mv.visitInsn(ICONST_0);
                    mv.visitVarInsn(ISTORE, registerSlot[r]);
                }
                case D -> {
                    mv.visitInsn(LCONST_0);
                    mv.visitVarInsn(LSTORE, registerSlot[r]);
                }
                case Q -> {
                    mv.visitInsn(LCONST_0);
                    mv.visitVarInsn(LSTORE, registerSlot[r]);
                    mv.visitInsn(LCONST_0);
                    mv.visitVarInsn(LSTORE, registerSlot[r] + 2);
                }
            }
        }
    }

    // ---- emission of the code block ------------------------------------------------------------------

    /** The cmp that compares u32 values as signed ints (in a counted loop's signed copy), or null. */
    Instruction signedCompare;
    /**
     * Checked mode, while a counted loop's signed copy or interchanged turns are emitted: the accesses
     * whose window check (or, interchanged, group segment check) the check before the loop did for every
     * turn ({@link StridedAccesses}, {@link LoopInterchange}); they get none of their own.
     */
    java.util.Set<Instruction> windowCheckedBeforeLoop = java.util.Set.of();

    /** Emits block {@code b}: its label, its instructions, and the fall-through exit if it leaves the method. */
    final void emitBlock(int b) {
        beforeBlock(b);
        mv.visitLabel(blockLabels[b]);
        BasicBlock block = body.blocks().get(b);
        List<Instruction> insns = block.instructions();
        for (int i = 0; i < insns.size(); i++) {
            nextLocal = tempBase;
            emitInstruction(insns.get(i), b, i);
        }
        nextLocal = tempBase;
        if (block.fallsThrough()) {
            fallThrough(b);
        }
    }

    /** Emits the label and the first {@code count} instructions of block {@code b}, and no exit. */
    final void emitBlockPrefix(int b, int count) {
        mv.visitLabel(blockLabels[b]);
        List<Instruction> insns = body.blocks().get(b).instructions();
        for (int i = 0; i < count; i++) {
            nextLocal = tempBase;
            emitInstruction(insns.get(i), b, i);
        }
        nextLocal = tempBase;
    }

    /** Emits an instruction again outside its block (it has no control flow): see {@link EntryValues}. */
    final void emitRecomputation(Instruction insn) {
        nextLocal = tempBase;
        Translators.translate(insn, this);
        nextLocal = tempBase;
    }

    private void emitInstruction(Instruction insn, int b, int i) {
        switch (insn.opcode()) {
            case ARG_BLOCK_START, ARG_BLOCK_END, NOP -> {
            }
            case BR -> branch(insn, b, ((Operand.LabelRef) insn.operand(0)).block());
            case CBR -> {
                Label skip = new Label();
                loadSource(insn, 0);
                mv.visitJumpInsn(IFEQ, skip);
                branch(insn, b, ((Operand.LabelRef) insn.operand(1)).block());
                mv.visitLabel(skip);
            }
            case SBR -> switchBranch(insn, b);
            case RET -> finish(insn);
            case CALL, SCALL -> CallTranslator.call(insn, this);
            case BARRIER, WAVEBARRIER, ACTIVELANECOUNT, ACTIVELANEID, ACTIVELANEMASK, ACTIVELANEPERMUTE ->
                    synchronize(insn, b, i);
            default -> {
                if (!replaced(insn)) {
                    Translators.translate(insn, this);
                }
            }
        }
    }

    /** Emits {@code insn} another way than its translator does and returns true, or returns false. */
    boolean replaced(Instruction insn) {
        return false;
    }

    private void switchBranch(Instruction insn, int b) {
        List<Operand.LabelRef> labels = ((Operand.LabelList) insn.operand(1)).labels();
        Label bad = new Label();
        Label[] cases = new Label[labels.size()];
        for (int i = 0; i < cases.length; i++) {
            cases[i] = new Label();
        }
        DataType t = OperandRules.operandType(insn, 0);
        loadSource(insn, 0);
        if (t.bits() == 64) {
            int v = temp(2);
            mv.visitVarInsn(LSTORE, v);
            mv.visitVarInsn(LLOAD, v);
            push((long) labels.size());
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
            mv.visitJumpInsn(IFGE, bad);
            mv.visitVarInsn(LLOAD, v);
            mv.visitInsn(L2I);
        }
        mv.visitTableSwitchInsn(0, cases.length - 1, bad, cases);
        for (int i = 0; i < cases.length; i++) {
            mv.visitLabel(cases[i]);
            branch(insn, b, labels.get(i).block());
        }
        mv.visitLabel(bad);
        trap(insn, "sbr selector out of range (the switch has " + labels.size() + " labels)");
    }

    /** Throws a trap fault with {@code message} at this instruction. */
    final void trap(Instruction insn, String message) {
        setSite(insn);
        mv.visitTypeInsn(NEW, Type.getInternalName(WorkItemTrap.class));
        mv.visitInsn(DUP);
        mv.visitLdcInsn(message);
        mv.visitMethodInsn(INVOKESPECIAL, Type.getInternalName(WorkItemTrap.class), "<init>", "(Ljava/lang/String;)V",
                false);
        mv.visitInsn(ATHROW);
    }

    /** What comes before block {@code b}'s label (fall-through into the block passes it too); nothing here. */
    void beforeBlock(int b) {
    }

    /** Control goes from the end of block {@code from} (a branch in it) to block {@code target}. */
    abstract void branch(Instruction insn, int from, int target);

    /** Control falls off the end of block {@code b}. */
    abstract void fallThrough(int b);

    /** ret: the work-item (kernel) or the activation (function) ends. */
    abstract void finish(Instruction insn);

    /** A barrier, wavebarrier or cross-lane operation. */
    abstract void synchronize(Instruction insn, int block, int index);

    /** Emits the watchdog's poll: every {@link #POLL_INTERVAL} backward branches, check for cancellation. */
    final void pollWatchdog(Instruction insn) {
        mv.visitIincInsn(sBudget, -1);
        pollIfSpent(insn);
    }

    /** Polls the watchdog when the budget of backward branches is spent (below zero), and renews it. */
    final void pollIfSpent(Instruction insn) {
        Label skip = new Label();
        mv.visitVarInsn(ILOAD, sBudget);
        mv.visitJumpInsn(IFGE, skip);
        setSite(insn);
        mv.visitVarInsn(ALOAD, sState);
        mv.visitMethodInsn(INVOKEVIRTUAL, STATE, "poll", "()V", false);
        push(POLL_INTERVAL);
        mv.visitVarInsn(ISTORE, sBudget);
        mv.visitLabel(skip);
    }

    // ---- the fault handler's range and guarded checks --------------------------------------------------

    private Label faultHandler;
    /** The end of the stretch of code the fault handler currently covers. */
    private Label coveredEnd;

    /**
     * Starts the code whose exceptions the method's fault handler ({@code handler}, which catches
     * every Throwable) turns into faults. The handler covers it in stretches that leave out the
     * checks of {@link #guarded}, so that their exceptions reach their own handlers.
     */
    final void beginFaultRange(Label handler) {
        faultHandler = handler;
        Label start = new Label();
        coveredEnd = new Label();
        mv.visitTryCatchBlock(start, coveredEnd, handler, "java/lang/Throwable");
        mv.visitLabel(start);
    }

    /** Ends the code the fault handler covers; the handler's own code follows. */
    final void endFaultRange() {
        mv.visitLabel(coveredEnd);
    }

    /**
     * Emits {@code check}, bounds checks that throw IndexOutOfBoundsException when they fail
     * ({@code Objects.checkIndex} calls, which the JIT can take out of loops), and {@code miss}, run
     * when one fails: the slow, exact check, which faults or lets control continue behind the check.
     * Both start and end with an empty operand stack. {@code miss} must not assign locals that the
     * checks read: the JIT would then keep the checks in their loop.
     */
    final void guarded(Runnable check, Runnable miss) {
        Label checkStart = coveredEnd;
        Label checkEnd = new Label();
        Label onMiss = new Label();
        Label after = new Label();
        mv.visitTryCatchBlock(checkStart, checkEnd, onMiss, "java/lang/IndexOutOfBoundsException");
        coveredEnd = new Label();
        mv.visitTryCatchBlock(checkEnd, coveredEnd, faultHandler, "java/lang/Throwable");
        mv.visitLabel(checkStart);
        check.run();
        mv.visitLabel(checkEnd);
        mv.visitJumpInsn(GOTO, after);
        mv.visitLabel(onMiss);
        mv.visitInsn(POP);
        miss.run();
        mv.visitLabel(after);
    }

    // ---- sites -----------------------------------------------------------------------------------------

    /** Records the instruction as the current site (free after JIT: only exception paths read it). */
    final void setSite(Instruction insn) {
        push(gen.site(insn.position()));
        mv.visitVarInsn(ISTORE, sSite);
    }

    // ---- operands --------------------------------------------------------------------------------------

    /** The JVM shape of a value of type {@code t}: 1 int, 2 long, 4 two longs. */
    static int slots(DataType t) {
        return t.bits() > 64 ? 4 : t.bits() == 64 ? 2 : 1;
    }

    final void loadSource(Instruction insn, int index) {
        loadOperand(insn.operand(index), OperandRules.operandType(insn, index));
    }

    final void loadOperand(Operand op, DataType t) {
        switch (op) {
            case Operand.Register r -> loadRegister(r);
            case Operand.Immediate imm -> {
                switch (slots(t)) {
                    case 1 -> push((int) imm.bits());
                    case 2 -> push(imm.bits());
                    default -> {
                        push(imm.bits());
                        push(imm.high());
                    }
                }
            }
            case Operand.WaveSize w -> {
                switch (slots(t)) {
                    case 1 -> push(64);
                    case 2 -> push(64L);
                    default -> {
                        push(64L);
                        push(0L);
                    }
                }
            }
            default -> throw new IllegalStateException("not a value operand: " + op);
        }
    }

    final void loadRegister(Operand.Register r) {
        int slot = registerSlot[registers.indexOf(r)];
        switch (r.registerClass()) {
            case C, S -> mv.visitVarInsn(ILOAD, slot);
            case D -> mv.visitVarInsn(LLOAD, slot);
            case Q -> {
                mv.visitVarInsn(LLOAD, slot);
                mv.visitVarInsn(LLOAD, slot + 2);
            }
        }
    }

    final void storeRegister(Operand.Register r) {
        int slot = registerSlot[registers.indexOf(r)];
        switch (r.registerClass()) {
            case C, S -> mv.visitVarInsn(ISTORE, slot);
            case D -> mv.visitVarInsn(LSTORE, slot);
            case Q -> {
                mv.visitVarInsn(LSTORE, slot + 2);
                mv.visitVarInsn(LSTORE, slot);
            }
        }
    }

    /**
     * Pushes the zero-extended 64-bit value of a register that holds a work-item id (see
     * {@link IdRegisters}) as {@code absolute base + (long) local id}; returns false, pushing nothing,
     * for any other operand.
     */
    final boolean pushWideId(Operand op) {
        IdRegisters.Id id = ids == null ? null : ids.idOf(op);
        if (id == null) {
            return false;
        }
        int d = id.dimension();
        mv.visitVarInsn(ILOAD, d == 0 ? sX : d == 1 ? sY : sZ);
        mv.visitInsn(I2L);
        if (id.absolute()) {
            mv.visitVarInsn(LLOAD, d == 0 ? sAbsBaseX : d == 1 ? sAbsBaseY : sAbsBaseZ);
            mv.visitInsn(LADD);
        }
        return true;
    }

    final int registerSlot(int registerIndex) {
        return registerSlot[registerIndex];
    }

    /** Stores the value on the stack into the (single register) destination operand 0. */
    final void storeDestination(Instruction insn) {
        storeRegister((Operand.Register) insn.operand(0));
    }

    /** The destination registers of operand 0: one register or the elements of a vector. */
    static List<Operand> destinations(Instruction insn) {
        return insn.operand(0) instanceof Operand.VectorOperand v ? v.elements() : List.of(insn.operand(0));
    }

    // ---- constants and helper calls --------------------------------------------------------------------

    final void push(int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    final void push(long v) {
        if (v == 0 || v == 1) {
            mv.visitInsn(LCONST_0 + (int) v);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    private static final Map<String, Method> HELPERS = new ConcurrentHashMap<>();

    /** Calls the static helper {@code owner.name} (helper names are unique within their class). */
    final void call(Class<?> helperOwner, String name) {
        Method m = HELPERS.computeIfAbsent(helperOwner.getName() + "." + name, k -> {
            Method found = null;
            for (Method c : helperOwner.getDeclaredMethods()) {
                if (c.getName().equals(name)) {
                    if (found != null) {
                        throw new IllegalStateException("helper " + k + " is overloaded");
                    }
                    found = c;
                }
            }
            if (found == null) {
                throw new IllegalStateException("no helper " + k);
            }
            return found;
        });
        mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(helperOwner), name, Type.getMethodDescriptor(m), false);
    }
}
