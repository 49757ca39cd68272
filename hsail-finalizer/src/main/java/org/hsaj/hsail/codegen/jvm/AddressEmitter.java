package org.hsaj.hsail.codegen.jvm;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Linkage;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterClass;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.Variable;
import org.hsaj.runtime.memory.PageTable;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Address arithmetic of one generated method: segment and flat addresses of address expressions and
 * variables (see exec/package-info for the formulas), checked mode's access checks, and the two
 * per-method caches that keep memory accesses cheap: kernarg values hoisted out of the work-item loop
 * and, in checked mode, the page each access site verified last.
 */
final class AddressEmitter implements Opcodes {
    private final CodeEmitter e;

    /** Kernarg values loaded once per method call: key {@link #kernargKey} to local slot. */
    private final Map<Long, Integer> kernargCache = new LinkedHashMap<>();
    private final Map<Long, DataType> kernargTypes = new HashMap<>();
    private int firstKernargSite = -1;
    /** Checked mode: per access site a long local holding the start of the page it last verified. */
    private int[] windows = new int[0];
    private int nextWindow;
    /** Access sites that get their own page-check window in checked mode. */
    static final int MAX_WINDOWS = 32;
    /**
     * Checked mode, kernel parts: which kernarg pointer each access goes through, and per pointer,
     * direction and access length ({@link #windowKey}) the two long locals of its window check: the
     * window's start and the limit an access's address must stay below.
     */
    private PointerOrigins pointers = PointerOrigins.NONE_FOUND;
    private final Map<Integer, int[]> pointerWindows = new LinkedHashMap<>();

    AddressEmitter(CodeEmitter e) {
        this.e = e;
    }

    /** Checked mode, kernel parts: accesses through these pointers get windows found per dispatch. */
    void usePointerWindows(PointerOrigins origins) {
        this.pointers = origins;
    }

    /** Allocates the kernarg value and page window caches the given instructions use. */
    void allocateCaches(List<Instruction> instructions, boolean cacheKernarg) {
        int accesses = 0;
        for (Instruction insn : instructions) {
            int k = pointers.pointerOf(insn);
            if (k >= 0) {
                int key = windowKey(k, insn.opcode() != Opcode.LD, accessLength(insn));
                if (!pointerWindows.containsKey(key)) {
                    pointerWindows.put(key, new int[] {e.allocate(2), e.allocate(2)});
                }
                continue;
            }
            if (cacheKernarg && kernargKey(insn) != null) {
                Long key = kernargKey(insn);
                if (firstKernargSite < 0) {
                    firstKernargSite = e.gen.site(insn.position());
                }
                if (!kernargCache.containsKey(key)) {
                    kernargCache.put(key, e.allocate(insn.type().bits() == 64 ? 2 : 1));
                    kernargTypes.put(key, insn.type());
                }
            }
            if ((insn.opcode() == Opcode.LD || insn.opcode() == Opcode.ST) && !isSegmentRelative32(
                    insn.modifiers().segment())) {
                accesses++;
            }
        }
        if (e.gen.options.checked()) {
            windows = new int[Math.min(accesses, MAX_WINDOWS)];
            for (int i = 0; i < windows.length; i++) {
                windows[i] = e.allocate(2);
            }
        }
    }

    /**
     * The locals of the window an access through a kernarg pointer is checked against: the window's
     * start and span (an address a is inside when 0 <= a - start < span), or null.
     */
    int[] windowOf(Instruction insn) {
        return windowOf(insn, insn.opcode() != Opcode.LD, accessLength(insn));
    }

    private int[] windowOf(Instruction insn, boolean write, int length) {
        int k = pointers.pointerOf(insn);
        return k < 0 ? null : pointerWindows.get(windowKey(k, write, length));
    }

    private static int windowKey(int pointer, boolean write, int length) {
        return pointer << 8 | (write ? 128 : 0) | length;
    }

    /** Bytes one load, store or atomic accesses (all elements of a vector). */
    static int accessLength(Instruction insn) {
        if (insn.opcode() == Opcode.ATOMIC || insn.opcode() == Opcode.ATOMICNORET) {
            return insn.type().bytes();
        }
        int elements = insn.operand(0) instanceof Operand.VectorOperand v ? v.elements().size() : 1;
        return (insn.type().bits() == 128 ? 16 : insn.type().bytes()) * elements;
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
    int cachedKernarg(Instruction insn) {
        Long key = kernargKey(insn);
        Integer slot = key == null ? null : kernargCache.get(key);
        return slot == null ? -1 : slot;
    }

    /**
     * Emits the loads of hoisted kernarg values and the reset of page windows (inside the try range). In
     * checked mode an unreadable kernarg segment faults here, before any work-item runs, at the first
     * hoisted load's line.
     */
    void initCaches(long kernargSize) {
        if (!kernargCache.isEmpty()) {
            if (e.gen.options.checked()) {
                Label readable = new Label();
                e.push(firstKernargSite);
                e.mv.visitVarInsn(ISTORE, e.sSite);
                e.mv.visitVarInsn(ALOAD, e.sPages);
                e.mv.visitVarInsn(LLOAD, e.sKernarg);
                e.push(Math.max(1, kernargSize));
                e.push(PageTable.READ);
                e.mv.visitMethodInsn(INVOKEVIRTUAL, Type.getInternalName(PageTable.class), "allows", "(JJI)Z", false);
                e.mv.visitJumpInsn(IFNE, readable);
                e.mv.visitVarInsn(ALOAD, e.sPages);
                e.mv.visitVarInsn(LLOAD, e.sKernarg);
                e.push((int) Math.max(1, kernargSize));
                e.push(0);
                e.call(MemoryChecks.class, "pageFault");
                e.mv.visitInsn(ATHROW);
                e.mv.visitLabel(readable);
            }
            for (Map.Entry<Long, Integer> c : kernargCache.entrySet()) {
                DataType t = kernargTypes.get(c.getKey());
                MemoryTranslator.get(e, t, e.sKernarg, c.getKey() >> 8);
                e.mv.visitVarInsn(t.bits() == 64 ? LSTORE : ISTORE, c.getValue());
            }
        }
        for (int w : windows) {
            e.push(Long.MIN_VALUE);
            e.mv.visitVarInsn(LSTORE, w);
        }
        for (Map.Entry<Integer, int[]> window : pointerWindows.entrySet()) {
            int key = window.getKey();
            int index = 2 * (key >> 8) + ((key & 128) != 0 ? 1 : 0);
            e.mv.visitVarInsn(ALOAD, e.sState);
            e.mv.visitFieldInsn(GETFIELD, CodeEmitter.STATE, "windowStart", "[J");
            e.push(index);
            e.mv.visitInsn(LALOAD);
            e.mv.visitVarInsn(LSTORE, window.getValue()[0]);
            e.mv.visitVarInsn(ALOAD, e.sState);
            e.mv.visitFieldInsn(GETFIELD, CodeEmitter.STATE, "windowEnd", "[J");
            e.push(index);
            e.mv.visitInsn(LALOAD);
            e.mv.visitVarInsn(LLOAD, window.getValue()[0]);
            e.mv.visitInsn(LSUB);
            e.push((long) (key & 127) - 1);
            e.mv.visitInsn(LSUB);
            e.mv.visitVarInsn(LSTORE, window.getValue()[1]);
        }
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
    void pushSegmentAddress(Instruction insn, Operand.Address a, Segment segment) {
        if (isSegmentRelative32(segment)) {
            pushNarrowAddress(insn, a, segment);
            return;
        }
        Variable v = a.symbol();
        e.push(0L);
        if (v != null) {
            pushVariableAddress(insn, v, segment);
            e.mv.visitInsn(LADD);
        }
        if (a.base() != null) {
            e.loadRegister(a.base());
            if (a.base().registerClass() == RegisterClass.S) {
                e.mv.visitInsn(I2L);
            }
            e.mv.visitInsn(LADD);
        }
        if (a.offset() != 0) {
            e.push(a.offset());
            e.mv.visitInsn(LADD);
        }
    }

    /**
     * A 32-bit segment address: the sum is formed in int arithmetic (the same value modulo 2^32) and
     * zero-extended, so that the JIT sees {@code (int) address} as the int expression of the work-item's
     * registers it is, affine in a loop's counter where the register is, and removes the quick check
     * ({@link #checkSegment}) from the loop.
     */
    private void pushNarrowAddress(Instruction insn, Operand.Address a, Segment segment) {
        Variable v = a.symbol();
        e.push(0);
        if (v != null) {
            pushVariableAddress(insn, v, segment);
            e.mv.visitInsn(L2I);
            e.mv.visitInsn(IADD);
        }
        if (a.base() != null) {
            e.loadRegister(a.base());
            if (a.base().registerClass() != RegisterClass.S) {
                e.mv.visitInsn(L2I);
            }
            e.mv.visitInsn(IADD);
        }
        if (a.offset() != 0) {
            e.push((int) a.offset());
            e.mv.visitInsn(IADD);
        }
        e.mv.visitInsn(I2L);
        e.push(0xffffffffL);
        e.mv.visitInsn(LAND);
    }

    /** Pushes the address (as {@link #pushSegmentAddress}) of variable {@code v} accessed in {@code segment}. */
    void pushVariableAddress(Instruction insn, Variable v, Segment segment) {
        Segment vs = v.segment();
        boolean global = vs == Segment.GLOBAL || vs == Segment.READONLY;
        if (segment == Segment.FLAT ? !global : vs != segment && !(isPrivateLike(vs) && isPrivateLike(segment))) {
            throw Unsupported.instruction(insn, "variable " + v.name() + " is in the " + vs.hsailName()
                    + " segment, which the " + (segment == Segment.FLAT ? "flat" : segment.hsailName())
                    + " address of this instruction cannot reach");
        }
        switch (vs) {
            case KERNARG -> {
                e.mv.visitVarInsn(LLOAD, e.sKernarg);
                e.push(v.offset());
                e.mv.visitInsn(LADD);
            }
            case GROUP -> {
                try {
                    e.push(e.gen.layout.groupOffset(v, e.owner));
                } catch (IllegalArgumentException undefined) {
                    throw Unsupported.instruction(insn, undefined.getMessage());
                }
            }
            case PRIVATE, SPILL -> {
                if (v.linkage() != Linkage.FUNCTION) {
                    throw Unsupported.instruction(insn, "module-scope private variable " + v.name()
                            + " is not supported");
                }
                e.mv.visitVarInsn(LLOAD, e.sFrame);
                e.push(e.frameLayout.privateOffset() + v.offset());
                e.mv.visitInsn(LADD);
            }
            case ARG -> {
                e.mv.visitVarInsn(LLOAD, e.sFrame);
                e.push(argOffset(insn, v));
                e.mv.visitInsn(LADD);
            }
            default -> {
                if (e.gen.globals == null) {
                    throw Unsupported.instruction(insn, vs.hsailName() + " variable " + v.name() + " has no address:"
                            + " compile with the loader's variable addresses");
                }
                long address;
                try {
                    address = e.gen.globals.addressOf(v);
                } catch (IllegalArgumentException ex) {
                    throw Unsupported.instruction(insn, "the loader placed no " + vs.hsailName() + " variable "
                            + v.name() + ": " + ex.getMessage());
                }
                e.push(address);
            }
        }
    }

    private static boolean isPrivateLike(Segment s) {
        return s == Segment.PRIVATE || s == Segment.SPILL || s == Segment.ARG;
    }

    /** Offset in this activation's frame of an arg variable: an arg block's, or a formal argument. */
    long argOffset(Instruction insn, Variable v) {
        if (v.linkage() == Linkage.ARG) {
            return e.frameLayout.argOffset() + v.offset();
        }
        if (e.owner != null) {
            for (Variable in : e.owner.inputs()) {
                if (in.name().equals(v.name())) {
                    return e.frameLayout.inputsOffset() + in.offset();
                }
            }
            for (Variable out : e.owner.outputs()) {
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
    void pushFlatAddress(Instruction insn, Operand.Address a, Segment segment, int length, boolean write) {
        e.setSite(insn);
        pushSegmentAddress(insn, a, segment);
        toFlat(insn, segment, length, write);
    }

    /** Turns the segment address on the stack into a flat one (checked in checked mode). */
    private void toFlat(Instruction insn, Segment segment, int length, boolean write) {
        boolean checked = e.gen.options.checked();
        switch (segment) {
            case GROUP -> {
                if (checked && !e.windowCheckedBeforeLoop.contains(insn)) {
                    checkSegment(length, e.sGroupSize, e.sGroupSizeInt, write, "group");
                }
                e.mv.visitVarInsn(LLOAD, e.sGroupBase);
                e.mv.visitInsn(LADD);
            }
            case PRIVATE, SPILL, ARG -> {
                if (checked) {
                    checkSegment(length, e.sPrivateStride, e.sPrivateStrideInt, write, "private");
                }
                pushPrivateBase();
                e.mv.visitInsn(LADD);
            }
            default -> {
                int[] window = windowOf(insn, write, length);
                if (checked && window != null) {
                    if (!e.windowCheckedBeforeLoop.contains(insn) || window != windowOf(insn)) {
                        checkWindow(window[0], window[1], length, write);
                    }
                } else if (checked) {
                    checkPages(length, write);
                }
            }
        }
    }

    /**
     * Checked mode, an access through a kernarg pointer: the flat address on the stack must lie in the
     * window [start, end) found for the pointer when the dispatch started. Two {@code Objects.checkIndex}
     * calls test it, {@code address < limit} (limit = end - length + 1) and {@code address - start >= 0},
     * in the forms the JIT removes from the work-item loop when the address grows with the work-item id
     * (it keeps {@code checkIndex(address - start, limit - start)} in the loop). An access outside the
     * window is checked against the page table, faulting there if it must. The window stays where it
     * is: a local the miss path assigned would be a different value on each turn of the loop for the
     * JIT, and the checks would stay in the loop.
     */
    private void checkWindow(int start, int span, int length, boolean write) {
        int t = e.temp(2);
        e.mv.visitVarInsn(LSTORE, t);
        e.guarded(() -> {
            e.mv.visitVarInsn(LLOAD, t);
            e.mv.visitVarInsn(LLOAD, span);
            e.mv.visitVarInsn(LLOAD, start);
            e.mv.visitInsn(LADD);
            e.mv.visitMethodInsn(INVOKESTATIC, "java/util/Objects", "checkIndex", "(JJ)J", false);
            e.mv.visitInsn(POP2);
            e.mv.visitVarInsn(LLOAD, t);
            e.mv.visitVarInsn(LLOAD, start);
            e.mv.visitInsn(LSUB);
            e.push(Long.MAX_VALUE);
            e.mv.visitMethodInsn(INVOKESTATIC, "java/util/Objects", "checkIndex", "(JJ)J", false);
            e.mv.visitInsn(POP2);
        }, () -> {
            e.mv.visitVarInsn(ALOAD, e.sPages);
            e.mv.visitVarInsn(LLOAD, t);
            e.push(length);
            e.push(write ? 1 : 0);
            e.call(MemoryChecks.class, "windowMiss");
        });
        e.mv.visitVarInsn(LLOAD, t);
    }

    /**
     * Checked mode: the flat address on the stack must be on pages that allow the access. The check is
     * inline and call-free (a call in the work-item loop would stop the JIT from hoisting the memory
     * segment's own checks): each access site remembers in a local the page it last verified, like a
     * one-entry TLB, so a run of accesses costs one unsigned compare each; on a miss the page table is
     * read directly, and only a failing access calls out, to build its exception.
     */
    private void checkPages(int length, boolean write) {
        int t = e.temp(2);
        e.mv.visitVarInsn(LSTORE, t);
        int w = nextWindow < windows.length ? windows[nextWindow++] : -1;
        Label ok = new Label();
        Label allowed = new Label();
        if (w >= 0) {
            e.mv.visitVarInsn(LLOAD, t);
            e.mv.visitVarInsn(LLOAD, w);
            e.mv.visitInsn(LSUB);
            e.push(PageTable.PAGE_SIZE - length);
            e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
            e.mv.visitJumpInsn(IFLE, ok);
        }
        String pageTable = Type.getInternalName(PageTable.class);
        e.mv.visitVarInsn(ALOAD, e.sPages);
        e.mv.visitVarInsn(LLOAD, t);
        e.mv.visitMethodInsn(INVOKEVIRTUAL, pageTable, "get", "(J)I", false);
        e.mv.visitVarInsn(ALOAD, e.sPages);
        e.mv.visitVarInsn(LLOAD, t);
        e.push((long) length - 1);
        e.mv.visitInsn(LADD);
        e.mv.visitMethodInsn(INVOKEVIRTUAL, pageTable, "get", "(J)I", false);
        e.mv.visitInsn(IAND);
        e.push(write ? PageTable.WRITE : PageTable.READ);
        e.mv.visitInsn(IAND);
        e.mv.visitJumpInsn(IFNE, allowed);
        e.mv.visitVarInsn(ALOAD, e.sPages);
        e.mv.visitVarInsn(LLOAD, t);
        e.push(length);
        e.push(write ? 1 : 0);
        e.call(MemoryChecks.class, "pageFault");
        e.mv.visitInsn(ATHROW);
        e.mv.visitLabel(allowed);
        if (w >= 0) {
            // Remember the page when the access lies within one.
            e.mv.visitVarInsn(LLOAD, t);
            e.mv.visitVarInsn(LLOAD, t);
            e.push((long) length - 1);
            e.mv.visitInsn(LADD);
            e.mv.visitInsn(LXOR);
            e.push(PageTable.PAGE_SHIFT);
            e.mv.visitInsn(LUSHR);
            e.push(0L);
            e.mv.visitInsn(LCMP);
            e.mv.visitJumpInsn(IFNE, ok);
            e.mv.visitVarInsn(LLOAD, t);
            e.push(-PageTable.PAGE_SIZE);
            e.mv.visitInsn(LAND);
            e.mv.visitVarInsn(LSTORE, w);
        }
        e.mv.visitLabel(ok);
        e.mv.visitVarInsn(LLOAD, t);
    }

    /**
     * Checked mode: the segment address on the stack plus {@code length} must not pass the segment's
     * size: {@code Objects.checkIndex((int) address, (int) size - length + 1)} (the size clamped to an
     * int), and when that fails, the exact check that faults.
     */
    private void checkSegment(int length, int sizeLocal, int intSizeLocal, boolean write, String segment) {
        int t = e.temp(2);
        e.mv.visitVarInsn(LSTORE, t);
        e.guarded(() -> {
            e.mv.visitVarInsn(LLOAD, t);
            e.mv.visitInsn(L2I);
            e.mv.visitVarInsn(ILOAD, intSizeLocal);
            e.push(length - 1);
            e.mv.visitInsn(ISUB);
            e.mv.visitMethodInsn(INVOKESTATIC, "java/util/Objects", "checkIndex", "(II)I", false);
            e.mv.visitInsn(POP);
        }, () -> {
            e.mv.visitVarInsn(LLOAD, t);
            e.push(length);
            e.mv.visitVarInsn(LLOAD, sizeLocal);
            e.push(write ? 1 : 0);
            e.mv.visitLdcInsn(segment);
            e.call(MemoryChecks.class, "segmentAccess");
        });
        e.mv.visitVarInsn(LLOAD, t);
    }

    /** Pushes the flat address of this work-item's private segment. */
    void pushPrivateBase() {
        e.mv.visitVarInsn(LLOAD, e.sPrivateBase);
        e.mv.visitVarInsn(ILOAD, e.sW);
        e.mv.visitInsn(I2L);
        e.mv.visitVarInsn(LLOAD, e.sPrivateStride);
        e.mv.visitInsn(LMUL);
        e.mv.visitInsn(LADD);
    }
}
