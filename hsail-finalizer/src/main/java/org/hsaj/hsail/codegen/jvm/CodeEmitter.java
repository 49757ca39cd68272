package org.hsaj.hsail.codegen.jvm;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hsaj.hsail.ir.BasicBlock;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.OperandRules;
import org.hsaj.hsail.ir.RegisterClass;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.Variable;
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
    final ProgramLayout.Frame frameLayout;
    final RegisterIndex registers;
    private final int[] registerSlot;
    final Label[] blockLabels;

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
    int sGroupX;
    int sGroupY;
    int sGroupZ;
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

    CodeEmitter(GenerationContext gen, MethodVisitor mv, Body body, Function owner, ProgramLayout.Frame frameLayout,
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

    /** Kernarg values loaded once per method call: key {@link #kernargKey} to local slot. */
    private final Map<Long, Integer> kernargCache = new java.util.LinkedHashMap<>();
    private final Map<Long, org.hsaj.hsail.ir.DataType> kernargTypes = new java.util.HashMap<>();
    private int firstKernargSite = -1;
    /** Checked mode: per access site a long local holding the start of the page it last verified. */
    private int[] windows = new int[0];
    private int nextWindow;
    /** Access sites that get their own page-check window in checked mode. */
    static final int MAX_WINDOWS = 32;

    /**
     * Gives every register its local, and in kernel methods the caches of kernarg values and of
     * checked page windows for the given instructions; call after the fixed locals are allocated.
     */
    final void allocateRegisters(List<Instruction> instructions, boolean cacheKernarg) {
        allocateRegisters();
        int accesses = 0;
        for (Instruction insn : instructions) {
            if (cacheKernarg && kernargKey(insn) != null) {
                Long key = kernargKey(insn);
                if (firstKernargSite < 0) {
                    firstKernargSite = gen.site(insn.position());
                }
                if (!kernargCache.containsKey(key)) {
                    kernargCache.put(key, allocate(insn.type().bits() == 64 ? 2 : 1));
                    kernargTypes.put(key, insn.type());
                }
            }
            if ((insn.opcode() == Opcode.LD || insn.opcode() == Opcode.ST) && !isSegmentRelative32(
                    insn.modifiers().segment())) {
                accesses++;
            }
        }
        if (gen.options.checked()) {
            windows = new int[Math.min(accesses, MAX_WINDOWS)];
            for (int i = 0; i < windows.length; i++) {
                windows[i] = allocate(2);
            }
        }
        tempBase = nextLocal;
    }

    /**
     * The cache key of a kernarg load that can be hoisted out of the work-item loop (the kernarg
     * segment is read-only during a dispatch): a scalar ld_kernarg of a parameter at a constant offset.
     */
    static Long kernargKey(Instruction insn) {
        if (insn.opcode() != Opcode.LD || insn.modifiers().segment() != Segment.KERNARG
                || !(insn.operand(0) instanceof Operand.Register) || insn.type().bits() > 64
                || !(insn.operand(1) instanceof Operand.Address a) || a.base() != null || a.symbol() == null
                || a.symbol().segment() != Segment.KERNARG) {
            return null;
        }
        return ((a.symbol().offset() + a.offset()) << 8) | insn.type().ordinal();
    }

    /** The local holding the hoisted value of a kernarg load, or -1. */
    final int cachedKernarg(Instruction insn) {
        Long key = kernargKey(insn);
        Integer slot = key == null ? null : kernargCache.get(key);
        return slot == null ? -1 : slot;
    }

    /**
     * Emits the loads of hoisted kernarg values and the reset of page windows (inside the try range). In
     * checked mode an unreadable kernarg segment faults here, before any work-item runs, at the first
     * hoisted load's line.
     */
    final void initMethodCaches(long kernargSize) {
        if (!kernargCache.isEmpty()) {
            if (gen.options.checked()) {
                Label readable = new Label();
                push(firstKernargSite);
                mv.visitVarInsn(ISTORE, sSite);
                mv.visitVarInsn(ALOAD, sPages);
                mv.visitVarInsn(LLOAD, sKernarg);
                push(Math.max(1, kernargSize));
                push(PageTable.READ);
                mv.visitMethodInsn(INVOKEVIRTUAL, Type.getInternalName(PageTable.class), "allows", "(JJI)Z", false);
                mv.visitJumpInsn(IFNE, readable);
                mv.visitVarInsn(ALOAD, sPages);
                mv.visitVarInsn(LLOAD, sKernarg);
                push((int) Math.max(1, kernargSize));
                push(0);
                call(MemoryChecks.class, "pageFault");
                mv.visitInsn(ATHROW);
                mv.visitLabel(readable);
            }
            for (Map.Entry<Long, Integer> c : kernargCache.entrySet()) {
                DataType t = kernargTypes.get(c.getKey());
                MemoryTranslator.get(this, t, sKernarg, c.getKey() >> 8);
                mv.visitVarInsn(t.bits() == 64 ? LSTORE : ISTORE, c.getValue());
            }
        }
        for (int w : windows) {
            push(Long.MIN_VALUE);
            mv.visitVarInsn(LSTORE, w);
        }
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

    /** Emits block {@code b}: its label, its instructions, and the fall-through exit if it leaves the method. */
    final void emitBlock(int b) {
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
            default -> Translators.translate(insn, this);
        }
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
        Label skip = new Label();
        mv.visitIincInsn(sBudget, -1);
        mv.visitVarInsn(ILOAD, sBudget);
        mv.visitJumpInsn(IFGE, skip);
        setSite(insn);
        mv.visitVarInsn(ALOAD, sState);
        mv.visitMethodInsn(INVOKEVIRTUAL, STATE, "poll", "()V", false);
        push(POLL_INTERVAL);
        mv.visitVarInsn(ISTORE, sBudget);
        mv.visitLabel(skip);
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

    // ---- addresses -------------------------------------------------------------------------------------

    static boolean isSegmentRelative32(Segment s) {
        return s == Segment.GROUP || s == Segment.PRIVATE || s == Segment.SPILL || s == Segment.ARG;
    }

    /**
     * Pushes the address an address expression forms, as a long: for group, private, spill and arg a
     * 32-bit segment address (zero-extended), for kernarg the flat address of the byte, for global,
     * readonly and flat the flat address.
     */
    final void pushSegmentAddress(Instruction insn, Operand.Address a, Segment segment) {
        boolean narrow = isSegmentRelative32(segment);
        Variable v = a.symbol();
        push(0L);
        if (v != null) {
            pushVariableAddress(insn, v, segment);
            mv.visitInsn(LADD);
        }
        if (a.base() != null) {
            loadRegister(a.base());
            if (a.base().registerClass() == RegisterClass.S) {
                mv.visitInsn(I2L);
            }
            mv.visitInsn(LADD);
        }
        if (a.offset() != 0) {
            push(a.offset());
            mv.visitInsn(LADD);
        }
        if (narrow) {
            push(0xffffffffL);
            mv.visitInsn(LAND);
        }
    }

    /** Pushes the address (as {@link #pushSegmentAddress}) of variable {@code v} accessed in {@code segment}. */
    final void pushVariableAddress(Instruction insn, Variable v, Segment segment) {
        Segment vs = v.segment();
        boolean global = vs == Segment.GLOBAL || vs == Segment.READONLY;
        if (segment == Segment.FLAT ? !global : vs != segment && !(isPrivateLike(vs) && isPrivateLike(segment))) {
            throw Unsupported.instruction(insn, "variable " + v.name() + " is in the " + vs.hsailName()
                    + " segment, which the " + (segment == Segment.FLAT ? "flat" : segment.hsailName())
                    + " address of this instruction cannot reach");
        }
        switch (vs) {
            case KERNARG -> {
                mv.visitVarInsn(LLOAD, sKernarg);
                push(v.offset());
                mv.visitInsn(LADD);
            }
            case GROUP -> push(gen.layout.groupOffset(v, owner, insn));
            case PRIVATE, SPILL -> {
                if (v.linkage() != org.hsaj.hsail.ir.Linkage.FUNCTION) {
                    throw Unsupported.instruction(insn, "module-scope private variable " + v.name()
                            + " is not supported");
                }
                mv.visitVarInsn(LLOAD, sFrame);
                push(frameLayout.privateOffset() + v.offset());
                mv.visitInsn(LADD);
            }
            case ARG -> {
                mv.visitVarInsn(LLOAD, sFrame);
                push(argOffset(insn, v));
                mv.visitInsn(LADD);
            }
            default -> {
                if (gen.globals == null) {
                    throw Unsupported.instruction(insn, vs.hsailName() + " variable " + v.name() + " has no address:"
                            + " compile with the loader's variable addresses");
                }
                long address;
                try {
                    address = gen.globals.addressOf(v);
                } catch (IllegalArgumentException ex) {
                    throw Unsupported.instruction(insn, "the loader placed no " + vs.hsailName() + " variable "
                            + v.name() + ": " + ex.getMessage());
                }
                push(address);
            }
        }
    }

    private static boolean isPrivateLike(Segment s) {
        return s == Segment.PRIVATE || s == Segment.SPILL || s == Segment.ARG;
    }

    /** Offset in this activation's frame of an arg variable: an arg block's, or a formal argument. */
    final long argOffset(Instruction insn, Variable v) {
        if (v.linkage() == org.hsaj.hsail.ir.Linkage.ARG) {
            return frameLayout.argOffset() + v.offset();
        }
        if (owner != null) {
            for (Variable in : owner.inputs()) {
                if (in.name().equals(v.name())) {
                    return frameLayout.inputsOffset() + in.offset();
                }
            }
            for (Variable out : owner.outputs()) {
                if (out.name().equals(v.name())) {
                    return out.offset();
                }
            }
        }
        throw Unsupported.instruction(insn, "arg variable " + v.name() + " is neither an arg block variable nor"
                + " a formal argument of this function");
    }

    /**
     * Pushes the flat address of an access of {@code length} bytes through {@code a} in {@code segment},
     * checking it in checked mode. Sets the site first: this is where memory faults happen.
     */
    final void pushFlatAddress(Instruction insn, Operand.Address a, Segment segment, int length, boolean write) {
        setSite(insn);
        pushSegmentAddress(insn, a, segment);
        toFlat(segment, length, write);
    }

    /** Turns the segment address on the stack into a flat one (checked in checked mode). */
    final void toFlat(Segment segment, int length, boolean write) {
        boolean checked = gen.options.checked();
        switch (segment) {
            case GROUP -> {
                if (checked) {
                    checkSegment(length, sGroupSize, write, "group");
                }
                mv.visitVarInsn(LLOAD, sGroupBase);
                mv.visitInsn(LADD);
            }
            case PRIVATE, SPILL, ARG -> {
                if (checked) {
                    checkSegment(length, sPrivateStride, write, "private");
                }
                pushPrivateBase();
                mv.visitInsn(LADD);
            }
            default -> {
                if (checked) {
                    checkPages(length, write);
                }
            }
        }
    }

    /**
     * Checked mode: the flat address on the stack must be on pages that allow the access. The check is
     * inline and call-free (a call in the work-item loop would stop the JIT from hoisting the memory
     * segment's own checks): each access site remembers in a local the page it last verified, like a
     * one-entry TLB, so a run of accesses costs one unsigned compare each; on a miss the page table is
     * read directly, and only a failing access calls out, to build its exception.
     */
    private void checkPages(int length, boolean write) {
        int t = temp(2);
        mv.visitVarInsn(LSTORE, t);
        int w = nextWindow < windows.length ? windows[nextWindow++] : -1;
        Label ok = new Label();
        Label allowed = new Label();
        if (w >= 0) {
            mv.visitVarInsn(LLOAD, t);
            mv.visitVarInsn(LLOAD, w);
            mv.visitInsn(LSUB);
            push(PageTable.PAGE_SIZE - length);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
            mv.visitJumpInsn(IFLE, ok);
        }
        String pageTable = Type.getInternalName(PageTable.class);
        mv.visitVarInsn(ALOAD, sPages);
        mv.visitVarInsn(LLOAD, t);
        mv.visitMethodInsn(INVOKEVIRTUAL, pageTable, "get", "(J)I", false);
        mv.visitVarInsn(ALOAD, sPages);
        mv.visitVarInsn(LLOAD, t);
        push((long) length - 1);
        mv.visitInsn(LADD);
        mv.visitMethodInsn(INVOKEVIRTUAL, pageTable, "get", "(J)I", false);
        mv.visitInsn(IAND);
        push(write ? PageTable.WRITE : PageTable.READ);
        mv.visitInsn(IAND);
        mv.visitJumpInsn(IFNE, allowed);
        mv.visitVarInsn(ALOAD, sPages);
        mv.visitVarInsn(LLOAD, t);
        push(length);
        push(write ? 1 : 0);
        call(MemoryChecks.class, "pageFault");
        mv.visitInsn(ATHROW);
        mv.visitLabel(allowed);
        if (w >= 0) {
            // Remember the page when the access lies within one.
            mv.visitVarInsn(LLOAD, t);
            mv.visitVarInsn(LLOAD, t);
            push((long) length - 1);
            mv.visitInsn(LADD);
            mv.visitInsn(LXOR);
            push(PageTable.PAGE_SHIFT);
            mv.visitInsn(LUSHR);
            push(0L);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, ok);
            mv.visitVarInsn(LLOAD, t);
            push(-PageTable.PAGE_SIZE);
            mv.visitInsn(LAND);
            mv.visitVarInsn(LSTORE, w);
        }
        mv.visitLabel(ok);
        mv.visitVarInsn(LLOAD, t);
    }

    /** Checked mode: the segment address on the stack plus {@code length} must not pass the segment's size. */
    private void checkSegment(int length, int sizeLocal, boolean write, String segment) {
        int t = temp(2);
        Label ok = new Label();
        mv.visitVarInsn(LSTORE, t);
        mv.visitVarInsn(LLOAD, t);
        mv.visitVarInsn(LLOAD, sizeLocal);
        push((long) length);
        mv.visitInsn(LSUB);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
        mv.visitJumpInsn(IFLE, ok);
        mv.visitVarInsn(LLOAD, t);
        push(length);
        mv.visitVarInsn(LLOAD, sizeLocal);
        push(write ? 1 : 0);
        mv.visitLdcInsn(segment);
        call(MemoryChecks.class, "segmentFault");
        mv.visitInsn(ATHROW);
        mv.visitLabel(ok);
        mv.visitVarInsn(LLOAD, t);
    }

    /** Pushes the flat address of this work-item's private segment. */
    final void pushPrivateBase() {
        mv.visitVarInsn(LLOAD, sPrivateBase);
        mv.visitVarInsn(ILOAD, sW);
        mv.visitInsn(I2L);
        mv.visitVarInsn(LLOAD, sPrivateStride);
        mv.visitInsn(LMUL);
        mv.visitInsn(LADD);
    }

}
