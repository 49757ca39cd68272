package org.hsaj.hsail.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.FrameLayout;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Linkage;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.ModuleStatement;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.Variable;

/**
 * Where a kernel and the functions it can call keep their group, private, spill and arg variables: one
 * layout for every back end, so that segment addresses ({@code lda}, {@code stof}) and segment sizes
 * agree between them.
 *
 * <p>Group segment of a work-group: the kernel's own group variables at the offsets the IR gives, then
 * the module's group variable definitions in module order, then for each callable function (in the
 * order calls first reach them) its group variables from a base aligned to their largest alignment. A
 * function's group variables are shared by all its activations in the work-group, as in the PRM.
 *
 * <p>Private segment of a work-item: a stack of frames, one per activation, each 16-byte aligned:
 * <pre>
 * kernel frame:   [private and spill variables][arg block area]
 * function frame: [output arguments][input arguments][private and spill variables][arg block area]
 * </pre>
 * A callee's frame starts where its caller's ends. Every arg block of a code block uses its frame's one
 * arg block area (as large as the largest block). A call copies the arg block's input variables into the
 * callee's input arguments and, on return, the callee's output arguments into the arg block. A variadic
 * function's input frame has room for the longest tail any call passes. Without recursion the deepest
 * call chain bounds the stack; a recursive program gets {@link #RECURSION_STACK} more bytes per
 * work-item, up to {@link #stackLimit()}, which a call must not pass.
 *
 * <p>{@code alloca} takes memory from an area at the end of the private segment ({@link #ALLOCA_AREA}
 * bytes when any callable code uses alloca) whose first {@link #ALLOCA_RESERVED} bytes are never handed
 * out (a back end may keep its bump offset there); each activation gives back what it took when it
 * returns.
 *
 * <p>Callable functions: the definitions that {@code call} and {@code scall} name, and for {@code icall}
 * every indirect function the module defines. Calls of functions without a definition are left out;
 * back ends report them.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class SegmentLayout {
    /**
     * Offsets inside one activation's private frame.
     *
     * @param inputsOffset  start of the input arguments (the output arguments start at 0)
     * @param privateOffset start of the private and spill variables
     * @param argOffset     start of the arg block area
     * @param size          bytes of the whole frame, a multiple of {@link #FRAME_ALIGNMENT}
     */
    public record Frame(long inputsOffset, long privateOffset, long argOffset, long size) {
    }

    /** Alignment of every frame and of each part of a frame. */
    public static final long FRAME_ALIGNMENT = 16;
    /** Private bytes per work-item for the frames of recursive calls, beyond the deepest non-recursive chain. */
    public static final long RECURSION_STACK = 16 * 1024;
    /** Private bytes per work-item for alloca, {@link #ALLOCA_RESERVED} included. */
    public static final long ALLOCA_AREA = 4 * 1024;
    /** Bytes at the start of the alloca area that alloca never hands out. */
    public static final long ALLOCA_RESERVED = 8;

    private final Frame kernelFrame;
    private final List<Function> functions;
    private final Map<String, Frame> frames = new HashMap<>();
    private final Map<String, Long> groupBases = new HashMap<>();
    private final Map<String, Long> moduleGroupOffsets = new HashMap<>();
    private final long groupSegmentSize;
    private final long privateSegmentSize;
    private final boolean recursive;
    private final long allocaArea;
    private final List<Function> indirectFunctions;

    /** Lays out {@code kernel} (a definition) of {@code module} and the functions it can call. */
    public SegmentLayout(Module module, Kernel kernel) {
        Body body = kernel.body().orElseThrow(() -> new IllegalArgumentException("kernel " + kernel.name()
                + " has no body"));
        List<Function> indirect = new ArrayList<>();
        for (ModuleStatement s : module.statements()) {
            if (s instanceof Function f && f.indirect() && f.isDefinition()) {
                indirect.add(f);
            }
        }
        this.indirectFunctions = List.copyOf(indirect);
        Map<String, Function> reachable = new LinkedHashMap<>();
        this.recursive = collect(module, body, new HashSet<>(), reachable);
        this.functions = List.copyOf(reachable.values());

        long kernelPrivate = FrameLayout.alignUp(body.privateSegmentSize(), FRAME_ALIGNMENT);
        this.kernelFrame = new Frame(0, 0, kernelPrivate, FrameLayout.alignUp(kernelPrivate + argArea(body),
                FRAME_ALIGNMENT));
        for (Function f : functions) {
            Body fb = f.body().orElseThrow();
            long inputs = FrameLayout.alignUp(f.outputFrameSize(), FRAME_ALIGNMENT);
            long privateOffset = FrameLayout.alignUp(inputs + f.inputFrameSize() + variadicTail(module, f, body),
                    FRAME_ALIGNMENT);
            long args = FrameLayout.alignUp(privateOffset + fb.privateSegmentSize(), FRAME_ALIGNMENT);
            frames.put(f.name(), new Frame(inputs, privateOffset, args, FrameLayout.alignUp(args + argArea(fb),
                    FRAME_ALIGNMENT)));
        }
        long stack = stackExtent(module, body, kernelFrame, new ArrayList<>()) + (recursive ? RECURSION_STACK : 0);
        boolean alloca = usesAlloca(body) || functions.stream().anyMatch(f -> usesAlloca(f.body().orElseThrow()));
        this.allocaArea = alloca ? FrameLayout.alignUp(stack, FRAME_ALIGNMENT) : -1;
        this.privateSegmentSize = alloca ? allocaArea + ALLOCA_AREA : stack;

        long group = body.groupSegmentSize();
        for (Variable v : module.variables()) {
            if (v.segment() == Segment.GROUP && v.isDefinition() && !moduleGroupOffsets.containsKey(v.name())) {
                group = FrameLayout.alignUp(group, v.alignment());
                moduleGroupOffsets.put(v.name(), group);
                group += v.size();
            }
        }
        for (Function f : functions) {
            Body fb = f.body().orElseThrow();
            int align = fb.variables().stream().filter(v -> v.segment() == Segment.GROUP)
                    .mapToInt(Variable::alignment).max().orElse(1);
            group = FrameLayout.alignUp(group, align);
            groupBases.put(f.name(), group);
            group += fb.groupSegmentSize();
        }
        this.groupSegmentSize = group;
    }

    /** The kernel's own frame, at private segment address 0. */
    public Frame kernelFrame() {
        return kernelFrame;
    }

    /**
     * The frame of a callable function.
     *
     * @throws IllegalArgumentException when the kernel cannot call {@code f}
     */
    public Frame frame(Function f) {
        Frame frame = frames.get(f.name());
        if (frame == null) {
            throw new IllegalArgumentException("function " + f.name() + " cannot be called from this kernel");
        }
        return frame;
    }

    /** The function definitions the kernel can call, directly or not, in the order calls first reach them. */
    public List<Function> functions() {
        return functions;
    }

    /**
     * The group segment offset of group variable {@code v} as the code block of {@code owner} (null for
     * the kernel) sees it.
     *
     * @throws IllegalArgumentException when {@code v} is a module variable without a definition in the
     *     module, or {@code owner} cannot be called
     */
    public long groupOffset(Variable v, Function owner) {
        if (v.linkage() == Linkage.MODULE || v.linkage() == Linkage.PROGRAM || v.linkage() == Linkage.NONE) {
            Long offset = moduleGroupOffsets.get(v.name());
            if (offset == null) {
                throw new IllegalArgumentException("group variable " + v.name() + " has no definition in the module");
            }
            return offset;
        }
        if (owner == null) {
            return v.offset();
        }
        Long base = groupBases.get(owner.name());
        if (base == null) {
            throw new IllegalArgumentException("function " + owner.name() + " cannot be called from this kernel");
        }
        return base + v.offset();
    }

    /** Bytes of group memory the kernel's, the module's and the callable functions' group variables need. */
    public long groupSegmentSize() {
        return groupSegmentSize;
    }

    /** Bytes of private memory per work-item: the stack, the recursion allowance and the alloca area. */
    public long privateSegmentSize() {
        return privateSegmentSize;
    }

    /** True when a callable function can call itself, directly or not. */
    public boolean isRecursive() {
        return recursive;
    }

    /** Private segment address of the alloca area, or -1 when no callable code uses alloca. */
    public long allocaArea() {
        return allocaArea;
    }

    /** The private segment address that no frame may extend past. */
    public long stackLimit() {
        return allocaArea >= 0 ? allocaArea : privateSegmentSize;
    }

    /**
     * The function definitions an instruction may call: its {@code call} target, its {@code scall}
     * targets in order, every indirect function for an {@code icall}; empty for other instructions and
     * for targets without a definition.
     */
    public List<Function> callees(Module module, Instruction insn) {
        return switch (insn.opcode()) {
            case CALL -> defined(module, List.of(((Operand.FunctionRef) insn.operand(0)).name()));
            case SCALL -> defined(module, ((Operand.FunctionList) insn.operand(3)).functions().stream()
                    .map(Operand.FunctionRef::name).toList());
            case ICALL -> indirectFunctions;
            default -> List.of();
        };
    }

    private static List<Function> defined(Module module, List<String> names) {
        List<Function> out = new ArrayList<>();
        for (String name : names) {
            Function f = module.function(name);
            if (f != null && f.isDefinition()) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Depth-first walk of the calls from {@code body}: adds each function when a call first reaches it;
     * returns true when a call reaches a function that is still being walked (recursion).
     */
    private boolean collect(Module module, Body body, Set<String> walking, Map<String, Function> out) {
        boolean cycle = false;
        for (Instruction insn : body.instructions()) {
            for (Function f : callees(module, insn)) {
                if (walking.contains(f.name())) {
                    cycle = true;
                } else if (!out.containsKey(f.name())) {
                    out.put(f.name(), f);
                    walking.add(f.name());
                    cycle |= collect(module, f.body().orElseThrow(), walking, out);
                    walking.remove(f.name());
                }
            }
        }
        return cycle;
    }

    /** The private bytes of {@code frame} and the deepest call chain from its code block that repeats no function. */
    private long stackExtent(Module module, Body body, Frame frame, List<String> chain) {
        long deepest = 0;
        Set<Function> callees = new LinkedHashSet<>();
        for (Instruction insn : body.instructions()) {
            callees.addAll(callees(module, insn));
        }
        for (Function callee : callees) {
            if (chain.contains(callee.name())) {
                continue;
            }
            chain.add(callee.name());
            deepest = Math.max(deepest, stackExtent(module, callee.body().orElseThrow(), frames.get(callee.name()),
                    chain));
            chain.removeLast();
        }
        return frame.size() + deepest;
    }

    /** Bytes of the longest actual argument any call passes to {@code f}'s flexible last input, if it has one. */
    private long variadicTail(Module module, Function f, Body kernelBody) {
        if (f.inputs().isEmpty() || f.inputs().getLast().dimension() != Variable.FLEXIBLE) {
            return 0;
        }
        List<Body> bodies = new ArrayList<>(List.of(kernelBody));
        functions.forEach(g -> bodies.add(g.body().orElseThrow()));
        long tail = 0;
        for (Body b : bodies) {
            for (Instruction insn : b.instructions()) {
                if (callees(module, insn).stream().anyMatch(c -> c.name().equals(f.name()))) {
                    List<Variable> ins = ((Operand.ArgumentList) insn.operand(2)).variables();
                    if (ins.size() >= f.inputs().size()) {
                        tail = Math.max(tail, ins.get(f.inputs().size() - 1).size());
                    }
                }
            }
        }
        return tail;
    }

    /** Bytes the largest arg block of a code block needs. */
    private static long argArea(Body body) {
        long max = 0;
        for (Instruction insn : body.instructions()) {
            if (insn.opcode() == Opcode.ARG_BLOCK_START && insn.operandCount() > 0) {
                for (Variable v : ((Operand.ArgumentList) insn.operand(0)).variables()) {
                    max = Math.max(max, v.offset() + v.size());
                }
            }
        }
        return max;
    }

    private static boolean usesAlloca(Body body) {
        return body.instructions().stream().anyMatch(i -> i.opcode() == Opcode.ALLOCA);
    }
}
