package org.hsaj.cpu.translate;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.hsaj.cpu.decode.Instruction;
import org.hsaj.cpu.decode.Opcode;
import org.hsaj.cpu.exec.AccessWindows;
import org.hsaj.cpu.exec.DecodedBlock;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Compiles a {@link Region} into the bytecode of a {@link TranslatedRegion} subclass whose
 * {@code execute} method runs the region's guest code with the guest registers in JVM locals.
 *
 * <pre>
 * long execute(Hart h, long pc):
 *     x = h.x; f = h.f                       (segment and pages are class-data constants)
 *     xN = x[N] ... fN = f[N] ...            (each register the region uses)
 *     switch ((int) (pc - head)) { case offset(B): goto B; ... }
 *   B:                                       (one label per block, instructions inline)
 *     xD = xA + xB                           (integer ops as long arithmetic on locals)
 *     xD = MemoryAccess.ld(SEGMENT, PAGES, xA + imm, h, pc)   (one permission byte, then segment.get)
 *     ok = MemoryAccess.groupAllows(PAGES, xS + lo, span, ...) (accesses sharing a base register: one check)
 *     MemoryAccess.sdIf(ok, SEGMENT, xS + 8, xV, h, pc)
 *     a = xA + imm; xD = AccessWindows.holds(WINDOWS, k, a, 8) ? MemoryAccess.readLong(SEGMENT, a)
 *                                  : MemoryAccess.ld(SEGMENT, PAGES, a, h, pc)
 *                                            (an access window first: single-threaded processes)
 *     a = xS + lo; ok = AccessWindows.holds(WINDOWS, k, a, MAX_SPAN) ? 1 : MemoryAccess.groupAllows(PAGES, a, ...)
 *                                            (a group's shared check, its window first)
 *     if (xA < xB) { if (h.stopRequested) leave(target); goto T }   (backward edges notice exit requests,
 *                                            in a process with more than one thread)
 *     if (h.system.ecall(h)) return h.pc     (the call moved the hart: a signal handler's entry or return)
 *     if (!valid) leave(pc + 4)              (a system call may have dropped this translation)
 *     ... exit(pc): nextPc = pc; exitIndex = k; goto EXIT   (chained: k is the exit's link)
 *     ... leave(pc): nextPc = pc; exitIndex = -1; goto EXIT   (back to the dispatcher)
 *   EXIT:
 *     x[N] = xN ...                          (each register the region writes)
 *     h.pc = nextPc
 *     switch (exitIndex) { case k: return chain(links[k], h, nextPc) }   (runs the linked translation, if any)
 *   CALL (jal ra, f outside the region, its return address R inside):
 *     write changed registers back; r = chain(links[k], h, f); reload registers
 *     if (r != R) exit(r); if (!valid) leave(R); goto R      (the callee may have rewritten this code)
 *     return nextPc
 *   FAULT (a GuestFault thrown anywhere above, for a guest signal handler to take; where the guest has one):
 *     unless the fault says the registers were saved: x[N] = xN ...; mark it saved; rethrow
 * </pre>
 *
 * Instructions the generator does not compile (ebreak, illegal encodings, reserved rounding modes)
 * leave the region at their own pc, so the interpreter raises their trap.
 */
final class RegionCompiler {
    static final String REGION = Type.getInternalName(TranslatedRegion.class);
    static final String HART = "org/hsaj/cpu/exec/Hart";
    static final String HART_DESC = "L" + HART + ";";
    private static final String GUEST_FAULT = Type.getInternalName(org.hsaj.cpu.GuestFault.class);
    static final String MEMORY = "org/hsaj/cpu/exec/GuestMemory";
    static final String SEGMENT = "java/lang/foreign/MemorySegment";
    static final String SVM = "org/hsaj/runtime/memory/SharedVirtualMemory";
    static final String FP = "org/hsaj/cpu/exec/FloatingPoint";
    static final String INT_OPS = "org/hsaj/cpu/exec/IntegerOps";
    static final String ATOMICS = "org/hsaj/cpu/exec/Atomics";
    static final String CSRS = "org/hsaj/cpu/exec/ControlRegisters";
    static final String SLOW = Type.getInternalName(SlowPath.class);
    static final String BLOCK = "org/hsaj/cpu/exec/DecodedBlock";
    static final String CONSTRUCTOR_DESC = "(L" + MEMORY + ";[L" + BLOCK + ";[L" + BLOCK + ";[JZ)V";
    /** Constant exits that get a chaining call site; more would bloat the method. */
    static final int MAX_LINKS = 24;

    /**
     * The memory segment, the permission mirror and the access windows' bounds, as constants of the
     * class (its class data: a list of the three), so the JIT folds their bounds and liveness checks.
     */
    private static final Handle CLASS_DATA_AT = new Handle(H_INVOKESTATIC, "java/lang/invoke/MethodHandles",
            "classDataAt", "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;I)Ljava/lang/Object;",
            false);
    private static final ConstantDynamic SEGMENT_CONSTANT = new ConstantDynamic("_", "L" + SEGMENT + ";",
            CLASS_DATA_AT, 0);
    private static final ConstantDynamic PAGES_CONSTANT = new ConstantDynamic("_", "[B", CLASS_DATA_AT, 1);
    private static final ConstantDynamic WINDOWS_CONSTANT = new ConstantDynamic("_", "[J", CLASS_DATA_AT, 2);

    // Local variable slots.
    private static final int THIS = 0;
    private static final int H = 1;
    private static final int ENTRY_PC = 2;
    private static final int X_ARRAY = 4;
    private static final int F_ARRAY = 5;
    private static final int PAGES = 6;
    private static final int SEG = 7;
    private static final int NEXT_PC = 8;
    private static final int EXIT_INDEX = 10;
    private static final int TMP = 14;
    private static final int X_BASE = 18;
    private static final int F_BASE = X_BASE + 64;
    /** Int locals holding the outcome of one permission check shared by several accesses. */
    private static final int GROUP_BASE = F_BASE + 64;
    private static final int MAX_GROUPS = 32;
    /** Widest byte span one shared check may cover. */
    private static final int MAX_GROUP_SPAN = 512;

    /** The compiled class and what its constructor needs. */
    record Compiled(byte[] classBytes, String className, long[] linkTargets, int codeSize) {
    }

    /**
     * What the process needs its regions to look after, at a cost. {@code stopChecks}: backward edges
     * look at the hart's stop request (needed once the process has a second thread, whose exit_group must
     * stop this one). {@code preciseFaults}: a fault writes the region's registers back to the hart
     * before it leaves (needed once the guest has a handler for a fault signal, which gets those
     * registers); an exception handler around the whole method, which cost compress, strsearch and hash
     * 10-20 %.
     */
    record Guards(boolean stopChecks, boolean preciseFaults) {
    }

    private final Region region;
    /** The access windows accesses are checked against before the mirror; null for none. */
    private final AccessWindows windows;
    /** Whether backward edges look at the hart's stop request (see {@link #edge}). */
    private final boolean checkStops;
    /** Whether a fault saves the registers for a guest signal handler (see {@link #saveRegistersOnFault}). */
    private final boolean preciseFaults;
    private MethodVisitor mv;
    private final Map<Long, Label> blockLabels = new HashMap<>();
    private final List<Long> linkTargets = new ArrayList<>();
    private final Map<Long, Integer> linkIndex = new HashMap<>();
    /** Registers the region loads into locals and writes back (bit masks, see {@link RegisterUse}). */
    private long xUsed;
    private long xWritten;
    private long fUsed;
    private long fWritten;
    private final Label exitLabel = new Label();
    /** Access groups of the block being compiled, by instruction index. */
    private Map<Integer, AccessGroup> groups = Map.of();
    private int currentIndex = -1;
    private long currentBlockPc = -1;
    private DecodedBlock currentBlock;

    /**
     * Memory accesses of one block through the same base register value: one permission check, at the
     * first of them, covers the byte span of all (when it lies in one page), so the others test a local.
     */
    private static final class AccessGroup {
        final int firstIndex;
        long lowest = Long.MAX_VALUE;
        long highest = Long.MIN_VALUE;
        boolean reads;
        boolean writes;
        int members;
        int slot = -1;
        /** The access window the shared check tries first (-1: the mirror only). */
        int window = -1;

        AccessGroup(int firstIndex) {
            this.firstIndex = firstIndex;
        }
    }

    private RegionCompiler(Region region, AccessWindows windows, Guards guards) {
        this.region = region;
        this.checkStops = guards.stopChecks();
        this.preciseFaults = guards.preciseFaults();
        // Another thread's unmap would not reach a loop that keeps a window's bounds in registers.
        this.windows = checkStops ? null : windows;
    }

    /**
     * Compiles {@code region}; its accesses are checked against {@code windows} first (the class data
     * must then hold their bounds array, see {@link Translator}), unless the guards ask for stop checks.
     */
    static Compiled compile(Region region, AccessWindows windows, String className, Guards guards) {
        return new RegionCompiler(region, windows, guards).generate(className);
    }

    /** Whether the generator compiles {@code in} (others leave the region so the interpreter traps). */
    static boolean translatable(Instruction in) {
        return switch (in.opcode()) {
            case ILLEGAL, EBREAK -> false;
            default -> !in.opcode().usesRoundingMode() || in.rm() <= 4 || in.rm() == 7;
        };
    }

    // ---- register usage ----------------------------------------------------------------------

    private void analyze() {
        for (DecodedBlock b : region.blocks()) {
            for (Instruction in : b.instructions) {
                xUsed |= RegisterUse.xReads(in);
                xWritten |= RegisterUse.xWrites(in);
                fUsed |= RegisterUse.fReads(in);
                fWritten |= RegisterUse.fWrites(in);
            }
        }
        // A register written on some path is loaded too: the other paths write back the value it had.
        xUsed |= xWritten;
        fUsed |= fWritten;
    }

    // ---- class and method skeleton -------------------------------------------------------------

    private Compiled generate(String className) {
        analyze();
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String type1, String type2) {
                return "java/lang/Object";
            }
        };
        cw.visit(V25, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, className, null, REGION, null);
        cw.visitSource("guest@" + Long.toHexString(region.head().pc), null);
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", CONSTRUCTOR_DESC, null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitVarInsn(ALOAD, 1);
        init.visitVarInsn(ALOAD, 2);
        init.visitVarInsn(ALOAD, 3);
        init.visitVarInsn(ALOAD, 4);
        init.visitVarInsn(ILOAD, 5);
        init.visitMethodInsn(INVOKESPECIAL, REGION, "<init>", CONSTRUCTOR_DESC, false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        mv = cw.visitMethod(ACC_PUBLIC | ACC_FINAL, "execute", "(" + HART_DESC + "J)J", null, null);
        mv.visitCode();
        Label guarded = new Label();
        Label faultHandler = new Label();
        if (preciseFaults) {
            mv.visitTryCatchBlock(guarded, faultHandler, faultHandler, GUEST_FAULT);
        }
        prologue();
        mv.visitLabel(guarded);
        for (DecodedBlock b : region.blocks()) {
            blockLabels.put(b.pc, new Label());
        }
        entrySwitch();
        List<DecodedBlock> blocks = region.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            DecodedBlock b = blocks.get(i);
            mv.visitLabel(blockLabels.get(b.pc));
            block(b, i + 1 < blocks.size() ? blocks.get(i + 1) : null);
        }
        epilogue();
        if (preciseFaults) {
            mv.visitLabel(faultHandler);
            saveRegistersOnFault();
        }
        Label end = new Label();
        mv.visitLabel(end);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        byte[] bytes = cw.toByteArray();
        long[] links = linkTargets.stream().mapToLong(Long::longValue).toArray();
        return new Compiled(bytes, className, links, end.getOffset());
    }

    private void prologue() {
        mv.visitVarInsn(ALOAD, H);
        mv.visitFieldInsn(GETFIELD, HART, "x", "[J");
        mv.visitVarInsn(ASTORE, X_ARRAY);
        mv.visitVarInsn(ALOAD, H);
        mv.visitFieldInsn(GETFIELD, HART, "f", "[J");
        mv.visitVarInsn(ASTORE, F_ARRAY);
        reloadAll();
    }

    /**
     * The handler of a fault in the region (a bad access, an illegal instruction): the locals hold the
     * registers as they were before the faulting instruction, so writing them back gives a guest signal
     * handler the precise state; a fault that comes out of a chained region was saved there already, and
     * this region's locals, older, must not overwrite it.
     */
    private void saveRegistersOnFault() {
        Label saved = new Label();
        mv.visitInsn(DUP);
        mv.visitMethodInsn(INVOKEVIRTUAL, GUEST_FAULT, "registersSaved", "()Z", false);
        mv.visitJumpInsn(IFNE, saved);
        writeBackAll();
        mv.visitInsn(DUP);
        mv.visitMethodInsn(INVOKEVIRTUAL, GUEST_FAULT, "markRegistersSaved", "()V", false);
        mv.visitLabel(saved);
        mv.visitInsn(ATHROW);
    }

    private void entrySwitch() {
        List<DecodedBlock> blocks = region.blocks();
        long head = region.head().pc;
        if (blocks.size() == 1) {
            return;
        }
        List<DecodedBlock> sorted = new ArrayList<>(blocks);
        sorted.sort((a, b) -> Long.compare(a.pc - head, b.pc - head));
        int[] keys = new int[sorted.size()];
        Label[] labels = new Label[sorted.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = (int) (sorted.get(i).pc - head);
            labels[i] = blockLabels.get(sorted.get(i).pc);
        }
        Label unknown = new Label();
        mv.visitVarInsn(LLOAD, ENTRY_PC);
        push(head);
        mv.visitInsn(LSUB);
        mv.visitInsn(L2I);
        mv.visitLookupSwitchInsn(unknown, keys, labels);
        mv.visitLabel(unknown);
        mv.visitVarInsn(LLOAD, ENTRY_PC);
        exitDynamic();
    }

    private void epilogue() {
        mv.visitLabel(exitLabel);
        writeBackAll();
        mv.visitVarInsn(ALOAD, H);
        mv.visitVarInsn(LLOAD, NEXT_PC);
        mv.visitFieldInsn(PUTFIELD, HART, "pc", "J");
        Label plain = new Label();
        int links = linkTargets.size();
        if (links > 0) {
            Label[] cases = new Label[links];
            for (int k = 0; k < links; k++) {
                cases[k] = new Label();
            }
            mv.visitVarInsn(ILOAD, EXIT_INDEX);
            mv.visitTableSwitchInsn(0, links - 1, plain, cases);
            for (int k = 0; k < links; k++) {
                mv.visitLabel(cases[k]);
                callLinked(k, () -> mv.visitVarInsn(LLOAD, NEXT_PC));
                mv.visitInsn(LRETURN);
            }
        }
        mv.visitLabel(plain);
        mv.visitVarInsn(LLOAD, NEXT_PC);
        mv.visitInsn(LRETURN);
    }

    /**
     * Pushes the result of {@link TranslatedRegion#chain}{@code (links[k], h, pc)}, {@code pushPc}
     * pushing the pc: the pc after the linked translation ran, or pc itself when there is none.
     */
    private void callLinked(int k, Runnable pushPc) {
        mv.visitVarInsn(ALOAD, THIS);
        mv.visitFieldInsn(GETFIELD, REGION, "links", "[L" + REGION + ";");
        push(k);
        mv.visitInsn(AALOAD);
        mv.visitVarInsn(ALOAD, H);
        pushPc.run();
        mv.visitMethodInsn(INVOKESTATIC, REGION, "chain", "(L" + REGION + ";" + HART_DESC + "J)J", false);
    }

    /** Writes every register the region changes back to the hart. */
    private void writeBackAll() {
        transfer(xWritten, X_ARRAY, RegionCompiler::xSlot, true);
        transfer(fWritten, F_ARRAY, RegionCompiler::fSlot, true);
    }

    /** Reloads every register the region uses from the hart (after other code ran on it). */
    private void reloadAll() {
        transfer(xUsed, X_ARRAY, RegionCompiler::xSlot, false);
        transfer(fUsed, F_ARRAY, RegionCompiler::fSlot, false);
    }

    /**
     * Copies the registers marked in mask {@code which} between the hart's register array in
     * local {@code array} and their locals: to the hart, or from it.
     */
    private void transfer(long which, int array, IntUnaryOperator slot, boolean toHart) {
        for (int r = 0; r < 32; r++) {
            if ((which >>> r & 1) != 0) {
                mv.visitVarInsn(ALOAD, array);
                push(r);
                if (toHart) {
                    mv.visitVarInsn(LLOAD, slot.applyAsInt(r));
                    mv.visitInsn(LASTORE);
                } else {
                    mv.visitInsn(LALOAD);
                    mv.visitVarInsn(LSTORE, slot.applyAsInt(r));
                }
            }
        }
    }

    /**
     * A guest call to {@code target} outside the region whose return address {@code continuation} is
     * inside: calls the target's translation as a JVM call, and when it comes back with pc ==
     * continuation (the callee returned) carries on in this region, so call and return cost no trip
     * through the dispatcher. Anything else (no translation yet, nesting too deep, a callee that left
     * for somewhere else) takes the ordinary exits.
     */
    private void nestedCall(long pc, long target, long continuation) {
        Integer k = linkSlot(target);
        if (k == null) {
            exitTo(target);
            return;
        }
        writeBackAll();
        callLinked(k, () -> push(target));
        mv.visitVarInsn(LSTORE, TMP);
        reloadAll();
        mv.visitVarInsn(LLOAD, TMP);
        push(continuation);
        mv.visitInsn(LCMP);
        Label returned = new Label();
        mv.visitJumpInsn(IFEQ, returned);
        mv.visitVarInsn(LLOAD, TMP);
        exitDynamic();
        mv.visitLabel(returned);
        leaveIfDropped(continuation);
        edge(pc, continuation);
    }

    /**
     * Leaves for the dispatcher at {@code pc} when this translation was dropped while other code ran
     * (a system call, or a callee that rewrote this region's code and ran fence.i): its code may be stale.
     */
    private void leaveIfDropped(long pc) {
        Label stillValid = new Label();
        mv.visitVarInsn(ALOAD, THIS);
        mv.visitFieldInsn(GETFIELD, REGION, "valid", "Z");
        mv.visitJumpInsn(IFNE, stillValid);
        push(pc);
        exitDynamic();
        mv.visitLabel(stillValid);
    }

    // ---- exits and edges ---------------------------------------------------------------------

    /** Leaves the region for the address on the stack (not chained). */
    private void exitDynamic() {
        mv.visitVarInsn(LSTORE, NEXT_PC);
        push(-1);
        mv.visitVarInsn(ISTORE, EXIT_INDEX);
        mv.visitJumpInsn(GOTO, exitLabel);
    }

    /** The chaining call site of {@code target}, taking a new one while any are left; null when none. */
    private Integer linkSlot(long target) {
        Integer k = linkIndex.get(target);
        if (k == null && linkTargets.size() < MAX_LINKS) {
            k = linkTargets.size();
            linkTargets.add(target);
            linkIndex.put(target, k);
        }
        return k;
    }

    /** Leaves the region for constant {@code target}, through a chaining call site when one is left. */
    private void exitTo(long target) {
        Integer k = linkSlot(target);
        push(target);
        mv.visitVarInsn(LSTORE, NEXT_PC);
        push(k == null ? -1 : k);
        mv.visitVarInsn(ISTORE, EXIT_INDEX);
        mv.visitJumpInsn(GOTO, exitLabel);
    }

    /**
     * Continues at {@code target}: inside the region a jump, else an exit. Where {@link #checkStops}
     * says so, a backward jump first looks at the hart's stop request (an exit_group of another thread)
     * and leaves for the dispatcher, which stops, when there is one, except a block's jump to its own
     * start: the tightest loops pay nothing, at the price that such a loop running forever does not
     * notice the request. (A flag rather than a countdown: a countdown's rare exit is a branch the JIT
     * has never seen taken, and taking it throws the compiled region away and compiles it again.) A
     * process with one thread has nobody to ask for a stop, so its regions skip the look, a volatile
     * read that also keeps the JIT from moving loads across it: 5-10 % of compress, strsearch and
     * hashtable. (A countdown for every backward edge, leaving for the dispatcher every 4,096 turns, was
     * 10-15 % slower than no look on compress and strsearch.)
     */
    private void edge(long from, long target) {
        Label label = blockLabels.get(target);
        if (label == null) {
            exitTo(target);
            return;
        }
        if (checkStops && target <= from && target != currentBlockPc) {
            mv.visitVarInsn(ALOAD, H);
            mv.visitFieldInsn(GETFIELD, HART, "stopRequested", "Z");
            mv.visitJumpInsn(IFEQ, label);
            push(target);
            exitDynamic(); // not chained: a linked translation would run on, nesting up to its limit
        } else {
            mv.visitJumpInsn(GOTO, label);
        }
    }

    // ---- blocks --------------------------------------------------------------------------------

    /** Groups the block's loads and stores by base register value (register and how often it was written). */
    private Map<Integer, AccessGroup> findGroups(DecodedBlock b) {
        Instruction[] code = b.instructions;
        int[] version = new int[32];
        Map<Long, AccessGroup> byBase = new HashMap<>();
        Map<Integer, AccessGroup> byIndex = new HashMap<>();
        for (int i = 0; i < code.length; i++) {
            Instruction in = code[i];
            int size = in.opcode().accessSize();
            if (size > 0 && in.rs1() != 0) {
                long key = ((long) in.rs1() << 32) | version[in.rs1()];
                AccessGroup g = byBase.computeIfAbsent(key, k -> new AccessGroup(0));
                if (g.members == 0) {
                    g = new AccessGroup(i);
                    byBase.put(key, g);
                }
                g.members++;
                g.lowest = Math.min(g.lowest, in.imm());
                g.highest = Math.max(g.highest, in.imm() + size);
                g.reads |= !in.opcode().isStore();
                g.writes |= in.opcode().isStore();
                byIndex.put(i, g);
            }
            long written = RegisterUse.xWrites(in); // one register at most
            if (written != 0) {
                version[Long.numberOfTrailingZeros(written)]++;
            }
        }
        int next = 0;
        Map<Integer, AccessGroup> shared = new HashMap<>();
        for (Map.Entry<Integer, AccessGroup> e : byIndex.entrySet()) {
            AccessGroup g = e.getValue();
            if (g.members < 2 || g.highest - g.lowest > MAX_GROUP_SPAN) {
                continue;
            }
            if (g.slot < 0) {
                if (next == MAX_GROUPS) {
                    continue;
                }
                g.slot = GROUP_BASE + next++;
                Instruction first = code[g.firstIndex];
                g.window = windowFor(g.firstIndex, g.lowest - first.imm(), g.writes);
            }
            shared.put(e.getKey(), g);
        }
        return shared;
    }

    /**
     * The window for the access of instruction {@code index} of the block being compiled, chosen by
     * the address it had when the interpreter last ran it, plus {@code offset}; -1 for none.
     */
    private int windowFor(int index, long offset, boolean store) {
        long seen = currentBlock.accessAddress(index);
        return windows == null || seen < 0 ? -1 : windows.windowFor(seen + offset, store);
    }

    /**
     * The shared check of a group: ok = the whole span lies in its access window, or else in one page
     * allowing every access kind.
     */
    private void groupCheck(Instruction in, AccessGroup g) {
        int need = (g.reads ? org.hsaj.cpu.exec.GuestMemory.READ : 0) | (g.writes ? org.hsaj.cpu.exec.GuestMemory.WRITE : 0);
        int mask = need | (g.writes ? org.hsaj.cpu.exec.GuestMemory.CODE : 0);
        Label done = new Label();
        storeAddress(in.rs1(), g.lowest);
        if (g.window >= 0) {
            Label miss = new Label();
            windowTest(g.window, AccessWindows.MAX_SPAN, miss);
            push(1);
            mv.visitJumpInsn(GOTO, done);
            mv.visitLabel(miss);
        }
        mv.visitLdcInsn(PAGES_CONSTANT);
        mv.visitVarInsn(LLOAD, TMP);
        push((int) (g.highest - g.lowest));
        push(mask);
        push(need);
        mv.visitMethodInsn(INVOKESTATIC, ACCESS, "groupAllows", "([BJIII)Z", false);
        mv.visitLabel(done);
        mv.visitVarInsn(ISTORE, g.slot);
    }

    private void block(DecodedBlock b, DecodedBlock next) {
        long pc = b.pc;
        Instruction[] code = b.instructions;
        currentBlock = b;
        groups = findGroups(b);
        currentIndex = -1;
        currentBlockPc = b.pc;
        for (int i = 0; i < code.length; i++) {
            Instruction in = code[i];
            if (!translatable(in)) {
                exitTo(pc);
                return;
            }
            currentIndex = i;
            AccessGroup g = groups.get(i);
            if (g != null && g.firstIndex == i) {
                groupCheck(in, g);
            }
            boolean last = i == code.length - 1;
            if (last && DecodedBlock.endsBlock(in.opcode())) {
                control(b, in, pc);
                return;
            }
            instruction(in, pc);
            pc += in.length();
        }
        // A block cut at its size limit or before an unfetchable instruction falls through.
        if (next != null && next.pc == b.end) {
            return;
        }
        edge(b.end - 1, b.end);
    }

    private void control(DecodedBlock b, Instruction in, long pc) {
        long next = pc + in.length();
        switch (in.opcode()) {
            case BEQ, BNE, BLT, BGE, BLTU, BGEU -> {
                long target = pc + in.imm();
                Label taken = new Label();
                compareForBranch(in);
                int jump = switch (in.opcode()) {
                    case BEQ -> IFEQ;
                    case BNE -> IFNE;
                    case BLT, BLTU -> IFLT;
                    default -> IFGE;
                };
                mv.visitJumpInsn(jump, taken);
                edge(pc, next);
                mv.visitLabel(taken);
                edge(pc, target);
            }
            case JAL -> {
                long target = pc + in.imm();
                if (in.rd() != 0) {
                    push(next);
                    storeX(in.rd());
                }
                if (in.rd() != 0 && !blockLabels.containsKey(target) && blockLabels.containsKey(next)) {
                    nestedCall(pc, target, next);
                } else {
                    edge(pc, target);
                }
            }
            case JALR -> {
                loadX(in.rs1());
                push(in.imm());
                mv.visitInsn(LADD);
                push(-2L);
                mv.visitInsn(LAND);
                mv.visitVarInsn(LSTORE, TMP);
                if (in.rd() != 0) {
                    push(next);
                    storeX(in.rd());
                }
                indirectJump(b, pc);
            }
            case ECALL -> {
                ecall(pc);
                edge(pc, next);
            }
            case FENCE_I -> {
                mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/VarHandle", "fullFence", "()V", false);
                exitTo(next);
            }
            default -> throw new IllegalStateException("not a control instruction: " + in);
        }
    }

    /**
     * Jumps to the address in TMP: a switch over the region's blocks the profile saw, else an exit (a
     * jump table's first telling the region, see {@link TranslatedRegion#indirectMiss}).
     */
    private void indirectJump(DecodedBlock b, long pc) {
        List<Long> inside = new ArrayList<>();
        for (long t : b.profiledTargets()) {
            if (blockLabels.containsKey(t)) {
                inside.add(t);
            }
        }
        for (long t : inside) {
            Label miss = new Label();
            mv.visitVarInsn(LLOAD, TMP);
            push(t);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, miss);
            edge(pc, t);
            mv.visitLabel(miss);
        }
        if (Region.endsInJumpTable(b)) {
            mv.visitVarInsn(ALOAD, THIS);
            push(region.blocks().indexOf(b));
            mv.visitVarInsn(LLOAD, TMP);
            mv.visitMethodInsn(INVOKESTATIC, REGION, "indirectMiss", "(L" + REGION + ";IJ)V", false);
        }
        mv.visitVarInsn(LLOAD, TMP);
        exitDynamic();
    }

    private void ecall(long pc) {
        // The system call reads arguments from the hart: write every changed register back first.
        writeBackAll();
        mv.visitVarInsn(ALOAD, H);
        push(pc);
        mv.visitFieldInsn(PUTFIELD, HART, "pc", "J");
        mv.visitVarInsn(ALOAD, H);
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, HART, "system", "Lorg/hsaj/cpu/exec/SystemCallHandler;");
        mv.visitInsn(SWAP);
        mv.visitMethodInsn(INVOKEINTERFACE, "org/hsaj/cpu/exec/SystemCallHandler", "ecall", "(" + HART_DESC + ")Z", true);
        // A call that moved the hart (into a signal handler, back from one) left every register in the
        // hart, which the locals, written back above, must not overwrite: leave for its pc as it is.
        Label stayed = new Label();
        mv.visitJumpInsn(IFEQ, stayed);
        mv.visitVarInsn(ALOAD, H);
        mv.visitFieldInsn(GETFIELD, HART, "pc", "J");
        mv.visitInsn(LRETURN);
        mv.visitLabel(stayed);
        mv.visitVarInsn(ALOAD, X_ARRAY);
        push(10);
        mv.visitInsn(LALOAD);
        mv.visitVarInsn(LSTORE, xSlot(10));
        // The call may have dropped this translation (the clone of a second thread: regions compiled
        // without stop checks must not run on; a read into a code page; an munmap or mprotect of one).
        leaveIfDropped(pc + 4);
    }

    private void compareForBranch(Instruction in) {
        loadX(in.rs1());
        loadX(in.rs2());
        if (in.opcode() == Opcode.BLTU || in.opcode() == Opcode.BGEU) {
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
        } else {
            mv.visitInsn(LCMP);
        }
    }

    // ---- straight-line instructions ------------------------------------------------------------

    private void instruction(Instruction in, long pc) {
        int rd = in.rd();
        switch (in.opcode()) {
            case LUI -> constant(rd, in.imm());
            case AUIPC -> constant(rd, pc + in.imm());
            case LB -> load(in, 1, true, pc);
            case LH -> load(in, 2, true, pc);
            case LW -> load(in, 4, true, pc);
            case LD -> load(in, 8, true, pc);
            case LBU -> load(in, 1, false, pc);
            case LHU -> load(in, 2, false, pc);
            case LWU -> load(in, 4, false, pc);
            case SB -> store(in, 1, false, pc);
            case SH -> store(in, 2, false, pc);
            case SW -> store(in, 4, false, pc);
            case SD -> store(in, 8, false, pc);
            case ADDI -> longOp(in, LADD, true);
            case XORI -> longOp(in, LXOR, true);
            case ORI -> longOp(in, LOR, true);
            case ANDI -> longOp(in, LAND, true);
            case SLTI -> compare(in, true, false);
            case SLTIU -> compare(in, true, true);
            case SLLI -> longOp(in, LSHL, true);
            case SRLI -> longOp(in, LUSHR, true);
            case SRAI -> longOp(in, LSHR, true);
            case ADD -> longOp(in, LADD, false);
            case SUB -> longOp(in, LSUB, false);
            case XOR -> longOp(in, LXOR, false);
            case OR -> longOp(in, LOR, false);
            case AND -> longOp(in, LAND, false);
            case MUL -> longOp(in, LMUL, false);
            case SLL -> longOp(in, LSHL, false);
            case SRL -> longOp(in, LUSHR, false);
            case SRA -> longOp(in, LSHR, false);
            case SLT -> compare(in, false, false);
            case SLTU -> compare(in, false, true);
            case ADDIW -> wordOp(in, IADD, true);
            case SLLIW -> wordOp(in, ISHL, true);
            case SRLIW -> wordOp(in, IUSHR, true);
            case SRAIW -> wordOp(in, ISHR, true);
            case ADDW -> wordOp(in, IADD, false);
            case SUBW -> wordOp(in, ISUB, false);
            case MULW -> wordOp(in, IMUL, false);
            case SLLW -> wordOp(in, ISHL, false);
            case SRLW -> wordOp(in, IUSHR, false);
            case SRAW -> wordOp(in, ISHR, false);
            case MULH -> staticBinary(in, "java/lang/Math", "multiplyHigh");
            case MULHU -> staticBinary(in, "java/lang/Math", "unsignedMultiplyHigh");
            case MULHSU -> staticBinary(in, INT_OPS, "mulhsu");
            case DIV -> staticBinary(in, INT_OPS, "div");
            case DIVU -> staticBinary(in, INT_OPS, "divu");
            case REM -> staticBinary(in, INT_OPS, "rem");
            case REMU -> staticBinary(in, INT_OPS, "remu");
            case DIVW -> staticBinary(in, INT_OPS, "divw");
            case DIVUW -> staticBinary(in, INT_OPS, "divuw");
            case REMW -> staticBinary(in, INT_OPS, "remw");
            case REMUW -> staticBinary(in, INT_OPS, "remuw");
            case FENCE -> mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/VarHandle", "fullFence", "()V", false);
            case CSRRW, CSRRS, CSRRC, CSRRWI, CSRRSI, CSRRCI -> csr(in, pc);
            case LR_W, LR_D -> {
                mv.visitVarInsn(ALOAD, H);
                loadX(in.rs1());
                pushAtomicTail(in, in.opcode() == Opcode.LR_W ? 4 : 8, pc);
                mv.visitMethodInsn(INVOKESTATIC, ATOMICS, "loadReserved", "(" + HART_DESC + "JIZZJ)J", false);
                storeX(rd);
            }
            case SC_W, SC_D -> {
                mv.visitVarInsn(ALOAD, H);
                loadX(in.rs1());
                loadX(in.rs2());
                pushAtomicTail(in, in.opcode() == Opcode.SC_W ? 4 : 8, pc);
                mv.visitMethodInsn(INVOKESTATIC, ATOMICS, "storeConditional", "(" + HART_DESC + "JJIZZJ)J", false);
                storeX(rd);
            }
            case AMOSWAP_W, AMOADD_W, AMOXOR_W, AMOAND_W, AMOOR_W, AMOMIN_W, AMOMAX_W, AMOMINU_W, AMOMAXU_W,
                 AMOSWAP_D, AMOADD_D, AMOXOR_D, AMOAND_D, AMOOR_D, AMOMIN_D, AMOMAX_D, AMOMINU_D, AMOMAXU_D -> amo(in, pc);
            default -> floatInstruction(in, pc);
        }
    }

    private void constant(int rd, long value) {
        if (rd != 0) {
            push(value);
            storeX(rd);
        }
    }

    /** Emits {@code value} (which leaves a long on the stack) and writes it to rd; nothing for rd = x0. */
    private void toRd(Instruction in, Runnable value) {
        if (in.rd() != 0) {
            value.run();
            storeX(in.rd());
        }
    }

    /** Pushes the second operand: the immediate or rs2, as an int where the operation takes one. */
    private void pushSecond(Instruction in, boolean immediate, boolean asInt) {
        if (immediate) {
            if (asInt) {
                push((int) in.imm());
            } else {
                push(in.imm());
            }
        } else {
            loadX(in.rs2());
            if (asInt) {
                mv.visitInsn(L2I);
            }
        }
    }

    /** rd = rs1 op (imm or rs2) on 64 bits; a JVM long shift takes its amount as an int. */
    private void longOp(Instruction in, int opcode, boolean immediate) {
        boolean shift = opcode == LSHL || opcode == LSHR || opcode == LUSHR;
        toRd(in, () -> {
            loadX(in.rs1());
            pushSecond(in, immediate, shift);
            mv.visitInsn(opcode);
        });
    }

    /** The W forms: rd = sign-extended 32-bit (rs1 op (imm or rs2)), with {@code opcode} a JVM int operation. */
    private void wordOp(Instruction in, int opcode, boolean immediate) {
        toRd(in, () -> {
            loadX(in.rs1());
            mv.visitInsn(L2I);
            pushSecond(in, immediate, true);
            mv.visitInsn(opcode);
            mv.visitInsn(I2L);
        });
    }

    /** SLT, SLTU, SLTI, SLTIU: rd = 1 if rs1 is less than (imm or rs2), else 0. */
    private void compare(Instruction in, boolean immediate, boolean unsigned) {
        toRd(in, () -> {
            if (unsigned && immediate && in.imm() == 1) {
                zeroFlag(in.rs1(), false);                    // seqz
            } else if (unsigned && !immediate && in.rs1() == 0) {
                zeroFlag(in.rs2(), true);                     // snez
            } else {
                loadX(in.rs1());
                pushSecond(in, immediate, false);
                compareToFlag(unsigned);
            }
        });
    }

    /**
     * 1L when register r is zero (or, for {@code nonZero}, when it is not), else 0L: the leading zeros
     * of a long number 64 for zero alone, so this is a count and a shift (lzcnt, shr), where the
     * comparison below compiles to a compare, a branch and a set.
     */
    private void zeroFlag(int r, boolean nonZero) {
        loadX(r);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "numberOfLeadingZeros", "(J)I", false);
        push(6);
        mv.visitInsn(IUSHR);
        if (nonZero) {
            push(1);
            mv.visitInsn(IXOR);
        }
        mv.visitInsn(I2L);
    }

    private void staticBinary(Instruction in, String owner, String name) {
        toRd(in, () -> {
            loadX(in.rs1());
            loadX(in.rs2());
            mv.visitMethodInsn(INVOKESTATIC, owner, name, "(JJ)J", false);
        });
    }

    /** Two longs on the stack become 1L if the first is less (signed or unsigned), else 0L. */
    private void compareToFlag(boolean unsigned) {
        if (unsigned) {
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
        } else {
            mv.visitInsn(LCMP);
        }
        push(31);
        mv.visitInsn(IUSHR);
        mv.visitInsn(I2L);
    }

    private void signExtendWord() {
        mv.visitInsn(L2I);
        mv.visitInsn(I2L);
    }

    // ---- memory --------------------------------------------------------------------------------

    private static final String ACCESS = Type.getInternalName(MemoryAccess.class);
    private static final String SEG_DESC = "L" + SEGMENT + ";";
    private static final String WINDOWS = Type.getInternalName(AccessWindows.class);
    /**
     * How the access helpers' names (lb ... sdIf) and the unchecked accesses' (readByte ... writeLong) say
     * an access's width, indexed by log2 of its size in bytes.
     */
    private static final String[] HELPER_WIDTHS = {"b", "h", "w", "d"};
    private static final String[] UNCHECKED_WIDTHS = {"Byte", "Short", "Int", "Long"};

    /**
     * The helper for an access of {@code size} bytes (loads sign-extend): the one that checks the mirror
     * itself, or the {@code If} form given the outcome of a check made before (a group's).
     */
    private static String accessName(int size, boolean store, String form) {
        return (store ? "s" : "l") + HELPER_WIDTHS[Integer.numberOfTrailingZeros(size)] + form;
    }

    /**
     * Pushes what the access helper takes before the address: a group member's shared check outcome
     * and the segment, or else the segment and the mirror; returns whether a check outcome was pushed.
     */
    private boolean accessPrefix() {
        AccessGroup g = groups.get(currentIndex);
        if (g != null) {
            mv.visitVarInsn(ILOAD, g.slot);
            mv.visitLdcInsn(SEGMENT_CONSTANT);
            return true;
        }
        mv.visitLdcInsn(SEGMENT_CONSTANT);
        mv.visitLdcInsn(PAGES_CONSTANT);
        return false;
    }

    /** The access window of the access being compiled when it is checked alone (in no group); -1 for none. */
    private int loneWindow(Instruction in) {
        return groups.containsKey(currentIndex) ? -1 : windowFor(currentIndex, 0, in.opcode().isStore());
    }

    /** TMP = x[base] + offset: the address a window test and the accesses after it share. */
    private void storeAddress(int base, long offset) {
        pushAddress(base, offset);
        mv.visitVarInsn(LSTORE, TMP);
    }

    /**
     * Jumps to {@code miss} unless an access of {@code size} bytes at the address in TMP lies in access
     * window {@code window}: a branch of the region's own, with its own profile (see MemoryAccess).
     */
    private void windowTest(int window, int size, Label miss) {
        mv.visitLdcInsn(WINDOWS_CONSTANT);
        push(window);
        mv.visitVarInsn(LLOAD, TMP);
        push(size);
        mv.visitMethodInsn(INVOKESTATIC, WINDOWS, "holds", "([JIJI)Z", false);
        mv.visitJumpInsn(IFEQ, miss);
    }

    /** The access of {@code size} bytes without a check (readByte ... writeLong), for an access its window holds. */
    private static String uncheckedName(int size, boolean store) {
        return (store ? "write" : "read") + UNCHECKED_WIDTHS[Integer.numberOfTrailingZeros(size)];
    }

    private static String accessPrefixDescriptor(boolean checked) {
        return checked ? "Z" + SEG_DESC : SEG_DESC + "[B";
    }

    /** Pushes x[rs1] + imm. */
    private void pushAddress(Instruction in) {
        pushAddress(in.rs1(), in.imm());
    }

    /** Pushes x[base] + offset. */
    private void pushAddress(int base, long offset) {
        loadX(base);
        if (offset != 0) {
            push(offset);
            mv.visitInsn(LADD);
        }
    }

    /** Pushes the loaded value (a long, sign- or zero-extended). */
    private void loadValue(Instruction in, int size, boolean signed, long pc) {
        int window = loneWindow(in);
        if (window >= 0) {
            windowedAccess(in, window, size, false, pc);
        } else {
            boolean checked = accessPrefix();
            pushAddress(in);
            callAccess(accessName(size, false, checked ? "If" : ""), "(" + accessPrefixDescriptor(checked) + "J", "J",
                    pc);
        }
        if (!signed && size < 8) {
            push(-1L >>> (64 - 8 * size));
            mv.visitInsn(LAND);
        }
    }

    private void load(Instruction in, int size, boolean signed, long pc) {
        loadValue(in, size, signed, pc);
        storeX(in.rd());
    }

    private void store(Instruction in, int size, boolean floatSource, long pc) {
        int window = loneWindow(in);
        if (window >= 0) {
            windowedAccess(in, window, size, floatSource, pc);
            return;
        }
        boolean checked = accessPrefix();
        pushAddress(in);
        pushStoredValue(in, floatSource);
        callAccess(accessName(size, true, checked ? "If" : ""), "(" + accessPrefixDescriptor(checked) + "JJ", "V", pc);
    }

    /**
     * An access with an access window (a store's value from an f register where {@code floatSource}):
     * the window test, then the access without a check, or outside the window the helper that checks
     * the mirror. Loads leave the value, sign-extended.
     */
    private void windowedAccess(Instruction in, int window, int size, boolean floatSource, long pc) {
        boolean store = in.opcode().isStore();
        String value = store ? "J" : ""; // the stored value's parameter
        String result = store ? "V" : "J";
        Label miss = new Label();
        Label done = new Label();
        storeAddress(in.rs1(), in.imm());
        windowTest(window, size, miss);
        mv.visitLdcInsn(SEGMENT_CONSTANT);
        mv.visitVarInsn(LLOAD, TMP);
        if (store) {
            pushStoredValue(in, floatSource);
        }
        mv.visitMethodInsn(INVOKESTATIC, ACCESS, uncheckedName(size, store), "(" + SEG_DESC + "J" + value + ")" + result,
                false);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(miss);
        mv.visitLdcInsn(SEGMENT_CONSTANT);
        mv.visitLdcInsn(PAGES_CONSTANT);
        mv.visitVarInsn(LLOAD, TMP);
        if (store) {
            pushStoredValue(in, floatSource);
        }
        callAccess(accessName(size, store, ""), "(" + accessPrefixDescriptor(false) + "J" + value, result, pc);
        mv.visitLabel(done);
    }

    /**
     * Calls access helper {@code name}, pushing the two arguments every helper ends with (the hart and
     * the pc, for a fault); {@code parameters} is its descriptor up to them, {@code result} its return type.
     */
    private void callAccess(String name, String parameters, String result, long pc) {
        mv.visitVarInsn(ALOAD, H);
        push(pc);
        mv.visitMethodInsn(INVOKESTATIC, ACCESS, name, parameters + HART_DESC + "J)" + result, false);
    }

    /** Pushes rs2 as the 64 bits a store writes the low bytes of (an f register's raw bits, or an x register). */
    private void pushStoredValue(Instruction in, boolean floatSource) {
        if (floatSource) {
            loadF(in.rs2());
        } else {
            loadX(in.rs2());
        }
    }

    // ---- atomics and CSRs ----------------------------------------------------------------------

    private void amo(Instruction in, long pc) {
        String name = in.opcode().name();
        String op = switch (name.substring(3, name.length() - 2)) {
            case "SWAP" -> "EXCHANGE";
            case "MINU" -> "UMIN";
            case "MAXU" -> "UMAX";
            default -> name.substring(3, name.length() - 2);
        };
        mv.visitVarInsn(ALOAD, H);
        mv.visitFieldInsn(GETSTATIC, "org/hsaj/runtime/memory/AtomicOp", op, "Lorg/hsaj/runtime/memory/AtomicOp;");
        loadX(in.rs1());
        loadX(in.rs2());
        pushAtomicTail(in, name.endsWith("_W") ? 4 : 8, pc);
        mv.visitMethodInsn(INVOKESTATIC, ATOMICS, "readModifyWrite",
                "(" + HART_DESC + "Lorg/hsaj/runtime/memory/AtomicOp;JJIZZJ)J", false);
        storeX(in.rd());
    }

    /** The arguments every atomic helper ends with: access size, aq, rl and the pc. */
    private void pushAtomicTail(Instruction in, int size, long pc) {
        push(size);
        push(in.aq() ? 1 : 0);
        push(in.rl() ? 1 : 0);
        push(pc);
    }

    private void csr(Instruction in, long pc) {
        mv.visitVarInsn(ALOAD, H);
        push((int) in.imm());
        push(in.opcode().ordinal());
        boolean immediate = in.opcode() == Opcode.CSRRWI || in.opcode() == Opcode.CSRRSI || in.opcode() == Opcode.CSRRCI;
        if (immediate) {
            push((long) in.rs1());
        } else {
            loadX(in.rs1());
        }
        push(in.rs1());
        push(in.bits());
        push(pc);
        mv.visitMethodInsn(INVOKESTATIC, Type.getInternalName(CsrInstruction.class), "execute",
                "(" + HART_DESC + "IIJIIJ)J", false);
        storeX(in.rd());
    }

    // ---- floating point ------------------------------------------------------------------------

    /** Pushes the rounding mode: the static field, or frm (checked) for the dynamic mode. */
    private void roundingMode(Instruction in, long pc) {
        if (in.rm() == 7) {
            mv.visitVarInsn(ALOAD, H);
            push(7);
            push(in.bits());
            push(pc);
            mv.visitMethodInsn(INVOKESTATIC, CSRS, "roundingMode", "(" + HART_DESC + "IIJ)I", false);
        } else {
            push(in.rm());
        }
    }

    /** The operations {@link DoubleFastPaths} has a translated code's own fast path for. */
    private static final java.util.Set<String> FAST_PATHS = java.util.Set.of("addD", "subD", "mulD", "divD", "sqrtD",
            "fmaD", "fmsubD", "fnmsubD", "fnmaddD", "compareD");
    private static final String FAST = Type.getInternalName(DoubleFastPaths.class);

    private void fpCall(String name, String descriptor) {
        mv.visitMethodInsn(INVOKESTATIC, FAST_PATHS.contains(name) ? FAST : FP, name, descriptor, false);
    }

    private void fpBinary(Instruction in, long pc, String name) {
        fpRounded(in, pc, name, 2);
    }

    private void fpFused(Instruction in, long pc, String name) {
        fpRounded(in, pc, name, 3);
    }

    private void fpUnaryRounded(Instruction in, long pc, String name) {
        fpRounded(in, pc, name, 1);
    }

    /** h, f[rs1] .. f[rs{@code sources}], rm -> name(...) -> f[rd]. */
    private void fpRounded(Instruction in, long pc, String name, int sources) {
        mv.visitVarInsn(ALOAD, H);
        loadF(in.rs1());
        if (sources > 1) {
            loadF(in.rs2());
        }
        if (sources > 2) {
            loadF(in.rs3());
        }
        roundingMode(in, pc);
        fpCall(name, "(" + HART_DESC + "J".repeat(sources) + "I)J");
        storeF(in.rd());
    }

    private void fpSignInject(Instruction in, String name) {
        loadF(in.rs1());
        loadF(in.rs2());
        fpCall(name, "(JJ)J");
        storeF(in.rd());
    }

    private void fpMinMax(Instruction in, String name) {
        mv.visitVarInsn(ALOAD, H);
        loadF(in.rs1());
        loadF(in.rs2());
        fpCall(name, "(" + HART_DESC + "JJ)J");
        storeF(in.rd());
    }

    private void fpCompare(Instruction in, String name, int relation) {
        mv.visitVarInsn(ALOAD, H);
        loadF(in.rs1());
        loadF(in.rs2());
        push(relation);
        fpCall(name, "(" + HART_DESC + "JJI)J");
        storeX(in.rd());
    }

    private void fpToInteger(Instruction in, long pc, String name, int kind) {
        fpConvert(in, pc, name, kind, true);
    }

    private void integerToFp(Instruction in, long pc, String name, int kind) {
        fpConvert(in, pc, name, kind, false);
    }

    /** A rounded conversion between an f and an x register; {@code kind} picks word/long, signed/unsigned. */
    private void fpConvert(Instruction in, long pc, String name, int kind, boolean toInteger) {
        mv.visitVarInsn(ALOAD, H);
        if (toInteger) {
            loadF(in.rs1());
        } else {
            loadX(in.rs1());
        }
        push(kind);
        roundingMode(in, pc);
        fpCall(name, "(" + HART_DESC + "JII)J");
        if (toInteger) {
            storeX(in.rd());
        } else {
            storeF(in.rd());
        }
    }

    private void floatInstruction(Instruction in, long pc) {
        int rd = in.rd();
        switch (in.opcode()) {
            case FLW -> {
                loadValue(in, 4, true, pc);
                mv.visitInsn(L2I);
                fpCall("box", "(I)J");
                storeF(rd);
            }
            case FLD -> {
                loadValue(in, 8, true, pc);
                storeF(rd);
            }
            case FSW -> store(in, 4, true, pc);
            case FSD -> store(in, 8, true, pc);
            case FMADD_S -> fpFused(in, pc, "fmaS");
            case FMSUB_S -> fpFused(in, pc, "fmsubS");
            case FNMSUB_S -> fpFused(in, pc, "fnmsubS");
            case FNMADD_S -> fpFused(in, pc, "fnmaddS");
            case FMADD_D -> fpFused(in, pc, "fmaD");
            case FMSUB_D -> fpFused(in, pc, "fmsubD");
            case FNMSUB_D -> fpFused(in, pc, "fnmsubD");
            case FNMADD_D -> fpFused(in, pc, "fnmaddD");
            case FADD_S -> fpBinary(in, pc, "addS");
            case FSUB_S -> fpBinary(in, pc, "subS");
            case FMUL_S -> fpBinary(in, pc, "mulS");
            case FDIV_S -> fpBinary(in, pc, "divS");
            case FADD_D -> fpBinary(in, pc, "addD");
            case FSUB_D -> fpBinary(in, pc, "subD");
            case FMUL_D -> fpBinary(in, pc, "mulD");
            case FDIV_D -> fpBinary(in, pc, "divD");
            case FSQRT_S -> fpUnaryRounded(in, pc, "sqrtS");
            case FSQRT_D -> fpUnaryRounded(in, pc, "sqrtD");
            case FCVT_S_D -> fpUnaryRounded(in, pc, "doubleToSingle");
            case FCVT_D_S -> {
                roundingMode(in, pc);
                mv.visitInsn(POP);
                mv.visitVarInsn(ALOAD, H);
                loadF(in.rs1());
                fpCall("singleToDouble", "(" + HART_DESC + "J)J");
                storeF(rd);
            }
            case FSGNJ_S -> fpSignInject(in, "sgnjS");
            case FSGNJN_S -> fpSignInject(in, "sgnjnS");
            case FSGNJX_S -> fpSignInject(in, "sgnjxS");
            case FSGNJ_D -> fpSignInject(in, "sgnjD");
            case FSGNJN_D -> fpSignInject(in, "sgnjnD");
            case FSGNJX_D -> fpSignInject(in, "sgnjxD");
            case FMIN_S -> fpMinMax(in, "minS");
            case FMAX_S -> fpMinMax(in, "maxS");
            case FMIN_D -> fpMinMax(in, "minD");
            case FMAX_D -> fpMinMax(in, "maxD");
            case FEQ_S -> fpCompare(in, "compareS", 0);
            case FLT_S -> fpCompare(in, "compareS", 1);
            case FLE_S -> fpCompare(in, "compareS", 2);
            case FEQ_D -> fpCompare(in, "compareD", 0);
            case FLT_D -> fpCompare(in, "compareD", 1);
            case FLE_D -> fpCompare(in, "compareD", 2);
            case FCLASS_S, FCLASS_D -> {
                loadF(in.rs1());
                fpCall(in.opcode() == Opcode.FCLASS_S ? "classifyS" : "classifyD", "(J)J");
                storeX(rd);
            }
            case FCVT_W_S -> fpToInteger(in, pc, "singleToInteger", 0);
            case FCVT_WU_S -> fpToInteger(in, pc, "singleToInteger", 1);
            case FCVT_L_S -> fpToInteger(in, pc, "singleToInteger", 2);
            case FCVT_LU_S -> fpToInteger(in, pc, "singleToInteger", 3);
            case FCVT_W_D -> fpToInteger(in, pc, "doubleToInteger", 0);
            case FCVT_WU_D -> fpToInteger(in, pc, "doubleToInteger", 1);
            case FCVT_L_D -> fpToInteger(in, pc, "doubleToInteger", 2);
            case FCVT_LU_D -> fpToInteger(in, pc, "doubleToInteger", 3);
            case FCVT_S_W -> integerToFp(in, pc, "integerToSingle", 0);
            case FCVT_S_WU -> integerToFp(in, pc, "integerToSingle", 1);
            case FCVT_S_L -> integerToFp(in, pc, "integerToSingle", 2);
            case FCVT_S_LU -> integerToFp(in, pc, "integerToSingle", 3);
            case FCVT_D_W -> integerToFp(in, pc, "integerToDouble", 0);
            case FCVT_D_WU -> integerToFp(in, pc, "integerToDouble", 1);
            case FCVT_D_L -> integerToFp(in, pc, "integerToDouble", 2);
            case FCVT_D_LU -> integerToFp(in, pc, "integerToDouble", 3);
            case FMV_X_W -> {
                loadF(in.rs1());
                signExtendWord();
                storeX(rd);
            }
            case FMV_X_D -> {
                loadF(in.rs1());
                storeX(rd);
            }
            case FMV_W_X -> {
                loadX(in.rs1());
                mv.visitInsn(L2I);
                fpCall("box", "(I)J");
                storeF(rd);
            }
            case FMV_D_X -> {
                loadX(in.rs1());
                storeF(rd);
            }
            default -> throw new IllegalStateException("no code generation for " + in);
        }
    }

    // ---- locals and constants ------------------------------------------------------------------

    private static int xSlot(int r) {
        return X_BASE + 2 * r;
    }

    private static int fSlot(int r) {
        return F_BASE + 2 * r;
    }

    private void loadX(int r) {
        if (r == 0) {
            mv.visitInsn(LCONST_0);
        } else {
            mv.visitVarInsn(LLOAD, xSlot(r));
        }
    }

    private void storeX(int r) {
        if (r == 0) {
            mv.visitInsn(POP2);
        } else {
            mv.visitVarInsn(LSTORE, xSlot(r));
        }
    }

    private void loadF(int r) {
        mv.visitVarInsn(LLOAD, fSlot(r));
    }

    private void storeF(int r) {
        mv.visitVarInsn(LSTORE, fSlot(r));
    }

    private void push(long value) {
        if (value == 0) {
            mv.visitInsn(LCONST_0);
        } else if (value == 1) {
            mv.visitInsn(LCONST_1);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            push((int) value);
            mv.visitInsn(I2L);
        } else {
            mv.visitLdcInsn(value);
        }
    }

    private void push(int value) {
        if (value >= -1 && value <= 5) {
            mv.visitInsn(ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, value);
        } else {
            mv.visitLdcInsn(value);
        }
    }
}
