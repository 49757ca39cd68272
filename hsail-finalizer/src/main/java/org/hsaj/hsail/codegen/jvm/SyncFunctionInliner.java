package org.hsaj.hsail.codegen.jvm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hsaj.hsail.ir.BasicBlock;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.FrameLayout;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Linkage;
import org.hsaj.hsail.ir.Modifiers;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterClass;
import org.hsaj.hsail.ir.RegisterUsage;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.SourcePosition;
import org.hsaj.hsail.ir.Variable;

/**
 * Inlines every call of a synchronising function (one that contains a barrier, wavebarrier or cross-lane
 * operation, itself or in a function it calls) into the kernel's code, so that its synchronisation
 * becomes the kernel's own and the generator's points handle it as they handle the kernel's barriers.
 *
 * <p>Each inlined activation gets fresh registers and its own frame in the kernel's private segment
 * (output arguments, input arguments, private and spill variables); its formal arguments become private
 * variables there, the call copies the arg block's inputs in and the outputs back byte by byte, and
 * ret becomes a branch to the code after the call. A function's group variables keep one place in the
 * group segment for all its inlined copies. Recursive or scall'ed synchronising functions are rejected.
 */
final class SyncFunctionInliner {
    private final Module module;
    private final Map<String, Boolean> synchronising = new HashMap<>();
    private final List<Object> items = new ArrayList<>();
    private final Map<String, Long> groupBases = new HashMap<>();
    private int marks;
    private final int[] registerCount = new int[RegisterClass.values().length];
    private long privateEnd;
    private long groupEnd;

    /** A place a branch can target: the start of a block in the rebuilt body. */
    private record Mark(int id, String label) {
    }

    private SyncFunctionInliner(Module module) {
        this.module = module;
    }

    /** The kernel with its synchronising calls inlined; the kernel itself when it makes none. */
    static Kernel inline(Module module, Kernel kernel) {
        SyncFunctionInliner inliner = new SyncFunctionInliner(module);
        Body body = kernel.body().orElseThrow();
        boolean any = body.instructions().stream().anyMatch(i -> inliner.callsSynchronising(i, new ArrayList<>()));
        if (!any) {
            return kernel;
        }
        Body inlined = inliner.rebuild(body);
        return new Kernel(kernel.name(), kernel.linkage(), kernel.parameters(), kernel.kernargSegmentSize(),
                kernel.kernargSegmentAlignment(), kernel.controls(), Optional.of(inlined), kernel.position());
    }

    // ---- which functions synchronise --------------------------------------------------------------

    private boolean callsSynchronising(Instruction insn, List<String> chain) {
        if (insn.opcode() != Opcode.CALL && insn.opcode() != Opcode.SCALL) {
            return false;
        }
        List<Function> targets = targets(insn);
        boolean any = false;
        for (Function f : targets) {
            any |= isSynchronising(f, chain, insn);
        }
        if (any && insn.opcode() == Opcode.SCALL) {
            throw Unsupported.instruction(insn, "a function called through scall synchronises (barrier or cross-lane"
                    + " operation); only direct calls of such functions can be compiled");
        }
        return any;
    }

    private boolean isSynchronising(Function f, List<String> chain, Instruction at) {
        Boolean known = synchronising.get(f.name());
        if (known != null) {
            return known;
        }
        if (chain.contains(f.name())) {
            return false;
        }
        chain.add(f.name());
        boolean sync = false;
        for (Instruction insn : f.body().orElseThrow().instructions()) {
            sync |= KernelPlan.syncKind(insn.opcode()) != null || callsSynchronising(insn, chain);
        }
        chain.removeLast();
        if (sync && recursive(f, f.name(), new ArrayList<>())) {
            throw Unsupported.instruction(at, "function " + f.name() + " synchronises and is recursive");
        }
        synchronising.put(f.name(), sync);
        return sync;
    }

    private boolean recursive(Function f, String target, List<String> seen) {
        for (Instruction insn : f.body().orElseThrow().instructions()) {
            if (insn.opcode() == Opcode.CALL || insn.opcode() == Opcode.SCALL) {
                for (Function g : targets(insn)) {
                    if (g.name().equals(target)) {
                        return true;
                    }
                    if (!seen.contains(g.name())) {
                        seen.add(g.name());
                        if (recursive(g, target, seen)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private List<Function> targets(Instruction insn) {
        List<Operand.FunctionRef> refs = insn.opcode() == Opcode.CALL ? List.of((Operand.FunctionRef) insn.operand(0))
                : ((Operand.FunctionList) insn.operand(3)).functions();
        List<Function> out = new ArrayList<>();
        for (Operand.FunctionRef r : refs) {
            Function f = module.function(r.name());
            if (f == null || !f.isDefinition()) {
                throw Unsupported.instruction(insn, "function " + r.name() + " has no definition in this module");
            }
            out.add(f);
        }
        return out;
    }

    // ---- rebuilding the kernel's code -------------------------------------------------------------------

    /** How the code of one activation (the kernel, or an inlined call) is renamed into the new body. */
    private final class Activation {
        final int[] registerBase;
        final Map<Variable, Variable> variables = new HashMap<>();
        final int[] blockMarks;
        final String suffix;
        Mark exit;

        Activation(Body body, int[] registerBase, String suffix) {
            this.registerBase = registerBase;
            this.suffix = suffix;
            this.blockMarks = new int[body.blocks().size()];
            for (int b = 0; b < blockMarks.length; b++) {
                blockMarks[b] = marks++;
            }
        }

        Operand.Register register(Operand.Register r) {
            return new Operand.Register(r.registerClass(), r.number() + registerBase[r.registerClass().ordinal()]);
        }
    }

    private Body rebuild(Body kernelBody) {
        RegisterUsage u = kernelBody.registers();
        registerCount[RegisterClass.C.ordinal()] = u.c();
        registerCount[RegisterClass.S.ordinal()] = u.s();
        registerCount[RegisterClass.D.ordinal()] = u.d();
        registerCount[RegisterClass.Q.ordinal()] = u.q();
        for (Instruction insn : kernelBody.instructions()) {
            for (Operand op : insn.operands()) {
                RegisterIndex.forEachRegister(op, r -> registerCount[r.registerClass().ordinal()] = Math.max(
                        registerCount[r.registerClass().ordinal()], r.number() + 1));
            }
        }
        privateEnd = FrameLayout.alignUp(kernelBody.privateSegmentSize(), 16);
        groupEnd = kernelBody.groupSegmentSize();
        Activation kernel = new Activation(kernelBody, new int[RegisterClass.values().length], "");
        emitBody(kernelBody, kernel);
        return new Body(kernelBody.variables(), blocks(), groupEnd, privateEnd,
                Math.max(16, kernelBody.privateSegmentAlignment()), new RegisterUsage(registerCount[0],
                registerCount[1], registerCount[2], registerCount[3]));
    }

    private void emitBody(Body body, Activation a) {
        for (int b = 0; b < body.blocks().size(); b++) {
            BasicBlock block = body.blocks().get(b);
            items.add(new Mark(a.blockMarks[b], block.label() == null ? null : block.label() + a.suffix));
            for (Instruction insn : block.instructions()) {
                if (insn.opcode() == Opcode.CALL && callsSynchronising(insn, new ArrayList<>())) {
                    inlineCall(insn, a);
                } else if (insn.opcode() == Opcode.RET && a.exit != null) {
                    items.add(branch(a.exit, insn.position()));
                } else {
                    items.add(rename(insn, a));
                }
            }
        }
    }

    private void inlineCall(Instruction call, Activation caller) {
        Function f = targets(call).getFirst();
        Body body = f.body().orElseThrow();
        int[] base = registerCount.clone();
        for (int c = 0; c < base.length; c++) {
            registerCount[c] += body.registers().count(RegisterClass.values()[c]);
        }
        for (Instruction insn : body.instructions()) {
            for (Operand op : insn.operands()) {
                RegisterIndex.forEachRegister(op, r -> registerCount[r.registerClass().ordinal()] = Math.max(
                        registerCount[r.registerClass().ordinal()], base[r.registerClass().ordinal()] + r.number() + 1));
            }
        }
        Operand.Register temp = new Operand.Register(RegisterClass.S, registerCount[RegisterClass.S.ordinal()]++);
        Activation callee = new Activation(body, base, "$" + marks);
        // The activation's frame: outputs, inputs, then private and spill variables.
        long frame = privateEnd;
        long inputs = FrameLayout.alignUp(f.outputFrameSize(), 16);
        List<Variable> actualsIn = ((Operand.ArgumentList) call.operand(2)).variables();
        long tail = f.inputs().isEmpty() || f.inputs().getLast().dimension() != Variable.FLEXIBLE
                || actualsIn.size() < f.inputs().size() ? 0 : actualsIn.get(f.inputs().size() - 1).size();
        long privates = FrameLayout.alignUp(inputs + f.inputFrameSize() + tail, 16);
        privateEnd = FrameLayout.alignUp(frame + privates + body.privateSegmentSize(), 16);
        for (Variable out : f.outputs()) {
            callee.variables.put(out, asPrivate(out, frame + out.offset()));
        }
        for (Variable in : f.inputs()) {
            callee.variables.put(in, asPrivate(in, frame + inputs + in.offset()));
        }
        for (Variable v : body.variables()) {
            switch (v.segment()) {
                case PRIVATE, SPILL -> callee.variables.put(v, v.withOffset(frame + privates + v.offset()));
                case GROUP -> callee.variables.put(v, v.withOffset(groupBase(f, body) + v.offset()));
                default -> {
                }
            }
        }
        SourcePosition at = call.position();
        for (int i = 0; i < Math.min(actualsIn.size(), f.inputs().size()); i++) {
            Variable formal = callee.variables.get(f.inputs().get(i));
            Variable actual = actualsIn.get(i);
            copy(caller.variables.getOrDefault(actual, actual), formal, actual.size(), temp, at);
        }
        callee.exit = new Mark(marks++, null);
        emitBody(body, callee);
        items.add(callee.exit);
        List<Variable> actualsOut = ((Operand.ArgumentList) call.operand(1)).variables();
        for (int i = 0; i < Math.min(actualsOut.size(), f.outputs().size()); i++) {
            Variable formal = callee.variables.get(f.outputs().get(i));
            Variable actual = actualsOut.get(i);
            copy(formal, caller.variables.getOrDefault(actual, actual), formal.size(), temp, at);
        }
    }

    private long groupBase(Function f, Body body) {
        return groupBases.computeIfAbsent(f.name(), k -> {
            int align = body.variables().stream().filter(v -> v.segment() == Segment.GROUP)
                    .mapToInt(Variable::alignment).max().orElse(1);
            long b = FrameLayout.alignUp(groupEnd, align);
            groupEnd = b + body.groupSegmentSize();
            return b;
        });
    }

    /** A formal argument as a private variable of the inlined activation's frame. */
    private static Variable asPrivate(Variable formal, long offset) {
        return new Variable(formal.name(), Segment.PRIVATE, formal.type(), formal.dimension(), formal.alignment(),
                false, Linkage.FUNCTION, true, false, Optional.empty(), offset, formal.position());
    }

    /** Byte-by-byte copy between two variables (an arg block variable and a frame variable). */
    private void copy(Variable from, Variable to, long length, Operand.Register temp, SourcePosition at) {
        for (long k = 0; k < length; k++) {
            items.add(new Instruction(Opcode.LD, Modifiers.NONE.withSegment(from.segment()).withAlign(1), DataType.U8,
                    DataType.NONE, List.of(temp, new Operand.Address(from, null, k)), at));
            items.add(new Instruction(Opcode.ST, Modifiers.NONE.withSegment(to.segment()).withAlign(1), DataType.U8,
                    DataType.NONE, List.of(temp, new Operand.Address(to, null, k)), at));
        }
    }

    private static Instruction branch(Mark target, SourcePosition at) {
        return new Instruction(Opcode.BR, Modifiers.NONE, DataType.NONE, DataType.NONE,
                List.of(new Operand.LabelRef("@inline" + target.id(), target.id())), at);
    }

    /** The instruction with registers, variables and branch targets of its activation. */
    private Instruction rename(Instruction insn, Activation a) {
        List<Operand> ops = new ArrayList<>();
        boolean formalAccess = false;
        for (Operand op : insn.operands()) {
            Operand o = switch (op) {
                case Operand.Register r -> a.register(r);
                case Operand.Address addr -> {
                    Variable v = addr.symbol() == null ? null : a.variables.getOrDefault(addr.symbol(), addr.symbol());
                    formalAccess |= v != null && v != addr.symbol() && addr.symbol().segment() == Segment.ARG;
                    yield new Operand.Address(v, addr.base() == null ? null : a.register(addr.base()), addr.offset());
                }
                case Operand.VectorOperand vec -> new Operand.VectorOperand(vec.elements().stream()
                        .map(e -> e instanceof Operand.Register r ? a.register(r) : e).toList());
                case Operand.LabelRef l -> new Operand.LabelRef(l.name() + a.suffix, a.blockMarks[l.block()]);
                case Operand.LabelList list -> new Operand.LabelList(list.labels().stream()
                        .map(l -> new Operand.LabelRef(l.name() + a.suffix, a.blockMarks[l.block()])).toList());
                default -> op;
            };
            ops.add(o);
        }
        Instruction out = insn.withOperands(ops);
        if (formalAccess) {
            out = new Instruction(out.opcode(), out.modifiers().withSegment(Segment.PRIVATE), out.type(),
                    out.sourceType(), out.operands(), out.position());
        }
        return out;
    }

    /** Cuts the item list into blocks (at marks and after block-ending instructions) and resolves targets. */
    private List<BasicBlock> blocks() {
        Map<Integer, Integer> blockOfMark = new HashMap<>();
        List<String> labels = new ArrayList<>();
        List<List<Instruction>> code = new ArrayList<>();
        boolean open = false;
        for (Object item : items) {
            if (item instanceof Mark m) {
                if (!open || !code.getLast().isEmpty()) {
                    labels.add(m.label());
                    code.add(new ArrayList<>());
                } else if (m.label() != null && labels.getLast() == null) {
                    labels.set(labels.size() - 1, m.label());
                }
                blockOfMark.put(m.id(), code.size() - 1);
                open = true;
            } else {
                Instruction insn = (Instruction) item;
                if (!open) {
                    labels.add(null);
                    code.add(new ArrayList<>());
                    open = true;
                }
                code.getLast().add(insn);
                if (insn.opcode().endsBlock()) {
                    open = false;
                }
            }
        }
        List<BasicBlock> out = new ArrayList<>();
        for (int b = 0; b < code.size(); b++) {
            List<Instruction> resolved = code.get(b).stream().map(i -> resolve(i, blockOfMark)).toList();
            out.add(new BasicBlock(labels.get(b), resolved));
        }
        return out;
    }

    private static Instruction resolve(Instruction insn, Map<Integer, Integer> blockOfMark) {
        boolean branches = insn.operands().stream().anyMatch(o -> o instanceof Operand.LabelRef
                || o instanceof Operand.LabelList);
        if (!branches) {
            return insn;
        }
        List<Operand> ops = new ArrayList<>();
        for (Operand op : insn.operands()) {
            ops.add(switch (op) {
                case Operand.LabelRef l -> new Operand.LabelRef(l.name(), blockOfMark.get(l.block()));
                case Operand.LabelList list -> new Operand.LabelList(list.labels().stream()
                        .map(l -> new Operand.LabelRef(l.name(), blockOfMark.get(l.block()))).toList());
                default -> op;
            });
        }
        return insn.withOperands(ops);
    }
}
