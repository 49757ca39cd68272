package org.hsaj.hsail.interp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.KernelFault;
import org.hsaj.hsail.exec.SegmentLayout;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.hsail.ir.AtomicOperation;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Modifiers;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.SourcePosition;
import org.hsaj.hsail.ir.Variable;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.AtomicOp;
import org.hsaj.runtime.memory.MemoryAccessException;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.hsaj.runtime.queue.QueueLayout;
import org.hsaj.runtime.signal.SignalLayout;

/**
 * Runs one work-group of a dispatch (see {@link InterpretedKernel} for the rules): every work-item as a
 * state machine, one at a time in current flat id order, each until it reaches a synchronising
 * instruction or ends; then the work-items waiting at the earliest point go past it together.
 *
 * <p>One instance per work-group run, used by one thread. Work-groups of one dispatch may run
 * concurrently on different threads: they share only the shared virtual memory.
 */
final class WorkGroupRun {
    private final InterpretedKernel program;
    private final SegmentLayout layout;
    private final DispatchContext dispatch;
    private final DispatchGeometry g;
    private final SharedVirtualMemory memory;
    private final Addressing addressing;
    private final long[] groupId;
    /** The work-items in current flat id order: index = current flat id. */
    private final List<WorkItem> items = new ArrayList<>();
    private final Arithmetic arithmetic;

    WorkGroupRun(InterpretedKernel program, DispatchContext dispatch, WorkGroupMemory wgm, long gx, long gy, long gz) {
        this.program = program;
        this.layout = program.layout;
        this.dispatch = dispatch;
        this.g = dispatch.geometry();
        this.memory = dispatch.memory();
        this.addressing = new Addressing(layout, program.variables, dispatch, wgm);
        this.groupId = new long[] {gx, gy, gz};
        this.arithmetic = new Arithmetic(program.module, program.kernel().controls().enableBreakExceptions());
    }

    // ---- scheduling -------------------------------------------------------------------------------

    void run() {
        Body body = program.kernel().body().orElseThrow();
        Code code = program.code(body);
        int sx = g.currentWorkgroupSize(0, groupId[0]);
        int sy = g.currentWorkgroupSize(1, groupId[1]);
        int sz = g.currentWorkgroupSize(2, groupId[2]);
        for (int z = 0; z < sz; z++) {
            for (int y = 0; y < sy; y++) {
                for (int x = 0; x < sx; x++) {
                    WorkItem wi = new WorkItem(x + g.workgroupX() * (y + g.workgroupY() * z), items.size());
                    wi.local[0] = x;
                    wi.local[1] = y;
                    wi.local[2] = z;
                    for (int dim = 0; dim < 3; dim++) {
                        wi.absolute[dim] = groupId[dim] * g.workgroupSize(dim) + wi.local[dim];
                    }
                    wi.allocaTop = SegmentLayout.ALLOCA_RESERVED;
                    wi.stack.push(new Activation(code, null, layout.kernelFrame(), 0, wi.allocaTop));
                    items.add(wi);
                }
            }
        }
        checkCancelled(items.getFirst(), code.firstFrom(0));
        while (true) {
            for (WorkItem wi : items) {
                if (wi.state == WorkItem.State.RUNNING) {
                    runUntilStop(wi);
                }
            }
            WorkItem first = null;
            for (WorkItem wi : items) {
                if (wi.state == WorkItem.State.WAITING && (first == null || Arrays.compare(wi.point, first.point) < 0)) {
                    first = wi;
                }
            }
            if (first == null) {
                return;
            }
            Instruction point = first.top().current();
            checkCancelled(first, point);
            int[] at = first.point;
            switch (point.opcode()) {
                case BARRIER -> checkBarrier(point, at);
                case WAVEBARRIER -> {
                }
                default -> CrossLaneOps.evaluate(point, items, wi -> waitsAt(wi, at));
            }
            for (WorkItem wi : items) {
                if (waitsAt(wi, at)) {
                    wi.top().index++;
                    wi.state = WorkItem.State.RUNNING;
                    wi.point = null;
                }
            }
        }
    }

    private static boolean waitsAt(WorkItem wi, int[] point) {
        return wi.state == WorkItem.State.WAITING && Arrays.equals(wi.point, point);
    }

    /** Synchronising instructions: where a work-item stops until the work-group's scheduling lets it on. */
    static boolean isSynchronising(Opcode op) {
        return switch (op) {
            case BARRIER, WAVEBARRIER, ACTIVELANECOUNT, ACTIVELANEID, ACTIVELANEMASK, ACTIVELANEPERMUTE -> true;
            default -> false;
        };
    }

    /** The point a work-item stopped at: the position of each activation's instruction, kernel first. */
    private static int[] point(WorkItem wi) {
        int[] point = new int[wi.stack.size()];
        int i = point.length - 1;
        for (Activation a : wi.stack) {
            point[i] = i == point.length - 1 ? a.position() : a.previousPosition();
            i--;
        }
        return point;
    }

    /** A barrier releases only when every work-item of the work-group waits at it (HSAIL requires uniform control flow). */
    private void checkBarrier(Instruction barrier, int[] at) {
        for (WorkItem wi : items) {
            if (!waitsAt(wi, at)) {
                String elsewhere = wi.state == WorkItem.State.DONE ? "has finished"
                        : "waits at " + KernelFault.position(wi.top().current().position());
                throw fault(wi, barrier, "barrier divergence: the work-group's other work-items wait at the barrier"
                        + " at " + KernelFault.position(barrier.position()) + " but this work-item " + elsewhere, null);
            }
        }
    }

    private void checkCancelled(WorkItem wi, Instruction insn) {
        if (dispatch.isCancelled()) {
            throw fault(wi, insn, cancelled(), null);
        }
    }

    private String cancelled() {
        return "dispatch cancelled: " + dispatch.cancellation();
    }

    /** Runs work-item {@code wi} until it waits at a synchronising instruction or ends. */
    private void runUntilStop(WorkItem wi) {
        long limit = program.options.instructionLimit();
        while (true) {
            Activation a = wi.top();
            Instruction insn = a.current();
            if (insn == null) {
                returnFrom(wi, a, null);
            } else if (isSynchronising(insn.opcode())) {
                wi.state = WorkItem.State.WAITING;
                wi.point = point(wi);
            } else {
                if (++wi.executed > limit) {
                    throw fault(wi, insn, "work-item executed more than " + limit + " instructions", null);
                }
                a.index++;
                try {
                    execute(wi, a, insn);
                } catch (MemoryAccessException e) {
                    throw fault(wi, insn, withoutStatus(e), e);
                } catch (WorkItemFault e) {
                    throw fault(wi, insn, e.getMessage(), e.getCause());
                }
            }
            if (wi.state != WorkItem.State.RUNNING) {
                return;
            }
        }
    }

    private static String withoutStatus(HsaException e) {
        String prefix = e.status() + ": ";
        return e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    }

    private KernelFault fault(WorkItem wi, Instruction insn, String what, Throwable cause) {
        SourcePosition at = insn == null ? program.kernel().position() : insn.position();
        return new KernelFault(HsaStatus.ERROR_EXCEPTION, program.kernel().name(), wi.absolute, groupId,
                KernelFault.position(at), what, cause);
    }

    // ---- memory -------------------------------------------------------------------------------------

    private long load(WorkItem wi, Segment seg, long address, int size) {
        long at = addressing.flat(wi, seg, address, size, false);
        return switch (size) {
            case 1 -> memory.loadByte(at) & 0xffL;
            case 2 -> memory.loadShort(at) & 0xffffL;
            case 4 -> memory.loadInt(at) & 0xffffffffL;
            default -> memory.loadLong(at);
        };
    }

    private void store(WorkItem wi, Segment seg, long address, int size, long value) {
        long at = addressing.flat(wi, seg, address, size, true);
        switch (size) {
            case 1 -> memory.storeByte(at, (byte) value);
            case 2 -> memory.storeShort(at, (short) value);
            case 4 -> memory.storeInt(at, (int) value);
            default -> memory.storeLong(at, value);
        }
    }

    /** Copies {@code length} bytes between two private segment addresses of {@code wi} (argument passing). */
    private void copyPrivate(WorkItem wi, long to, long from, long length) {
        if (length > 0) {
            memory.copy(addressing.flat(wi, Segment.PRIVATE, to, (int) length, true), addressing.flat(wi, Segment.PRIVATE, from,
                    (int) length, false), length);
        }
    }

    // ---- execution --------------------------------------------------------------------------------

    /** Runs one instruction (the activation already points past it). */
    private void execute(WorkItem wi, Activation a, Instruction insn) {
        Opcode op = insn.opcode();
        DataType t = insn.type();
        Modifiers m = insn.modifiers();
        switch (op) {
            case NOP -> {
            }
            case MEMFENCE -> SharedVirtualMemory.fullFence();
            case ARG_BLOCK_START -> a.argBlockOpen = true;
            case ARG_BLOCK_END -> a.argBlockOpen = false;
            case BR -> branch(a, insn, ((Operand.LabelRef) insn.operand(0)).block());
            case CBR -> {
                if ((a.source(insn, 0) & 1) != 0) {
                    branch(a, insn, ((Operand.LabelRef) insn.operand(1)).block());
                }
            }
            case SBR -> {
                List<Operand.LabelRef> labels = ((Operand.LabelList) insn.operand(1)).labels();
                long index = a.source(insn, 0);
                if (index < 0 || index >= labels.size()) {
                    throw new WorkItemFault("sbr index " + Long.toUnsignedString(index) + " is outside its "
                            + labels.size() + " labels");
                }
                branch(a, insn, labels.get((int) index).block());
            }
            case RET -> returnFrom(wi, a, insn);
            case CALL, SCALL, ICALL -> call(wi, a, insn);
            case LD -> ld(wi, a, insn);
            case ST -> st(wi, a, insn);
            case LDA -> a.write(insn.operand(0), t, addressing.address(a, m.segment(), (Operand.Address) insn.operand(1)));
            case ATOMIC, ATOMICNORET -> atomic(wi, a, insn);
            case SIGNAL, SIGNALNORET -> signal(a, insn);
            case ALLOCA -> alloca(wi, a, insn);
            default -> {
                if (isSynchronising(op)) {
                    throw new IllegalStateException(op.hsailName() + " runs in the work-group's scheduling");
                }
                if (!special(wi, a, insn)) {
                    arithmetic.execute(wi, a, insn);
                }
            }
        }
    }

    /** A branch; one that goes back (a loop) is where a cancelled dispatch stops. */
    private void branch(Activation a, Instruction insn, int target) {
        if (target <= a.block && dispatch.isCancelled()) {
            throw new WorkItemFault(cancelled());
        }
        a.jump(target);
    }

    /** Ends activation {@code a} (at {@code ret}, or at the end of its body when null). */
    private void returnFrom(WorkItem wi, Activation a, Instruction ret) {
        wi.stack.pop();
        wi.allocaTop = a.allocaMark;
        Activation caller = wi.stack.peek();
        if (caller == null) {
            wi.state = WorkItem.State.DONE;
            return;
        }
        Operand.ArgumentList outs = caller.pendingOutputs;
        caller.pendingOutputs = null;
        List<Variable> formals = a.function.outputs();
        for (int i = 0; i < formals.size() && i < outs.variables().size(); i++) {
            Variable formal = formals.get(i);
            copyPrivate(wi, caller.frameBase + caller.frame.argOffset() + outs.variables().get(i).offset(),
                    a.frameBase + formal.offset(), formal.size());
        }
    }

    private void call(WorkItem wi, Activation a, Instruction insn) {
        Function f = callee(a, insn);
        SegmentLayout.Frame frame;
        try {
            frame = layout.frame(f);
        } catch (IllegalArgumentException e) {
            throw new WorkItemFault("call of " + f.name() + ", which " + (insn.opcode() == Opcode.ICALL
                    ? "is not an indirect function of the module" : "this kernel cannot call"), e);
        }
        long base = a.frameBase + a.frame.size();
        if (base + frame.size() > layout.stackLimit()) {
            throw new WorkItemFault("private stack overflow: the recursion needs more than the "
                    + layout.stackLimit() + " bytes of private memory per work-item");
        }
        List<Variable> actuals = ((Operand.ArgumentList) insn.operand(2)).variables();
        for (int i = 0; i < actuals.size() && i < f.inputs().size(); i++) {
            Variable formal = f.inputs().get(i);
            long length = formal.dimension() == Variable.FLEXIBLE ? actuals.get(i).size() : formal.size();
            copyPrivate(wi, base + frame.inputsOffset() + formal.offset(), Addressing.argAddress(a, actuals.get(i)), length);
        }
        Body body = f.body().orElseThrow();
        a.pendingOutputs = (Operand.ArgumentList) insn.operand(1);
        wi.stack.push(new Activation(program.code(body), f, frame, base, wi.allocaTop));
    }

    /** The function a call, scall or icall runs. */
    private Function callee(Activation a, Instruction insn) {
        String target = switch (insn.opcode()) {
            case CALL -> ((Operand.FunctionRef) insn.operand(0)).name();
            case SCALL -> {
                List<Operand.FunctionRef> fs = ((Operand.FunctionList) insn.operand(3)).functions();
                long index = a.source(insn, 0);
                if (index < 0 || index >= fs.size()) {
                    throw new WorkItemFault("scall index " + Long.toUnsignedString(index) + " is outside its "
                            + fs.size() + " functions");
                }
                yield fs.get((int) index).name();
            }
            default -> {
                long object = a.source(insn, 0);
                String name = program.options.indirectFunctions().apply(object);
                if (name == null) {
                    throw new WorkItemFault(String.format("icall of 0x%x, which is not an indirect function", object));
                }
                yield name;
            }
        };
        Function f = program.module.function(target);
        if (f == null || f.body().isEmpty()) {
            throw new WorkItemFault("call of " + target + ", which has no definition in the module");
        }
        return f;
    }

    private void alloca(WorkItem wi, Activation a, Instruction insn) {
        long size = a.source(insn, 1) & 0xffffffffL;
        long align = Math.max(1, insn.modifiers().align());
        long start = (wi.allocaTop + align - 1) & -align;
        long end = start + size;
        if (end > SegmentLayout.ALLOCA_AREA) {
            throw new WorkItemFault("alloca of " + size + " bytes exceeds the " + (SegmentLayout.ALLOCA_AREA
                    - SegmentLayout.ALLOCA_RESERVED) + " bytes of alloca memory per work-item");
        }
        wi.allocaTop = end;
        a.write(insn.operand(0), insn.type(), layout.allocaArea() + start);
    }

    private void ld(WorkItem wi, Activation a, Instruction insn) {
        DataType t = insn.type();
        Segment seg = insn.modifiers().segment();
        long address = addressing.address(a, seg, (Operand.Address) insn.operand(1));
        List<Operand> dests = insn.operand(0) instanceof Operand.VectorOperand v ? v.elements()
                : List.of(insn.operand(0));
        int size = t.bytes();
        for (int i = 0; i < dests.size(); i++) {
            long at = address + (long) i * size;
            if (size == 16) {
                a.writeWide(dests.get(i), t, load(wi, seg, at, 8), load(wi, seg, at + 8, 8));
            } else {
                a.write(dests.get(i), t, load(wi, seg, at, size));
            }
        }
    }

    private void st(WorkItem wi, Activation a, Instruction insn) {
        DataType t = insn.type();
        Segment seg = insn.modifiers().segment();
        long address = addressing.address(a, seg, (Operand.Address) insn.operand(1));
        List<Operand> srcs = insn.operand(0) instanceof Operand.VectorOperand v ? v.elements()
                : List.of(insn.operand(0));
        int size = t.bytes();
        for (int i = 0; i < srcs.size(); i++) {
            long at = address + (long) i * size;
            if (size == 16) {
                long[] w = a.readWide(srcs.get(i));
                store(wi, seg, at, 8, w[0]);
                store(wi, seg, at + 8, 8, w[1]);
            } else {
                store(wi, seg, at, size, a.read(srcs.get(i)));
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
        DataType t = insn.type();
        AtomicOperation op = insn.modifiers().atomic();
        long address = addressing.flat(wi, seg, addressing.address(a, seg, (Operand.Address) insn.operand(ret ? 1 : 0)), t.bytes(),
                op != AtomicOperation.LD);
        long operand = op == AtomicOperation.LD ? 0 : a.source(insn, first);
        long operand2 = op == AtomicOperation.CAS ? a.source(insn, first + 1) : 0;
        long old = atomicAt(address, t, op, operand, operand2, order(insn.modifiers().order()));
        if (ret) {
            a.write(insn.operand(0), t, old);
        }
    }

    /** The value a wrapinc or wrapdec stores, given the value found. */
    private static long wrapped(AtomicOperation op, DataType t, long old, long limit) {
        int n = t.bits();
        long o = IntegerOps.chop(old, n);
        long x = IntegerOps.chop(limit, n);
        return IntegerOps.chop(op == AtomicOperation.WRAPINC ? (Long.compareUnsigned(o, x) >= 0 ? 0 : old + 1)
                : (o == 0 || Long.compareUnsigned(o, x) > 0 ? x : old - 1), n);
    }

    /** An atomic operation on the 32- or 64-bit value at flat address {@code address}; returns the value found. */
    private long atomicAt(long address, DataType t, AtomicOperation op, long x, long y, MemoryOrder order) {
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
                    long updated = wrapped(op, t, old, x);
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
                    case MAX -> t.isSigned() ? AtomicOp.MAX : AtomicOp.UMAX;
                    default -> throw new WorkItemFault("'" + op.hsailName() + "' is not an atomic operation");
                };
                return wide ? memory.atomicLong(rmw, address, x, order)
                        : memory.atomicInt(rmw, address, (int) x, order) & 0xffffffffL;
            }
        }
    }

    private void signal(Activation a, Instruction insn) {
        boolean ret = insn.opcode() == Opcode.SIGNAL;
        int handleIndex = ret ? 1 : 0;
        long handle = a.source(insn, handleIndex);
        if (handle == 0) {
            throw new WorkItemFault("signal operation on the null signal handle");
        }
        long address = handle + SignalLayout.VALUE;
        DataType t = insn.type();
        AtomicOperation op = insn.modifiers().atomic();
        MemoryOrder order = order(insn.modifiers().order());
        long result;
        if (op.isWait()) {
            long compare = IntegerOps.value(a.source(insn, 2), t);
            long timeout = op.hasTimeout() ? Math.max(0, a.source(insn, 3))
                    : program.options.signalWaitTimeoutNanos();
            long deadline = System.nanoTime() + timeout;
            while (true) {
                long v = IntegerOps.value(atomicAt(address, t, AtomicOperation.LD, 0, 0, order), t);
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
                // A work-item waiting for another of its own work-group would wait until its deadline: they run in turn.
                if (dispatch.isCancelled()) {
                    throw new WorkItemFault(cancelled());
                }
                Thread.onSpinWait();
            }
        } else {
            long x = op == AtomicOperation.LD ? 0 : a.source(insn, handleIndex + 1);
            long y = op == AtomicOperation.CAS ? a.source(insn, handleIndex + 2) : 0;
            result = atomicAt(address, t, op, x, y, order);
        }
        if (ret) {
            a.write(insn.operand(0), t, result);
        }
    }

    /** Dispatch-packet, exception, queue, segment and miscellaneous instructions; false if not one of them. */
    private boolean special(WorkItem wi, Activation a, Instruction insn) {
        DataType t = insn.type();
        Segment seg = insn.modifiers().segment();
        long v;
        switch (insn.opcode()) {
            case WORKITEMABSID -> v = wi.absolute[dim(a, insn)];
            case WORKITEMID -> v = wi.local[dim(a, insn)];
            case WORKGROUPID -> v = groupId[dim(a, insn)];
            case WORKGROUPSIZE -> v = g.workgroupSize(dim(a, insn));
            case CURRENTWORKGROUPSIZE -> v = g.currentWorkgroupSize(dim(a, insn), groupId[dim(a, insn)]);
            case GRIDSIZE -> v = g.gridSize(dim(a, insn));
            case GRIDGROUPS -> v = g.gridGroups(dim(a, insn));
            case DIM -> v = g.dimensions();
            case WORKITEMFLATID -> v = wi.flatId;
            case CURRENTWORKITEMFLATID -> v = wi.currentFlatId;
            case WORKITEMFLATABSID -> v = wi.absolute[0] + wi.absolute[1] * g.gridX()
                    + wi.absolute[2] * g.gridX() * g.gridY();
            case PACKETID -> v = dispatch.packetId();
            case PACKETCOMPLETIONSIG -> v = dispatch.completionSignal();
            case KERNARGBASEPTR -> v = dispatch.kernargAddress();
            // A group segment address (u32): the segment starts at 0; stof gives its flat address.
            case GROUPBASEPTR -> v = 0;
            case LANEID -> v = wi.currentFlatId % CompiledKernel.WAVEFRONT_SIZE;
            case WAVEID -> v = wi.currentFlatId / CompiledKernel.WAVEFRONT_SIZE;
            case MAXWAVEID -> v = (g.workItemsPerGroup() - 1) / CompiledKernel.WAVEFRONT_SIZE;
            // The compute unit is not part of the back-end contract.
            case CUID, MAXCUID -> v = 0;
            case CLOCK -> v = System.nanoTime();
            case NULLPTR -> v = 0;
            case GETDETECTEXCEPT -> v = wi.detectedExceptions;
            case CLEARDETECTEXCEPT -> {
                wi.detectedExceptions &= ~(int) a.source(insn, 0);
                return true;
            }
            case SETDETECTEXCEPT -> {
                wi.detectedExceptions |= (int) a.source(insn, 0);
                return true;
            }
            case DEBUGTRAP -> throw new WorkItemFault("debugtrap executed with value " + a.source(insn, 0));
            case STOF -> v = addressing.segmentToFlat(wi, seg, a.source(insn, 1));
            case FTOS -> v = addressing.flatToSegment(wi, seg, a.source(insn, 1));
            case SEGMENTP -> v = addressing.isInSegment(wi, seg, a.source(insn, 1)) ? 1 : 0;
            case LDQUEUEREADINDEX, LDQUEUEWRITEINDEX -> {
                long q = queueIndexAddress(wi, a, insn, 1);
                v = memory.atomicLoadLong(q, order(insn.modifiers().order()));
            }
            case STQUEUEREADINDEX, STQUEUEWRITEINDEX -> {
                long q = queueIndexAddress(wi, a, insn, 0);
                memory.atomicStoreLong(q, a.source(insn, 1), order(insn.modifiers().order()));
                return true;
            }
            case ADDQUEUEWRITEINDEX -> v = memory.atomicLong(AtomicOp.ADD, queueIndexAddress(wi, a, insn, 1),
                    a.source(insn, 2), order(insn.modifiers().order()));
            case CASQUEUEWRITEINDEX -> v = memory.compareAndExchangeLong(queueIndexAddress(wi, a, insn, 1),
                    a.source(insn, 2), a.source(insn, 3), order(insn.modifiers().order()));
            default -> {
                return false;
            }
        }
        a.write(insn.operand(0), t, v);
        return true;
    }

    /** The flat address of the read or write index of the queue whose address operand is {@code operand}. */
    private long queueIndexAddress(WorkItem wi, Activation a, Instruction insn, int operand) {
        Segment seg = insn.modifiers().segment();
        long queue = addressing.address(a, seg, (Operand.Address) insn.operand(operand));
        Opcode op = insn.opcode();
        long offset = op == Opcode.LDQUEUEREADINDEX || op == Opcode.STQUEUEREADINDEX ? QueueLayout.READ_INDEX
                : QueueLayout.WRITE_INDEX;
        return addressing.flat(wi, seg, queue + offset, 8, false);
    }

    private static int dim(Activation a, Instruction insn) {
        long d = a.source(insn, 1);
        if (d < 0 || d > 2) {
            throw new WorkItemFault("dimension " + d + " is not 0, 1 or 2");
        }
        return (int) d;
    }
}
