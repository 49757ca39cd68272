package org.hsaj.hsail.interp;

import java.util.ArrayList;
import java.util.List;
import org.hsaj.hsail.ir.AtomicOperation;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.CompareOperation;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Modifiers;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.OperandRules;
import org.hsaj.hsail.ir.Rounding;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.Variable;
import org.hsaj.runtime.memory.AtomicOp;
import org.hsaj.runtime.memory.MemoryAccessException;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Runs one work-group of a dispatch: every work-item as a state machine, one at a time, each until it
 * reaches a barrier or ends; when all have reached the barrier they all go on. A barrier that some
 * work-items reach after others have finished is a fault, not a hang.
 *
 * <p>One instance per work-group run, used by one thread. Work-groups of one dispatch may run
 * concurrently on different threads: they share only the shared virtual memory.
 */
final class WorkGroupRun {
    private static final int DIVIDE_BY_ZERO_BIT = IntegerOps.DIVIDE_BY_ZERO;

    /** A kernel fault to report, raised inside instruction execution. */
    private static final class Fault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Fault(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private final KernelInterpreter interpreter;
    private final Module module;
    private final SharedVirtualMemory memory;
    private final Kernel kernel;
    private final KernelDispatch dispatch;
    private final DispatchGeometry g;
    private final long[] groupId;
    private final LocalMemory group;
    private final List<WorkItem> items = new ArrayList<>();
    private final Rounding defaultRounding;
    private final int breakExceptions;

    WorkGroupRun(KernelInterpreter interpreter, Kernel kernel, KernelDispatch dispatch, long gx, long gy, long gz) {
        this.interpreter = interpreter;
        this.module = interpreter.module();
        this.memory = interpreter.memory();
        this.kernel = kernel;
        this.dispatch = dispatch;
        this.g = dispatch.geometry();
        this.groupId = new long[] {gx, gy, gz};
        this.group = new LocalMemory("group", kernel.groupSegmentSize() + dispatch.dynamicGroupSegmentSize());
        this.defaultRounding = module.defaultFloatRounding() == Module.FloatRoundingMode.ZERO ? Rounding.ZERO
                : Rounding.NEAR;
        this.breakExceptions = kernel.controls().enableBreakExceptions();
    }

    void run() {
        Body body = kernel.body().orElseThrow();
        int sx = g.currentWorkgroup(0, groupId[0]);
        int sy = g.currentWorkgroup(1, groupId[1]);
        int sz = g.currentWorkgroup(2, groupId[2]);
        for (int z = 0; z < sz; z++) {
            for (int y = 0; y < sy; y++) {
                for (int x = 0; x < sx; x++) {
                    WorkItem wi = new WorkItem();
                    wi.local[0] = x;
                    wi.local[1] = y;
                    wi.local[2] = z;
                    for (int dim = 0; dim < 3; dim++) {
                        wi.absolute[dim] = groupId[dim] * g.workgroup(dim) + wi.local[dim];
                    }
                    Activation a = new Activation(body, null, interpreter.code(body));
                    a.privateBase = 0;
                    a.stackMark = 0;
                    wi.privateMemory.ensure(body.privateSegmentSize());
                    wi.stack.push(a);
                    items.add(wi);
                }
            }
        }
        while (true) {
            for (WorkItem wi : items) {
                if (wi.state == WorkItem.State.RUNNING) {
                    runUntilBlocked(wi);
                }
            }
            WorkItem waiting = null;
            WorkItem finished = null;
            for (WorkItem wi : items) {
                if (wi.state == WorkItem.State.AT_BARRIER && waiting == null) {
                    waiting = wi;
                } else if (wi.state == WorkItem.State.DONE && finished == null) {
                    finished = wi;
                }
            }
            if (waiting == null) {
                return;
            }
            if (finished != null) {
                Activation a = waiting.stack.peek();
                Instruction barrier = a.blocks[a.block][a.index - 1];
                throw fault(waiting, barrier, "work-item " + ids(finished.absolute) + " finished without reaching"
                        + " this barrier, which every work-item of the work-group must execute", null);
            }
            for (WorkItem wi : items) {
                wi.state = WorkItem.State.RUNNING;
            }
        }
    }

    private static String ids(long[] v) {
        return "(" + v[0] + "," + v[1] + "," + v[2] + ")";
    }

    private KernelFaultException fault(WorkItem wi, Instruction insn, String reason, Throwable cause) {
        return new KernelFaultException(kernel.name(), List.of(wi.absolute[0], wi.absolute[1], wi.absolute[2]),
                List.of(groupId[0], groupId[1], groupId[2]), insn == null ? kernel.position() : insn.position(), reason,
                cause);
    }

    private void runUntilBlocked(WorkItem wi) {
        long limit = interpreter.options().instructionLimit();
        while (true) {
            Activation a = wi.stack.peek();
            Instruction insn = a.current();
            if (insn == null) {
                if (!returnFrom(wi, a)) {
                    return;
                }
                continue;
            }
            if (++wi.executed > limit) {
                throw fault(wi, insn, "work-item executed more than " + limit + " instructions", null);
            }
            a.index++;
            try {
                if (!execute(wi, a, insn)) {
                    return;
                }
            } catch (MemoryAccessException e) {
                String prefix = e.status() + ": ";
                String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length())
                        : e.getMessage();
                throw fault(wi, insn, reason, e);
            } catch (IndexOutOfBoundsException e) {
                throw fault(wi, insn, e.getMessage(), e);
            } catch (Fault e) {
                throw fault(wi, insn, e.getMessage(), e.getCause());
            }
        }
    }

    // ---- registers and operands -------------------------------------------------------------------

    private static long readRegister(Activation a, Operand.Register r) {
        int n = r.number();
        return switch (r.registerClass()) {
            case C -> a.c[n] ? 1 : 0;
            case S -> a.s[n] & 0xffffffffL;
            case D -> a.d[n];
            case Q -> a.q[2 * n];
        };
    }

    /** Bits of a value operand (low 64 bits for 128-bit values). */
    private static long read(Activation a, Operand o) {
        return switch (o) {
            case Operand.Register r -> readRegister(a, r);
            case Operand.Immediate i -> i.bits();
            case Operand.WaveSize w -> PlatformLayout.WAVEFRONT_SIZE;
            default -> throw new IllegalStateException("not a value operand: " + o);
        };
    }

    private static long[] readWide(Activation a, Operand o) {
        return switch (o) {
            case Operand.Register r when r.registerClass() == org.hsaj.hsail.ir.RegisterClass.Q ->
                    new long[] {a.q[2 * r.number()], a.q[2 * r.number() + 1]};
            case Operand.Immediate i -> new long[] {i.bits(), i.high()};
            default -> new long[] {read(a, o), 0};
        };
    }

    private static long src(Activation a, Instruction insn, int i) {
        return read(a, insn.operand(i));
    }

    /** Writes {@code value} of type {@code t} to a register, extending sub-32-bit types into $s (PRM 4.16.2). */
    private static void write(Activation a, Operand o, DataType t, long value) {
        Operand.Register r = (Operand.Register) o;
        int n = r.number();
        switch (r.registerClass()) {
            case C -> a.c[n] = (value & 1) != 0;
            case S -> a.s[n] = (int) (t.bits() < 32 ? (t.isSigned() ? IntegerOps.sext(value, t.bits())
                    : IntegerOps.chop(value, t.bits())) : value);
            case D -> a.d[n] = value;
            case Q -> {
                a.q[2 * n] = value;
                a.q[2 * n + 1] = 0;
            }
        }
    }

    private static void writeWide(Activation a, Operand o, DataType t, long lo, long hi) {
        Operand.Register r = (Operand.Register) o;
        if (r.registerClass() == org.hsaj.hsail.ir.RegisterClass.Q) {
            a.q[2 * r.number()] = lo;
            a.q[2 * r.number() + 1] = hi;
        } else {
            write(a, o, t, lo);
        }
    }

    private Rounding floatRounding(Modifiers m) {
        return m.rounding() == Rounding.DEFAULT ? defaultRounding : m.rounding();
    }

    // ---- addresses and memory -----------------------------------------------------------------------

    private long symbolAddress(WorkItem wi, Activation a, Variable v) {
        return switch (v.segment()) {
            case KERNARG -> dispatch.kernargAddress() + v.offset();
            case GROUP -> v.offset();
            case PRIVATE, SPILL -> a.privateBase + v.offset();
            case ARG -> {
                if (v.linkage() == org.hsaj.hsail.ir.Linkage.ARG) {
                    if (a.argBlockBase < 0) {
                        throw new Fault("arg variable " + v.name() + " used outside its arg block", null);
                    }
                    yield a.argBlockBase + v.offset();
                }
                if (a.function != null && a.function.outputs().contains(v)) {
                    yield a.outputBase + v.offset();
                }
                yield a.inputBase + v.offset();
            }
            case GLOBAL, READONLY -> {
                try {
                    yield interpreter.globals().addressOf(v);
                } catch (IllegalArgumentException e) {
                    throw new Fault(e.getMessage(), e);
                }
            }
            case FLAT -> throw new Fault("a flat address cannot name a variable", null);
        };
    }

    /** The segment address an address expression denotes (32-bit segments wrap to 32 bits). */
    private long address(WorkItem wi, Activation a, Segment seg, Operand.Address addr) {
        long base = addr.symbol() == null ? 0 : symbolAddress(wi, a, addr.symbol());
        long reg = addr.base() == null ? 0 : readRegister(a, addr.base());
        long sum = base + reg + addr.offset();
        return is32(seg) ? sum & 0xffffffffL : sum;
    }

    private static boolean is32(Segment seg) {
        return seg == Segment.GROUP || seg == Segment.PRIVATE || seg == Segment.SPILL || seg == Segment.ARG;
    }

    private long load(WorkItem wi, Segment seg, long address, int size) {
        switch (seg) {
            case GROUP -> {
                return group.load(address, size);
            }
            case PRIVATE, SPILL, ARG -> {
                return wi.privateMemory.load(address, size);
            }
            case FLAT -> {
                if (PlatformLayout.isGroupAddress(address)) {
                    return group.load(address - PlatformLayout.GROUP_APERTURE_BASE, size);
                }
                if (PlatformLayout.isPrivateAddress(address)) {
                    return wi.privateMemory.load(address - PlatformLayout.PRIVATE_APERTURE_BASE, size);
                }
                return loadGlobal(address, size);
            }
            default -> {
                return loadGlobal(address, size);
            }
        }
    }

    private long loadGlobal(long address, int size) {
        return switch (size) {
            case 1 -> memory.loadByte(address) & 0xffL;
            case 2 -> memory.loadShort(address) & 0xffffL;
            case 4 -> memory.loadInt(address) & 0xffffffffL;
            default -> memory.loadLong(address);
        };
    }

    private void store(WorkItem wi, Segment seg, long address, int size, long value) {
        switch (seg) {
            case GROUP -> group.store(address, size, value);
            case PRIVATE, SPILL, ARG -> wi.privateMemory.store(address, size, value);
            case FLAT -> {
                if (PlatformLayout.isGroupAddress(address)) {
                    group.store(address - PlatformLayout.GROUP_APERTURE_BASE, size, value);
                } else if (PlatformLayout.isPrivateAddress(address)) {
                    wi.privateMemory.store(address - PlatformLayout.PRIVATE_APERTURE_BASE, size, value);
                } else {
                    storeGlobal(address, size, value);
                }
            }
            default -> storeGlobal(address, size, value);
        }
    }

    private void storeGlobal(long address, int size, long value) {
        switch (size) {
            case 1 -> memory.storeByte(address, (byte) value);
            case 2 -> memory.storeShort(address, (short) value);
            case 4 -> memory.storeInt(address, (int) value);
            default -> memory.storeLong(address, value);
        }
    }

    /** True when an atomic at {@code address} of {@code seg} goes to work-group local memory. */
    private static boolean isLocal(Segment seg, long address) {
        return seg == Segment.GROUP || seg == Segment.PRIVATE || (seg == Segment.FLAT
                && (PlatformLayout.isGroupAddress(address) || PlatformLayout.isPrivateAddress(address)));
    }

    // ---- execution --------------------------------------------------------------------------------

    /** Runs one instruction (the pc already points past it); false when the work-item blocks or ends. */
    private boolean execute(WorkItem wi, Activation a, Instruction insn) {
        Opcode op = insn.opcode();
        DataType t = insn.type();
        Modifiers m = insn.modifiers();
        switch (op) {
            case NOP, MEMFENCE, WAVEBARRIER -> {
                if (op == Opcode.MEMFENCE) {
                    SharedVirtualMemory.fullFence();
                }
            }
            case BARRIER -> {
                wi.state = WorkItem.State.AT_BARRIER;
                return false;
            }
            case ARG_BLOCK_START -> {
                List<Variable> vars = ((Operand.ArgumentList) insn.operand(0)).variables();
                long size = vars.stream().mapToLong(v -> v.offset() + v.size()).max().orElse(0);
                a.argBlockMark = wi.privateMemory.limit();
                a.argBlockBase = push(wi, size, 16);
            }
            case ARG_BLOCK_END -> {
                wi.privateMemory.truncate(a.argBlockMark);
                a.argBlockBase = -1;
            }
            case BR -> a.jump(((Operand.LabelRef) insn.operand(0)).block());
            case CBR -> {
                if ((src(a, insn, 0) & 1) != 0) {
                    a.jump(((Operand.LabelRef) insn.operand(1)).block());
                }
            }
            case SBR -> {
                List<Operand.LabelRef> labels = ((Operand.LabelList) insn.operand(1)).labels();
                long index = src(a, insn, 0);
                if (index < 0 || index >= labels.size()) {
                    throw new Fault("sbr index " + Long.toUnsignedString(index) + " is outside its " + labels.size()
                            + " labels", null);
                }
                a.jump(labels.get((int) index).block());
            }
            case RET -> {
                return returnFrom(wi, a);
            }
            case CALL, SCALL, ICALL -> call(wi, a, insn);
            case LD -> ld(wi, a, insn);
            case ST -> st(wi, a, insn);
            case LDA -> write(a, insn.operand(0), t, address(wi, a, m.segment(), (Operand.Address) insn.operand(1)));
            case ATOMIC, ATOMICNORET -> atomic(wi, a, insn);
            case SIGNAL, SIGNALNORET -> signal(a, insn);
            case ALLOCA -> {
                long size = src(a, insn, 1);
                long at = push(wi, size, Math.max(m.align(), 16));
                write(a, insn.operand(0), t, at);
            }
            default -> {
                if (!special(wi, a, insn)) {
                    arithmetic(wi, a, insn);
                }
            }
        }
        return true;
    }

    /** Reserves {@code size} bytes on the work-item's private stack; returns their private segment address. */
    private static long push(WorkItem wi, long size, long align) {
        long at = (wi.privateMemory.limit() + align - 1) & -align;
        wi.privateMemory.ensure(at + size);
        return at;
    }

    private boolean returnFrom(WorkItem wi, Activation a) {
        wi.stack.pop();
        Activation caller = wi.stack.peek();
        if (caller == null) {
            wi.privateMemory.truncate(a.stackMark);
            wi.state = WorkItem.State.DONE;
            return false;
        }
        Operand.ArgumentList outs = caller.pendingOutputs;
        caller.pendingOutputs = null;
        List<Variable> formals = a.function.outputs();
        for (int i = 0; i < formals.size() && i < outs.variables().size(); i++) {
            Variable actual = outs.variables().get(i);
            byte[] bytes = new byte[(int) actual.size()];
            wi.privateMemory.read(a.outputBase + formals.get(i).offset(), bytes, bytes.length);
            wi.privateMemory.write(caller.argBlockBase + actual.offset(), bytes, bytes.length);
        }
        wi.privateMemory.truncate(a.stackMark);
        return true;
    }

    private void call(WorkItem wi, Activation a, Instruction insn) {
        String target = switch (insn.opcode()) {
            case CALL -> ((Operand.FunctionRef) insn.operand(0)).name();
            case SCALL -> {
                List<Operand.FunctionRef> fs = ((Operand.FunctionList) insn.operand(3)).functions();
                long index = src(a, insn, 0);
                if (index < 0 || index >= fs.size()) {
                    throw new Fault("scall index " + Long.toUnsignedString(index) + " is outside its " + fs.size()
                            + " functions", null);
                }
                yield fs.get((int) index).name();
            }
            default -> {
                long object = src(a, insn, 0);
                String name = interpreter.options().indirectFunctions().apply(object);
                if (name == null) {
                    throw new Fault(String.format("icall of 0x%x, which is not an indirect function", object), null);
                }
                yield name;
            }
        };
        Function f = module.function(target);
        if (f == null || f.body().isEmpty()) {
            throw new Fault("call of " + target + ", which has no definition in the module", null);
        }
        Body body = f.body().get();
        Activation callee = new Activation(body, f, interpreter.code(body));
        callee.stackMark = wi.privateMemory.limit();
        callee.outputBase = push(wi, f.outputFrameSize(), 16);
        List<Variable> ins = ((Operand.ArgumentList) insn.operand(2)).variables();
        long inputSize = f.inputFrameSize();
        if (!f.inputs().isEmpty() && f.inputs().getLast().dimension() == Variable.FLEXIBLE && !ins.isEmpty()) {
            inputSize = f.inputs().getLast().offset() + ins.getLast().size();
        }
        callee.inputBase = push(wi, inputSize, 16);
        for (int i = 0; i < ins.size() && i < f.inputs().size(); i++) {
            Variable actual = ins.get(i);
            byte[] bytes = new byte[(int) actual.size()];
            wi.privateMemory.read(a.argBlockBase + actual.offset(), bytes, bytes.length);
            wi.privateMemory.write(callee.inputBase + f.inputs().get(i).offset(), bytes, bytes.length);
        }
        callee.privateBase = push(wi, body.privateSegmentSize(), Math.max(16, body.privateSegmentAlignment()));
        a.pendingOutputs = (Operand.ArgumentList) insn.operand(1);
        wi.stack.push(callee);
    }

    private void ld(WorkItem wi, Activation a, Instruction insn) {
        DataType t = insn.type();
        Segment seg = insn.modifiers().segment();
        long address = address(wi, a, seg, (Operand.Address) insn.operand(1));
        List<Operand> dests = insn.operand(0) instanceof Operand.VectorOperand v ? v.elements()
                : List.of(insn.operand(0));
        int size = t.bytes();
        for (int i = 0; i < dests.size(); i++) {
            long at = address + (long) i * size;
            if (size == 16) {
                writeWide(a, dests.get(i), t, load(wi, seg, at, 8), load(wi, seg, at + 8, 8));
            } else {
                write(a, dests.get(i), t, load(wi, seg, at, size));
            }
        }
    }

    private void st(WorkItem wi, Activation a, Instruction insn) {
        DataType t = insn.type();
        Segment seg = insn.modifiers().segment();
        long address = address(wi, a, seg, (Operand.Address) insn.operand(1));
        List<Operand> srcs = insn.operand(0) instanceof Operand.VectorOperand v ? v.elements()
                : List.of(insn.operand(0));
        int size = t.bytes();
        for (int i = 0; i < srcs.size(); i++) {
            long at = address + (long) i * size;
            if (size == 16) {
                long[] w = readWide(a, srcs.get(i));
                store(wi, seg, at, 8, w[0]);
                store(wi, seg, at + 8, 8, w[1]);
            } else {
                store(wi, seg, at, size, read(a, srcs.get(i)));
            }
        }
    }

    private static MemoryOrder order(org.hsaj.hsail.ir.MemoryOrder o) {
        return switch (o) {
            case RLX -> MemoryOrder.RELAXED;
            case SCACQ -> MemoryOrder.ACQUIRE;
            case SCREL -> MemoryOrder.RELEASE;
            case SCAR -> MemoryOrder.ACQ_REL;
            case NONE -> MemoryOrder.SEQ_CST;
        };
    }

    private void atomic(WorkItem wi, Activation a, Instruction insn) {
        boolean ret = insn.opcode() == Opcode.ATOMIC;
        int first = ret ? 2 : 1;
        Segment seg = insn.modifiers().segment();
        long address = address(wi, a, seg, (Operand.Address) insn.operand(ret ? 1 : 0));
        DataType t = insn.type();
        AtomicOperation op = insn.modifiers().atomic();
        long operand = op == AtomicOperation.LD ? 0 : src(a, insn, first);
        long operand2 = op == AtomicOperation.CAS ? src(a, insn, first + 1) : 0;
        long old;
        if (isLocal(seg, address)) {
            // Local memory belongs to this work-group run, which one thread executes: plain accesses are atomic.
            old = load(wi, seg, address, t.bytes());
            long updated = atomicResult(op, t, old, operand, operand2);
            if (op != AtomicOperation.LD) {
                store(wi, seg, address, t.bytes(), updated);
            }
        } else {
            old = globalAtomic(address, t, op, operand, operand2, order(insn.modifiers().order()));
        }
        if (ret) {
            write(a, insn.operand(0), t, old);
        }
    }

    /** The value an atomic stores, given the value found. */
    private static long atomicResult(AtomicOperation op, DataType t, long old, long x, long y) {
        int n = t.bits();
        long ov = IntegerOps.value(old, t.isBit() ? DataType.unsignedOf(n) : t);
        return IntegerOps.chop(switch (op) {
            case LD -> old;
            case ST, EXCH -> x;
            case ADD -> old + x;
            case SUB -> old - x;
            case AND -> old & x;
            case OR -> old | x;
            case XOR -> old ^ x;
            case CAS -> IntegerOps.chop(old, n) == IntegerOps.chop(x, n) ? y : old;
            case MIN -> t.isSigned() ? Math.min(ov, IntegerOps.value(x, t))
                    : (Long.compareUnsigned(ov, IntegerOps.chop(x, n)) <= 0 ? ov : x);
            case MAX -> t.isSigned() ? Math.max(ov, IntegerOps.value(x, t))
                    : (Long.compareUnsigned(ov, IntegerOps.chop(x, n)) >= 0 ? ov : x);
            case WRAPINC -> Long.compareUnsigned(IntegerOps.chop(old, n), IntegerOps.chop(x, n)) >= 0 ? 0 : old + 1;
            case WRAPDEC -> IntegerOps.chop(old, n) == 0
                    || Long.compareUnsigned(IntegerOps.chop(old, n), IntegerOps.chop(x, n)) > 0 ? x : old - 1;
            default -> throw new IllegalStateException("not an atomic operation: " + op);
        }, n);
    }

    private long globalAtomic(long address, DataType t, AtomicOperation op, long x, long y, MemoryOrder order) {
        boolean wide = t.bits() == 64;
        switch (op) {
            case LD -> {
                return wide ? memory.atomicLoadLong(address, order) : memory.atomicLoadInt(address, order) & 0xffffffffL;
            }
            case ST -> {
                if (wide) {
                    memory.atomicStoreLong(address, x, order);
                } else {
                    memory.atomicStoreInt(address, (int) x, order);
                }
                return 0;
            }
            case CAS -> {
                return wide ? memory.compareAndExchangeLong(address, x, y, order)
                        : memory.compareAndExchangeInt(address, (int) x, (int) y, order) & 0xffffffffL;
            }
            case WRAPINC, WRAPDEC -> {
                while (true) {
                    long old = wide ? memory.atomicLoadLong(address, MemoryOrder.RELAXED)
                            : memory.atomicLoadInt(address, MemoryOrder.RELAXED) & 0xffffffffL;
                    long updated = atomicResult(op, t, old, x, 0);
                    long seen = wide ? memory.compareAndExchangeLong(address, old, updated, order)
                            : memory.compareAndExchangeInt(address, (int) old, (int) updated, order) & 0xffffffffL;
                    if (seen == old) {
                        return old;
                    }
                }
            }
            default -> {
                AtomicOp rmw = switch (op) {
                    case ADD -> AtomicOp.ADD;
                    case SUB -> AtomicOp.SUB;
                    case AND -> AtomicOp.AND;
                    case OR -> AtomicOp.OR;
                    case XOR -> AtomicOp.XOR;
                    case EXCH -> AtomicOp.EXCHANGE;
                    case MIN -> t.isSigned() ? AtomicOp.MIN : AtomicOp.UMIN;
                    default -> t.isSigned() ? AtomicOp.MAX : AtomicOp.UMAX;
                };
                return wide ? memory.atomicLong(rmw, address, x, order)
                        : memory.atomicInt(rmw, address, (int) x, order) & 0xffffffffL;
            }
        }
    }

    private void signal(Activation a, Instruction insn) {
        boolean ret = insn.opcode() == Opcode.SIGNAL;
        int handleIndex = ret ? 1 : 0;
        long handle = src(a, insn, handleIndex);
        if (handle == 0) {
            throw new Fault("signal operation on the null signal handle", null);
        }
        long address = handle + PlatformLayout.SIGNAL_VALUE_OFFSET;
        DataType t = insn.type();
        AtomicOperation op = insn.modifiers().atomic();
        MemoryOrder order = order(insn.modifiers().order());
        long result;
        if (op.isWait()) {
            long compare = IntegerOps.value(src(a, insn, 2), t);
            long timeout = interpreter.options().signalWaitTimeoutNanos();
            if (op.hasTimeout()) {
                timeout = Math.min(timeout, Math.max(0, src(a, insn, 3)));
            }
            long deadline = System.nanoTime() + timeout;
            while (true) {
                long v = IntegerOps.value(globalAtomic(address, t, AtomicOperation.LD, 0, 0, order), t);
                boolean met = switch (op) {
                    case WAIT_EQ, WAITTIMEOUT_EQ -> v == compare;
                    case WAIT_NE, WAITTIMEOUT_NE -> v != compare;
                    case WAIT_LT, WAITTIMEOUT_LT -> v < compare;
                    default -> v >= compare;
                };
                if (met || System.nanoTime() - deadline >= 0) {
                    result = v;
                    break;
                }
                Thread.onSpinWait();
            }
        } else {
            long x = op == AtomicOperation.LD ? 0 : src(a, insn, handleIndex + 1);
            long y = op == AtomicOperation.CAS ? src(a, insn, handleIndex + 2) : 0;
            result = globalAtomic(address, t, op, x, y, order);
        }
        if (ret) {
            write(a, insn.operand(0), t, result);
        }
    }

    /** Dispatch-packet, exception, queue, segment and miscellaneous instructions; false if not one of them. */
    private boolean special(WorkItem wi, Activation a, Instruction insn) {
        DataType t = insn.type();
        Segment seg = insn.modifiers().segment();
        long v;
        switch (insn.opcode()) {
            case WORKITEMABSID -> v = dim(a, insn) < g.dimensions() ? wi.absolute[dim(a, insn)] : 0;
            case WORKITEMID -> v = dim(a, insn) < g.dimensions() ? wi.local[dim(a, insn)] : 0;
            case WORKGROUPID -> v = dim(a, insn) < g.dimensions() ? groupId[dim(a, insn)] : 0;
            case WORKGROUPSIZE -> v = g.workgroup(dim(a, insn));
            case CURRENTWORKGROUPSIZE -> v = g.currentWorkgroup(dim(a, insn), groupId[dim(a, insn)]);
            case GRIDSIZE -> v = g.grid(dim(a, insn));
            case GRIDGROUPS -> v = g.groups(dim(a, insn));
            case DIM -> v = g.dimensions();
            case WORKITEMFLATID -> v = wi.flatId(g);
            case CURRENTWORKITEMFLATID -> v = wi.local[0] + wi.local[1] * g.currentWorkgroup(0, groupId[0])
                    + wi.local[2] * (long) g.currentWorkgroup(0, groupId[0]) * g.currentWorkgroup(1, groupId[1]);
            case WORKITEMFLATABSID -> v = wi.absolute[0] + wi.absolute[1] * g.gridX()
                    + wi.absolute[2] * g.gridX() * g.gridY();
            case PACKETID -> v = dispatch.packetId();
            case PACKETCOMPLETIONSIG -> v = dispatch.completionSignal();
            case KERNARGBASEPTR -> v = dispatch.kernargAddress();
            case GROUPBASEPTR -> v = 0;
            case LANEID -> v = 0;
            case WAVEID -> v = wi.flatId(g);
            case MAXWAVEID -> v = (long) g.workgroupX() * g.workgroupY() * g.workgroupZ() - 1;
            case CUID -> v = interpreter.options().computeUnitId();
            case MAXCUID -> v = interpreter.options().computeUnits() - 1;
            case CLOCK -> v = System.nanoTime();
            case NULLPTR -> v = is32(seg) ? PlatformLayout.SEGMENT_NULL : 0;
            case GETDETECTEXCEPT -> v = wi.detectedExceptions;
            case CLEARDETECTEXCEPT -> {
                wi.detectedExceptions &= ~(int) src(a, insn, 0);
                return true;
            }
            case SETDETECTEXCEPT -> {
                wi.detectedExceptions |= (int) src(a, insn, 0);
                return true;
            }
            case DEBUGTRAP -> throw new Fault("debugtrap executed with value " + src(a, insn, 0), null);
            case ACTIVELANEID -> v = 0;
            case ACTIVELANECOUNT -> v = src(a, insn, 1) & 1;
            case ACTIVELANEMASK -> {
                List<Operand> dests = ((Operand.VectorOperand) insn.operand(0)).elements();
                write(a, dests.get(0), t, src(a, insn, 1) & 1);
                for (int i = 1; i < dests.size(); i++) {
                    write(a, dests.get(i), t, 0);
                }
                return true;
            }
            case ACTIVELANEPERMUTE -> {
                // One lane per wavefront: the source lane (laneId mod WAVESIZE) is always this active lane.
                long[] w = readWide(a, insn.operand(1));
                writeWide(a, insn.operand(0), t, w[0], w[1]);
                return true;
            }
            case STOF -> {
                long s = src(a, insn, 1);
                v = !insn.modifiers().nonull() && s == PlatformLayout.SEGMENT_NULL ? 0
                        : (seg == Segment.GROUP ? PlatformLayout.GROUP_APERTURE_BASE
                        : PlatformLayout.PRIVATE_APERTURE_BASE) + (s & 0xffffffffL);
            }
            case FTOS -> {
                long f = src(a, insn, 1);
                v = !insn.modifiers().nonull() && f == 0 ? PlatformLayout.SEGMENT_NULL
                        : f - (seg == Segment.GROUP ? PlatformLayout.GROUP_APERTURE_BASE
                        : PlatformLayout.PRIVATE_APERTURE_BASE);
            }
            case SEGMENTP -> {
                long f = src(a, insn, 1);
                v = (f == 0 && !insn.modifiers().nonull()) || switch (seg) {
                    case GROUP -> PlatformLayout.isGroupAddress(f);
                    case PRIVATE -> PlatformLayout.isPrivateAddress(f);
                    default -> !PlatformLayout.isGroupAddress(f) && !PlatformLayout.isPrivateAddress(f);
                } ? 1 : 0;
            }
            case LDQUEUEREADINDEX, LDQUEUEWRITEINDEX -> {
                long q = address(wi, a, seg, (Operand.Address) insn.operand(1));
                v = memory.atomicLoadLong(q + queueOffset(insn.opcode()), order(insn.modifiers().order()));
            }
            case STQUEUEREADINDEX, STQUEUEWRITEINDEX -> {
                long q = address(wi, a, seg, (Operand.Address) insn.operand(0));
                memory.atomicStoreLong(q + queueOffset(insn.opcode()), src(a, insn, 1),
                        order(insn.modifiers().order()));
                return true;
            }
            case ADDQUEUEWRITEINDEX -> {
                long q = address(wi, a, seg, (Operand.Address) insn.operand(1));
                v = memory.atomicLong(AtomicOp.ADD, q + PlatformLayout.QUEUE_WRITE_INDEX_OFFSET, src(a, insn, 2),
                        order(insn.modifiers().order()));
            }
            case CASQUEUEWRITEINDEX -> {
                long q = address(wi, a, seg, (Operand.Address) insn.operand(1));
                v = memory.compareAndExchangeLong(q + PlatformLayout.QUEUE_WRITE_INDEX_OFFSET, src(a, insn, 2),
                        src(a, insn, 3), order(insn.modifiers().order()));
            }
            default -> {
                return false;
            }
        }
        write(a, insn.operand(0), t, v);
        return true;
    }

    private static long queueOffset(Opcode op) {
        return op == Opcode.LDQUEUEREADINDEX || op == Opcode.STQUEUEREADINDEX ? PlatformLayout.QUEUE_READ_INDEX_OFFSET
                : PlatformLayout.QUEUE_WRITE_INDEX_OFFSET;
    }

    private static int dim(Activation a, Instruction insn) {
        long d = src(a, insn, 1);
        if (d < 0 || d > 2) {
            throw new Fault("dimension " + d + " is not 0, 1 or 2", null);
        }
        return (int) d;
    }

    // ---- arithmetic --------------------------------------------------------------------------------

    private void arithmetic(WorkItem wi, Activation a, Instruction insn) {
        Opcode op = insn.opcode();
        DataType t = insn.type();
        DataType st = insn.sourceType();
        Modifiers m = insn.modifiers();
        Operand dest = insn.operand(0);
        switch (op) {
            case MOV -> {
                long[] w = readWide(a, insn.operand(1));
                writeWide(a, dest, t, w[0], w[1]);
            }
            case CVT -> write(a, dest, t, Conversions.convert(t, st, src(a, insn, 1), m.rounding(),
                    floatRounding(m), m.ftz()));
            case CMP -> cmp(a, insn);
            case CMOV -> {
                if (t.isPacked()) {
                    long[] c = Packed.elements(readWide(a, insn.operand(1))[0], readWide(a, insn.operand(1))[1], t);
                    long[] x = wide(a, insn, 2, t);
                    long[] y = wide(a, insn, 3, t);
                    long[] r = new long[c.length];
                    for (int i = 0; i < r.length; i++) {
                        r[i] = c[i] != 0 ? x[i] : y[i];
                    }
                    long[] p = Packed.pack(r, t);
                    writeWide(a, dest, t, p[0], p[1]);
                } else {
                    write(a, dest, t, (src(a, insn, 1) & 1) != 0 ? src(a, insn, 2) : src(a, insn, 3));
                }
            }
            case COMBINE -> {
                List<Operand> parts = ((Operand.VectorOperand) insn.operand(1)).elements();
                long[] e = new long[parts.size()];
                for (int i = 0; i < e.length; i++) {
                    e[i] = read(a, parts.get(i));
                }
                long[] p = packBits(e, st.bits());
                writeWide(a, dest, t, p[0], p[1]);
            }
            case EXPAND -> {
                List<Operand> parts = ((Operand.VectorOperand) dest).elements();
                long[] w = readWide(a, insn.operand(1));
                for (int i = 0; i < parts.size(); i++) {
                    int shift = i * t.bits();
                    long word = shift >= 64 ? w[1] : w[0];
                    write(a, parts.get(i), t, IntegerOps.chop(word >>> (shift % 64), t.bits()));
                }
            }
            case CLASS -> write(a, dest, t, FloatOps.classify(FloatFormat.of(st), src(a, insn, 1),
                    (int) src(a, insn, 2)) ? 1 : 0);
            case POPCOUNT, FIRSTBIT, LASTBIT -> write(a, dest, t, IntegerOps.unary(op, st, src(a, insn, 1), false));
            case BITEXTRACT -> write(a, dest, t, IntegerOps.bitExtract(t, src(a, insn, 1), src(a, insn, 2),
                    src(a, insn, 3)));
            case BITINSERT -> write(a, dest, t, IntegerOps.bitInsert(t, src(a, insn, 1), src(a, insn, 2),
                    src(a, insn, 3), src(a, insn, 4)));
            case BITMASK -> write(a, dest, t, IntegerOps.bitMask(t, src(a, insn, 1), src(a, insn, 2)));
            case BITSELECT -> {
                long mask = src(a, insn, 1);
                write(a, dest, t, IntegerOps.chop((src(a, insn, 2) & mask) | (src(a, insn, 3) & ~mask), t.bits()));
            }
            case BITALIGN, BYTEALIGN -> {
                long shift = op == Opcode.BITALIGN ? src(a, insn, 3) & 31 : (src(a, insn, 3) & 3) * 8;
                long value = (src(a, insn, 2) << 32) | (src(a, insn, 1) & 0xffffffffL);
                write(a, dest, t, IntegerOps.chop(value >>> shift, 32));
            }
            case LERP -> {
                long[] x = Packed.elements(src(a, insn, 1), 0, t);
                long[] y = Packed.elements(src(a, insn, 2), 0, t);
                long[] z = Packed.elements(src(a, insn, 3), 0, t);
                long[] r = new long[4];
                for (int i = 0; i < 4; i++) {
                    r[i] = (x[i] + y[i] + (z[i] & 1)) >> 1;
                }
                write(a, dest, t, Packed.pack(r, t)[0]);
            }
            case PACKCVT -> {
                long[] r = new long[4];
                for (int i = 0; i < 4; i++) {
                    r[i] = Conversions.convert(DataType.U8, DataType.F32, src(a, insn, i + 1), Rounding.NEARI_SAT,
                            Rounding.NEAR, false);
                }
                write(a, dest, t, Packed.pack(r, t)[0]);
            }
            case UNPACKCVT -> {
                long e = Packed.elements(src(a, insn, 1), 0, st)[(int) (src(a, insn, 2) & 3)];
                write(a, dest, t, Conversions.convert(DataType.F32, DataType.U8, e, Rounding.DEFAULT, Rounding.NEAR,
                        false));
            }
            case SAD, SADHI -> {
                long[] x = st.isPacked() ? Packed.elements(src(a, insn, 1), 0, st) : new long[] {src(a, insn, 1)};
                long[] y = st.isPacked() ? Packed.elements(src(a, insn, 2), 0, st) : new long[] {src(a, insn, 2)};
                long sum = 0;
                for (int i = 0; i < x.length; i++) {
                    sum += Math.abs(x[i] - y[i]);
                }
                long acc = src(a, insn, 3);
                write(a, dest, t, IntegerOps.chop(op == Opcode.SAD ? acc + sum : acc + (sum << 16), 32));
            }
            case SHUFFLE -> {
                long[] x = Packed.elements(src(a, insn, 1), 0, t);
                long[] y = Packed.elements(src(a, insn, 2), 0, t);
                long control = src(a, insn, 3);
                int n = x.length;
                int bitsPer = Integer.numberOfTrailingZeros(n);
                long[] r = new long[n];
                for (int i = 0; i < n; i++) {
                    int sel = (int) ((control >>> (i * bitsPer)) & (n - 1));
                    r[i] = i < n / 2 ? x[sel] : y[sel];
                }
                write(a, dest, t, Packed.pack(r, t)[0]);
            }
            case UNPACKLO, UNPACKHI -> {
                long[] x = wide(a, insn, 1, t);
                long[] y = wide(a, insn, 2, t);
                int n = x.length;
                int from = op == Opcode.UNPACKLO ? 0 : n / 2;
                long[] r = new long[n];
                for (int i = 0; i < n / 2; i++) {
                    r[2 * i] = x[from + i];
                    r[2 * i + 1] = y[from + i];
                }
                long[] p = Packed.pack(r, t);
                writeWide(a, dest, t, p[0], p[1]);
            }
            case PACK -> {
                long[] x = wide(a, insn, 1, t);
                x[(int) (src(a, insn, 3) & (x.length - 1))] = src(a, insn, 2);
                long[] p = Packed.pack(x, t);
                writeWide(a, dest, t, p[0], p[1]);
            }
            case UNPACK -> {
                long[] x = wide(a, insn, 1, st);
                long e = x[(int) (src(a, insn, 2) & (x.length - 1))];
                DataType et = st.elementType();
                write(a, dest, t, et.isSigned() ? IntegerOps.sext(e, et.bits()) : e);
            }
            default -> {
                if (t.isPacked()) {
                    packed(wi, a, insn);
                } else {
                    long[] s = new long[insn.operandCount() - 1];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = src(a, insn, i + 1);
                    }
                    write(a, dest, t, scalar(wi, op, t, m, s, false));
                }
            }
        }
    }

    private static long[] wide(Activation a, Instruction insn, int i, DataType t) {
        long[] w = readWide(a, insn.operand(i));
        return Packed.elements(w[0], w[1], t);
    }

    private static long[] packBits(long[] e, int bits) {
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < e.length; i++) {
            int shift = i * bits;
            long v = IntegerOps.chop(e[i], bits);
            if (shift >= 64) {
                hi |= v << (shift - 64);
            } else {
                lo |= v << shift;
            }
        }
        return new long[] {lo, hi};
    }

    /** One scalar (or packed element) operation with sources {@code s} of type {@code t}. */
    private long scalar(WorkItem wi, Opcode op, DataType t, Modifiers m, long[] s, boolean saturate) {
        if (t.isFloat()) {
            FloatFormat f = FloatFormat.of(t);
            double x = f.fromBits(s[0]);
            double y = s.length > 1 ? f.fromBits(s[1]) : 0;
            double z = s.length > 2 ? f.fromBits(s[2]) : 0;
            long sign = 1L << (t.bits() - 1);
            double r;
            switch (op) {
                case ABS -> {
                    return s[0] & ~sign;
                }
                case NEG -> {
                    return IntegerOps.chop(s[0] ^ sign, t.bits());
                }
                case COPYSIGN -> {
                    return (s[0] & ~sign) | (s[1] & sign);
                }
                case ADD, SUB, MUL, DIV, SQRT, FMA, MAD, NFMA -> r = FloatOps.arithmetic(op, f, floatRounding(m),
                        m.ftz(), x, y, z);
                case MAX, MIN -> r = FloatOps.minMax(op == Opcode.MAX, f, m.ftz(), x, y);
                case CEIL, FLOOR, RINT, TRUNC -> r = FloatOps.integral(op, f, m.ftz(), x);
                case FRACT -> r = FloatOps.fract(f, floatRounding(m), m.ftz(), x);
                case NSIN, NCOS, NEXP2, NLOG2, NRCP, NRSQRT, NSQRT -> r = FloatOps.nativeOp(op, f, m.ftz(), x);
                default -> throw new Fault("'" + op.hsailName() + "' is not defined for " + t.hsailName(), null);
            }
            return f.toBits(r);
        }
        int[] exceptions = {0};
        long r = switch (op) {
            case ABS, NEG, NOT, BITREV -> IntegerOps.unary(op, t, s[0], saturate);
            case MAD -> IntegerOps.chop(IntegerOps.value(s[0], t) * IntegerOps.value(s[1], t) + s[2], t.bits());
            case MAD24 -> IntegerOps.chop(IntegerOps.binary(Opcode.MUL24, t, s[0], s[1], false, exceptions) + s[2], 32);
            case MAD24HI -> IntegerOps.chop(IntegerOps.binary(Opcode.MUL24HI, t, s[0], s[1], false, exceptions) + s[2],
                    32);
            default -> IntegerOps.binary(op, t, s[0], s[1], saturate, exceptions);
        };
        if (exceptions[0] != 0) {
            raise(wi, exceptions[0], "integer division by zero");
        }
        return r;
    }

    private void raise(WorkItem wi, int exceptionBits, String what) {
        if ((breakExceptions & exceptionBits) != 0) {
            throw new Fault(what + " (the kernel enables the break exception policy for it)", null);
        }
        wi.detectedExceptions |= exceptionBits;
    }

    private void packed(WorkItem wi, Activation a, Instruction insn) {
        Opcode op = insn.opcode();
        DataType t = insn.type();
        DataType et = t.elementType();
        Modifiers m = insn.modifiers();
        int sources = insn.operandCount() - 1;
        long[][] e = new long[sources][];
        for (int i = 0; i < sources; i++) {
            e[i] = op == Opcode.SHL || op == Opcode.SHR ? (i == 0 ? wide(a, insn, 1, t) : new long[] {src(a, insn, 2)})
                    : wide(a, insn, i + 1, t);
        }
        long[] r = wide(a, insn, 0, t);
        boolean sat = m.packing().isSaturating();
        for (int i = 0; i < r.length; i++) {
            if (m.packing().writesLowestElementOnly() && i > 0) {
                break;
            }
            long[] s = new long[sources];
            for (int k = 0; k < sources; k++) {
                boolean scalarSource = op == Opcode.SHL || op == Opcode.SHR ? k == 1 : m.packing().isScalarSource(k);
                s[k] = e[k][scalarSource ? 0 : i];
            }
            if ((op == Opcode.SHL || op == Opcode.SHR)) {
                s[1] &= et.bits() - 1;
            }
            r[i] = scalar(wi, op, et, m, s, sat);
        }
        long[] p = Packed.pack(r, t);
        writeWide(a, insn.operand(0), t, p[0], p[1]);
    }

    private void cmp(Activation a, Instruction insn) {
        DataType t = insn.type();
        DataType st = insn.sourceType();
        Modifiers m = insn.modifiers();
        CompareOperation c = m.compare();
        if (st.isPacked()) {
            long[] x = wide(a, insn, 1, st);
            long[] y = wide(a, insn, 2, st);
            long[] r = new long[x.length];
            for (int i = 0; i < r.length; i++) {
                int k = m.packing().isScalarSource(0) ? 0 : i;
                int l = m.packing().isScalarSource(1) ? 0 : i;
                r[i] = compare(c, st.elementType(), m.ftz(), x[k], y[l]) ? -1 : 0;
            }
            long[] p = Packed.pack(r, t);
            writeWide(a, insn.operand(0), t, p[0], p[1]);
            return;
        }
        boolean result = compare(c, st, m.ftz(), src(a, insn, 1), src(a, insn, 2));
        long v;
        if (t == DataType.B1) {
            v = result ? 1 : 0;
        } else if (t.isFloat()) {
            v = FloatFormat.of(t).toBits(result ? 1.0 : 0.0);
        } else {
            v = result ? IntegerOps.chop(-1, t.bits()) : 0;
        }
        write(a, insn.operand(0), t, v);
    }

    private static boolean compare(CompareOperation c, DataType st, boolean ftz, long a, long b) {
        if (!st.isFloat()) {
            return IntegerOps.compare(c, st.isBit() ? DataType.unsignedOf(Math.max(8, st.bits())) : st,
                    st == DataType.B1 ? a & 1 : a, st == DataType.B1 ? b & 1 : b);
        }
        FloatFormat f = FloatFormat.of(st);
        double x = f.fromBits(a);
        double y = f.fromBits(b);
        if (ftz) {
            x = f.flush(x);
            y = f.flush(y);
        }
        boolean unordered = Double.isNaN(x) || Double.isNaN(y);
        return switch (c.quiet()) {
            case EQ -> !unordered && x == y;
            case NE -> !unordered && x != y;
            case LT -> !unordered && x < y;
            case LE -> !unordered && x <= y;
            case GT -> !unordered && x > y;
            case GE -> !unordered && x >= y;
            case EQU -> unordered || x == y;
            case NEU -> unordered || x != y;
            case LTU -> unordered || x < y;
            case LEU -> unordered || x <= y;
            case GTU -> unordered || x > y;
            case GEU -> unordered || x >= y;
            case NUM -> !unordered;
            default -> unordered;
        };
    }
}
