package org.hsaj.hsail.codegen.jvm;

import java.util.List;
import java.util.Map;
import org.hsaj.hsail.ir.AtomicOperation;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.MemoryOrder;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.runtime.memory.AtomicOp;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Memory instructions (PRM 6, 5.16, 5.17, 11.3): ld and st as {@code MemorySegment} accesses with the
 * shared memory's little-endian unaligned layouts (the JIT turns them into plain moves and hoists the
 * segment's bounds check); lda and the segment conversions as address arithmetic; atomics, signals
 * and queue indices through the shared memory's atomics, which take the memory order.
 */
final class MemoryTranslator implements Opcodes {
    private static final String LAYOUT = "java/lang/foreign/ValueLayout$Of";
    private static final String ORDER = Type.getInternalName(org.hsaj.runtime.memory.MemoryOrder.class);
    private static final String ATOMIC_OP = Type.getInternalName(AtomicOp.class);
    /** Offsets of the indices in a queue descriptor (org.hsaj.runtime.queue.QueueLayout). */
    private static final long READ_INDEX = 64;
    private static final long WRITE_INDEX = 128;

    private MemoryTranslator() {
    }

    static void register(Map<Opcode, Translators.OpcodeTranslator> t) {
        t.put(Opcode.LD, MemoryTranslator::load);
        t.put(Opcode.ST, MemoryTranslator::store);
        t.put(Opcode.LDA, MemoryTranslator::lda);
        t.put(Opcode.ATOMIC, MemoryTranslator::atomic);
        t.put(Opcode.ATOMICNORET, MemoryTranslator::atomic);
        t.put(Opcode.SIGNAL, MemoryTranslator::signal);
        t.put(Opcode.SIGNALNORET, MemoryTranslator::signal);
        t.put(Opcode.MEMFENCE, MemoryTranslator::memfence);
        t.put(Opcode.SEGMENTP, MemoryTranslator::segmentConversion);
        t.put(Opcode.FTOS, MemoryTranslator::segmentConversion);
        t.put(Opcode.STOF, MemoryTranslator::segmentConversion);
        t.put(Opcode.NULLPTR, MemoryTranslator::nullptr);
        t.put(Opcode.ALLOCA, MemoryTranslator::alloca);
        for (Opcode op : new Opcode[] {Opcode.LDQUEUEREADINDEX, Opcode.LDQUEUEWRITEINDEX, Opcode.STQUEUEREADINDEX,
                Opcode.STQUEUEWRITEINDEX, Opcode.ADDQUEUEWRITEINDEX, Opcode.CASQUEUEWRITEINDEX}) {
            t.put(op, MemoryTranslator::queueIndex);
        }
    }

    // ---- ld / st -------------------------------------------------------------------------------------

    private static void load(Instruction insn, CodeEmitter e) {
        int cached = e.addresses.cachedKernarg(insn);
        if (cached >= 0) {
            loadCachedKernarg(insn, e, cached);
            return;
        }
        loadFromMemory(insn, e);
    }

    /** A kernarg value hoisted into a local (the kernarg segment is read-only while the kernel runs). */
    private static void loadCachedKernarg(Instruction insn, CodeEmitter e, int cached) {
        e.mv.visitVarInsn(insn.type().bits() == 64 ? LLOAD : ILOAD, cached);
        e.storeDestination(insn);
    }

    private static void loadFromMemory(Instruction insn, CodeEmitter e) {
        DataType t = insn.type();
        List<Operand> dests = CodeEmitter.destinations(insn);
        int size = t.bits() == 128 ? 16 : t.bytes();
        e.addresses.pushFlatAddress(insn, (Operand.Address) insn.operand(1), insn.modifiers().segment(), size * dests.size(),
                false);
        int address = e.temp(2);
        e.mv.visitVarInsn(LSTORE, address);
        for (int k = 0; k < dests.size(); k++) {
            if (t.bits() == 128) {
                get(e, DataType.B64, address, k * 16L);
                get(e, DataType.B64, address, k * 16L + 8);
            } else {
                get(e, t, address, (long) k * size);
            }
            e.storeRegister((Operand.Register) dests.get(k));
        }
    }

    /** Pushes the value of type {@code t} at flat address (local {@code address}) + {@code offset}. */
    static void get(CodeEmitter e, DataType t, int address, long offset) {
        MethodVisitor mv = e.mv;
        String kind = layoutKind(t.bits());
        mv.visitVarInsn(ALOAD, e.sMemory);
        mv.visitFieldInsn(GETSTATIC, CodeEmitter.SVM, kind.toUpperCase(java.util.Locale.ROOT), "L" + LAYOUT + kind + ";");
        mv.visitVarInsn(LLOAD, address);
        if (offset != 0) {
            e.push(offset);
            mv.visitInsn(LADD);
        }
        mv.visitMethodInsn(INVOKEINTERFACE, CodeEmitter.SEGMENT, "get", "(L" + LAYOUT + kind + ";J)"
                + descriptor(t.bits()), true);
        if (t.bits() < 32 && !t.isSigned()) {
            e.push(t.bits() == 8 ? 0xff : 0xffff);
            mv.visitInsn(IAND);
        }
    }

    private static void store(Instruction insn, CodeEmitter e) {
        DataType t = insn.type();
        List<Operand> values = insn.operand(0) instanceof Operand.VectorOperand v ? v.elements()
                : List.of(insn.operand(0));
        int size = t.bits() == 128 ? 16 : t.bytes();
        e.addresses.pushFlatAddress(insn, (Operand.Address) insn.operand(1), insn.modifiers().segment(), size * values.size(),
                true);
        int address = e.temp(2);
        e.mv.visitVarInsn(LSTORE, address);
        for (int k = 0; k < values.size(); k++) {
            if (t.bits() == 128) {
                e.loadOperand(values.get(k), t);
                int hi = e.temp(2);
                e.mv.visitVarInsn(LSTORE, hi);
                int lo = e.temp(2);
                e.mv.visitVarInsn(LSTORE, lo);
                set(e, DataType.B64, address, k * 16L, lo);
                set(e, DataType.B64, address, k * 16L + 8, hi);
            } else {
                int value = e.temp(t.bits() == 64 ? 2 : 1);
                e.loadOperand(values.get(k), t);
                e.mv.visitVarInsn(t.bits() == 64 ? LSTORE : ISTORE, value);
                set(e, t, address, (long) k * size, value);
            }
        }
    }

    /** Stores local {@code value} (type {@code t}) at flat address (local {@code address}) + {@code offset}. */
    static void set(CodeEmitter e, DataType t, int address, long offset, int value) {
        MethodVisitor mv = e.mv;
        String kind = layoutKind(t.bits());
        mv.visitVarInsn(ALOAD, e.sMemory);
        mv.visitFieldInsn(GETSTATIC, CodeEmitter.SVM, kind.toUpperCase(java.util.Locale.ROOT), "L" + LAYOUT + kind + ";");
        mv.visitVarInsn(LLOAD, address);
        if (offset != 0) {
            e.push(offset);
            mv.visitInsn(LADD);
        }
        mv.visitVarInsn(t.bits() == 64 ? LLOAD : ILOAD, value);
        if (t.bits() == 8) {
            mv.visitInsn(I2B);
        } else if (t.bits() == 16) {
            mv.visitInsn(I2S);
        }
        mv.visitMethodInsn(INVOKEINTERFACE, CodeEmitter.SEGMENT, "set", "(L" + LAYOUT + kind + ";J"
                + descriptor(t.bits()) + ")V", true);
    }

    private static String layoutKind(int bits) {
        return switch (bits) {
            case 8 -> "Byte";
            case 16 -> "Short";
            case 32 -> "Int";
            default -> "Long";
        };
    }

    private static String descriptor(int bits) {
        return switch (bits) {
            case 8 -> "B";
            case 16 -> "S";
            case 32 -> "I";
            default -> "J";
        };
    }

    // ---- addresses -------------------------------------------------------------------------------------

    private static void lda(Instruction insn, CodeEmitter e) {
        Segment s = insn.modifiers().segment();
        Operand.Address a = (Operand.Address) insn.operand(1);
        e.addresses.pushSegmentAddress(insn, a, s);
        if (insn.type().bits() == 32) {
            e.mv.visitInsn(L2I);
        }
        e.storeDestination(insn);
    }

    /** alloca: private memory from the work-item's alloca area, given back when the activation returns. */
    private static void alloca(Instruction insn, CodeEmitter e) {
        MethodVisitor mv = e.mv;
        e.setSite(insn);
        mv.visitVarInsn(ALOAD, e.sState);
        mv.visitVarInsn(ILOAD, e.sW);
        e.loadSource(insn, 1);
        mv.visitInsn(I2L);
        e.push(0xffffffffL);
        mv.visitInsn(LAND);
        e.push(Math.max(1, insn.modifiers().align()));
        mv.visitMethodInsn(INVOKEVIRTUAL, CodeEmitter.STATE, "alloca", "(IJI)J", false);
        mv.visitInsn(L2I);
        e.storeDestination(insn);
    }

    private static void nullptr(Instruction insn, CodeEmitter e) {
        if (insn.type().bits() == 64) {
            e.push(0L);
        } else {
            e.push(0);
        }
        e.storeDestination(insn);
    }

    /** segmentp, ftos, stof: the work-group state knows where its group and private memory are. */
    private static void segmentConversion(Instruction insn, CodeEmitter e) {
        MethodVisitor mv = e.mv;
        Segment s = insn.modifiers().segment();
        int segment = switch (s) {
            case GROUP -> WorkGroupState.GROUP;
            case PRIVATE -> WorkGroupState.PRIVATE;
            case GLOBAL -> WorkGroupState.GLOBAL;
            default -> throw Unsupported.instruction(insn, "segment " + s.hsailName() + " has no flat addresses");
        };
        mv.visitVarInsn(ALOAD, e.sState);
        e.loadSource(insn, 1);
        if (insn.sourceType().bits() == 32) {
            mv.visitInsn(I2L);
            e.push(0xffffffffL);
            mv.visitInsn(LAND);
        }
        e.push(segment);
        mv.visitVarInsn(ILOAD, e.sW);
        String method = switch (insn.opcode()) {
            case SEGMENTP -> "isInSegment";
            case FTOS -> "flatToSegment";
            default -> "segmentToFlat";
        };
        mv.visitMethodInsn(INVOKEVIRTUAL, CodeEmitter.STATE, method, insn.opcode() == Opcode.SEGMENTP ? "(JII)I"
                : "(JII)J", false);
        if (insn.opcode() != Opcode.SEGMENTP && insn.type().bits() == 32) {
            mv.visitInsn(L2I);
        }
        e.storeDestination(insn);
    }

    // ---- atomics, signals, queues -----------------------------------------------------------------------

    private static org.hsaj.runtime.memory.MemoryOrder order(MemoryOrder o) {
        return switch (o) {
            case SCACQ -> org.hsaj.runtime.memory.MemoryOrder.ACQUIRE;
            case SCREL -> org.hsaj.runtime.memory.MemoryOrder.RELEASE;
            case SCAR -> org.hsaj.runtime.memory.MemoryOrder.ACQ_REL;
            default -> org.hsaj.runtime.memory.MemoryOrder.RELAXED;
        };
    }

    private static void pushOrder(CodeEmitter e, Instruction insn) {
        e.mv.visitFieldInsn(GETSTATIC, ORDER, order(insn.modifiers().order()).name(), "L" + ORDER + ";");
    }

    private static void atomic(Instruction insn, CodeEmitter e) {
        boolean returns = insn.opcode() == Opcode.ATOMIC;
        int first = returns ? 1 : 0;
        DataType t = insn.type();
        int size = t.bytes();
        AtomicOperation op = insn.modifiers().atomic();
        e.addresses.pushFlatAddress(insn, (Operand.Address) insn.operand(first), insn.modifiers().segment(), size,
                op != AtomicOperation.LD);
        int address = e.temp(2);
        e.mv.visitVarInsn(LSTORE, address);
        boolean wraps = op == AtomicOperation.WRAPINC || op == AtomicOperation.WRAPDEC;
        if (insn.modifiers().segment() == Segment.GROUP && !wraps) {
            groupAtomic(insn, e, op, address, first + 1, returns);
        } else if (op != AtomicOperation.LD && op != AtomicOperation.ST && !wraps) {
            sharedAtomic(insn, e, op, address, first + 1, returns);
        } else {
            atomicAt(insn, e, op, address, first + 1, returns);
        }
    }

    /** An atomic on group memory: plain reads and writes ({@link GroupAtomics}). */
    private static void groupAtomic(Instruction insn, CodeEmitter e, AtomicOperation op, int address, int src,
            boolean returns) {
        MethodVisitor mv = e.mv;
        boolean wide = insn.type().bits() == 64;
        String v = wide ? "J" : "I";
        String bits = wide ? "64" : "32";
        String owner = Type.getInternalName(GroupAtomics.class);
        mv.visitVarInsn(ALOAD, e.sMemory);
        mv.visitVarInsn(LLOAD, address);
        switch (op) {
            case LD -> mv.visitMethodInsn(INVOKESTATIC, owner, "load" + bits, "(L" + CodeEmitter.SEGMENT + ";J)" + v,
                    false);
            case ST -> {
                e.loadSource(insn, src);
                mv.visitMethodInsn(INVOKESTATIC, owner, "store" + bits, "(L" + CodeEmitter.SEGMENT + ";J" + v + ")V",
                        false);
                return;
            }
            case CAS -> {
                e.loadSource(insn, src);
                e.loadSource(insn, src + 1);
                mv.visitMethodInsn(INVOKESTATIC, owner, "cas" + bits, "(L" + CodeEmitter.SEGMENT + ";J" + v + v + ")"
                        + v, false);
            }
            default -> {
                AtomicOp rmw = readModifyWrite(insn, op);
                int arithmetic = arithmetic(rmw, wide);
                if (arithmetic != 0) {
                    // The operation inline: the helper picks it from a table by number, a pick the JIT
                    // leaves in the loop. The same alignment check, then plain reads and writes.
                    // (Interchanged, the check before the loop found the address aligned.)
                    mv.visitInsn(POP2);
                    mv.visitInsn(POP);
                    if (!e.windowCheckedBeforeLoop.contains(insn)) {
                        mv.visitVarInsn(LLOAD, address);
                        e.push(wide ? 8 : 4);
                        e.push(1);
                        mv.visitMethodInsn(INVOKESTATIC, owner, "aligned", "(JIZ)V", false);
                    }
                    int old = e.temp(wide ? 2 : 1);
                    get(e, insn.type(), address, 0);
                    mv.visitVarInsn(wide ? LSTORE : ISTORE, old);
                    int updated = e.temp(wide ? 2 : 1);
                    mv.visitVarInsn(wide ? LLOAD : ILOAD, old);
                    e.loadSource(insn, src);
                    mv.visitInsn(arithmetic);
                    mv.visitVarInsn(wide ? LSTORE : ISTORE, updated);
                    set(e, insn.type(), address, 0, updated);
                    if (returns) {
                        mv.visitVarInsn(wide ? LLOAD : ILOAD, old);
                        e.storeDestination(insn);
                    }
                    return;
                }
                e.push(rmw.ordinal());
                e.loadSource(insn, src);
                mv.visitMethodInsn(INVOKESTATIC, owner, "rmw" + bits, "(L" + CodeEmitter.SEGMENT + ";JI" + v + ")" + v,
                        false);
            }
        }
        if (returns) {
            e.storeDestination(insn);
        } else {
            mv.visitInsn(wide ? POP2 : POP);
        }
    }

    /** The JVM instruction of a read-modify-write that is one, or 0. */
    private static int arithmetic(AtomicOp op, boolean wide) {
        return switch (op) {
            case ADD -> wide ? LADD : IADD;
            case SUB -> wide ? LSUB : ISUB;
            case AND -> wide ? LAND : IAND;
            case OR -> wide ? LOR : IOR;
            case XOR -> wide ? LXOR : IXOR;
            default -> 0;
        };
    }

    /** A read-modify-write atomic on global or flat memory ({@link SharedAtomics}). */
    private static void sharedAtomic(Instruction insn, CodeEmitter e, AtomicOperation op, int address, int src,
            boolean returns) {
        MethodVisitor mv = e.mv;
        boolean wide = insn.type().bits() == 64;
        String v = wide ? "J" : "I";
        String bits = wide ? "64" : "32";
        String owner = Type.getInternalName(SharedAtomics.class);
        mv.visitVarInsn(ALOAD, e.sMemory);
        mv.visitVarInsn(LLOAD, address);
        if (op == AtomicOperation.CAS) {
            e.loadSource(insn, src);
            e.loadSource(insn, src + 1);
            mv.visitMethodInsn(INVOKESTATIC, owner, "cas" + bits, "(L" + CodeEmitter.SEGMENT + ";J" + v + v + ")" + v,
                    false);
        } else {
            e.loadSource(insn, src);
            mv.visitMethodInsn(INVOKESTATIC, owner, SharedAtomics.method(readModifyWrite(insn, op), insn.type().bits()),
                    "(L" + CodeEmitter.SEGMENT + ";J" + v + ")" + v, false);
        }
        if (returns) {
            e.storeDestination(insn);
        } else {
            mv.visitInsn(wide ? POP2 : POP);
        }
    }

    /** The shared memory's operation for an HSAIL read-modify-write atomic. */
    private static AtomicOp readModifyWrite(Instruction insn, AtomicOperation op) {
        boolean signed = insn.type().isSigned();
        return switch (op) {
            case ADD -> AtomicOp.ADD;
            case SUB -> AtomicOp.SUB;
            case AND -> AtomicOp.AND;
            case OR -> AtomicOp.OR;
            case XOR -> AtomicOp.XOR;
            case EXCH -> AtomicOp.EXCHANGE;
            case MIN -> signed ? AtomicOp.MIN : AtomicOp.UMIN;
            case MAX -> signed ? AtomicOp.MAX : AtomicOp.UMAX;
            default -> throw Unsupported.instruction(insn, "atomic operation " + op.hsailName());
        };
    }

    /**
     * Emits the atomic {@code op} on the value at flat address (local {@code address}), sources from
     * operand {@code src}; stores the old value in operand 0 when {@code returns}.
     */
    private static void atomicAt(Instruction insn, CodeEmitter e, AtomicOperation op, int address, int src,
            boolean returns) {
        MethodVisitor mv = e.mv;
        DataType t = insn.type();
        boolean wide = t.bits() == 64;
        String v = wide ? "J" : "I";
        String suffix = wide ? "Long" : "Int";
        String orderDesc = "L" + ORDER + ";";
        switch (op) {
            case LD -> {
                mv.visitVarInsn(ALOAD, e.sSvm);
                mv.visitVarInsn(LLOAD, address);
                pushOrder(e, insn);
                mv.visitMethodInsn(INVOKEVIRTUAL, CodeEmitter.SVM, "atomicLoad" + suffix, "(J" + orderDesc + ")" + v,
                        false);
            }
            case ST -> {
                mv.visitVarInsn(ALOAD, e.sSvm);
                mv.visitVarInsn(LLOAD, address);
                e.loadSource(insn, src);
                pushOrder(e, insn);
                mv.visitMethodInsn(INVOKEVIRTUAL, CodeEmitter.SVM, "atomicStore" + suffix, "(J" + v + orderDesc + ")V",
                        false);
                return;
            }
            case CAS -> {
                mv.visitVarInsn(ALOAD, e.sSvm);
                mv.visitVarInsn(LLOAD, address);
                e.loadSource(insn, src);
                e.loadSource(insn, src + 1);
                pushOrder(e, insn);
                mv.visitMethodInsn(INVOKEVIRTUAL, CodeEmitter.SVM, "compareAndExchange" + suffix, "(J" + v + v
                        + orderDesc + ")" + v, false);
            }
            case WRAPINC, WRAPDEC -> {
                mv.visitVarInsn(ALOAD, e.sSvm);
                mv.visitVarInsn(LLOAD, address);
                e.loadSource(insn, src);
                pushOrder(e, insn);
                e.call(SyncOps.class, op.hsailName() + t.bits());
            }
            default -> {
                AtomicOp a = readModifyWrite(insn, op);
                mv.visitVarInsn(ALOAD, e.sSvm);
                mv.visitFieldInsn(GETSTATIC, ATOMIC_OP, a.name(), "L" + ATOMIC_OP + ";");
                mv.visitVarInsn(LLOAD, address);
                e.loadSource(insn, src);
                pushOrder(e, insn);
                mv.visitMethodInsn(INVOKEVIRTUAL, CodeEmitter.SVM, "atomic" + suffix, "(L" + ATOMIC_OP + ";J" + v
                        + orderDesc + ")" + v, false);
            }
        }
        if (returns) {
            e.storeDestination(insn);
        } else {
            mv.visitInsn(wide ? POP2 : POP);
        }
    }

    private static void signal(Instruction insn, CodeEmitter e) {
        MethodVisitor mv = e.mv;
        boolean returns = insn.opcode() == Opcode.SIGNAL;
        int handle = returns ? 1 : 0;
        AtomicOperation op = insn.modifiers().atomic();
        e.setSite(insn);
        e.loadSource(insn, handle);
        int address = e.temp(2);
        if (op.isWait()) {
            mv.visitVarInsn(LSTORE, address);
            mv.visitVarInsn(ALOAD, e.sState);
            mv.visitVarInsn(LLOAD, address);
            e.push(switch (op) {
                case WAIT_EQ, WAITTIMEOUT_EQ -> 0;
                case WAIT_NE, WAITTIMEOUT_NE -> 1;
                case WAIT_LT, WAITTIMEOUT_LT -> 2;
                default -> 3;
            });
            e.loadSource(insn, 2);
            if (insn.type().bits() == 32) {
                mv.visitInsn(I2L);
            }
            if (op.hasTimeout()) {
                e.loadSource(insn, 3);
            } else {
                e.push(SyncOps.WAIT_TIMEOUT_NANOS);
            }
            pushOrder(e, insn);
            e.call(SyncOps.class, "waitSignal");
            if (insn.type().bits() == 32) {
                mv.visitInsn(L2I);
            }
            e.storeDestination(insn);
            return;
        }
        e.push(SyncOps.SIGNAL_VALUE);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, address);
        atomicAt(insn, e, op, address, handle + 1, returns);
    }

    private static void memfence(Instruction insn, CodeEmitter e) {
        e.push(switch (insn.modifiers().order()) {
            case SCACQ -> 1;
            case SCREL -> 2;
            default -> 3;
        });
        e.call(SyncOps.class, "fence");
    }

    private static void queueIndex(Instruction insn, CodeEmitter e) {
        MethodVisitor mv = e.mv;
        Opcode op = insn.opcode();
        boolean returns = op != Opcode.STQUEUEREADINDEX && op != Opcode.STQUEUEWRITEINDEX;
        int first = returns ? 1 : 0;
        long field = op == Opcode.LDQUEUEREADINDEX || op == Opcode.STQUEUEREADINDEX ? READ_INDEX : WRITE_INDEX;
        e.setSite(insn);
        e.addresses.pushSegmentAddress(insn, (Operand.Address) insn.operand(first), insn.modifiers().segment());
        e.push(field);
        mv.visitInsn(LADD);
        int address = e.temp(2);
        mv.visitVarInsn(LSTORE, address);
        AtomicOperation a = switch (op) {
            case LDQUEUEREADINDEX, LDQUEUEWRITEINDEX -> AtomicOperation.LD;
            case STQUEUEREADINDEX, STQUEUEWRITEINDEX -> AtomicOperation.ST;
            case ADDQUEUEWRITEINDEX -> AtomicOperation.ADD;
            default -> AtomicOperation.CAS;
        };
        atomicAt(insn, e, a, address, first + 1, returns);
    }
}
