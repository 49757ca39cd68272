package org.hsaj.hsail.codegen.jvm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.FrameLayout;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Linkage;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.Variable;

/**
 * Where a kernel and the functions it calls keep their variables.
 *
 * <p>Group segment: the kernel's own group variables at the offsets the IR gives, then the module's
 * group variables, then each called function's group variables (a function's group variables are
 * shared by all its activations in the work-group, as in the PRM).
 *
 * <p>Private segment of a work-item: a stack of frames, one per activation, each 16-byte aligned:
 * <pre>
 * kernel frame:   [private and spill variables][arg block area]
 * function frame: [output arguments][input arguments][private and spill variables][arg block area]
 * </pre>
 * A callee's frame starts where its caller's ends. Calls copy the arg block's input variables into
 * the callee's input arguments and copy its outputs back on return, so arg segment semantics (values,
 * not references) hold. A variadic function's input frame has room for the longest tail any call
 * passes. Without recursion the deepest call chain bounds the segment; a recursive program gets
 * {@link #RECURSION_STACK} more bytes per work-item, and calls check that the callee's frame fits.
 *
 * <p>alloca takes memory from an area at the end of the private segment ({@link #ALLOCA_AREA} bytes when
 * any code uses alloca): its first 8 bytes hold the bump offset, the rest is handed out; each
 * activation gives back what it took when it returns.
 */
final class ProgramLayout {
    /** Offsets inside one activation's frame. */
    record Frame(long inputsOffset, long privateOffset, long argOffset, long size) {
    }

    private static final int FRAME_ALIGN = 16;
    /** Private bytes per work-item for the frames of recursive calls, beyond the non-recursive chain. */
    static final long RECURSION_STACK = 16 * 1024;
    /** Private bytes per work-item for alloca (the bump offset included). */
    static final long ALLOCA_AREA = 4 * 1024;

    final Module module;
    final Kernel kernel;
    final Frame kernelFrame;
    /** Function definitions reachable from the kernel, callees after callers. */
    final List<Function> functions;
    private final Map<String, Frame> frames = new HashMap<>();
    private final Map<String, Long> groupBases = new HashMap<>();
    private final Map<String, Long> moduleGroupOffsets = new HashMap<>();
    final long groupSegmentSize;
    final long privateSegmentSize;
    /** True when some function can call itself, directly or not. */
    final boolean recursive;
    /** Private segment offset of the alloca area, or -1 when no code uses alloca. */
    final long allocaArea;

    ProgramLayout(Module module, Kernel kernel) {
        this.module = module;
        this.kernel = kernel;
        Body body = kernel.body().orElseThrow();
        Map<String, Function> reachable = new LinkedHashMap<>();
        boolean[] cycles = {false};
        collectCallees(body, new ArrayList<>(List.of(kernel.name())), reachable, cycles);
        this.functions = List.copyOf(reachable.values());
        this.recursive = cycles[0];

        long priv = FrameLayout.alignUp(body.privateSegmentSize(), FRAME_ALIGN);
        this.kernelFrame = new Frame(0, 0, priv, FrameLayout.alignUp(priv + argArea(body), FRAME_ALIGN));
        for (Function f : functions) {
            Body fb = f.body().orElseThrow();
            long inputs = FrameLayout.alignUp(f.outputFrameSize(), FRAME_ALIGN);
            long privateOffset = FrameLayout.alignUp(inputs + f.inputFrameSize() + variadicTail(f, body), FRAME_ALIGN);
            long args = FrameLayout.alignUp(privateOffset + fb.privateSegmentSize(), FRAME_ALIGN);
            frames.put(f.name(), new Frame(inputs, privateOffset, args, FrameLayout.alignUp(args + argArea(fb),
                    FRAME_ALIGN)));
        }
        long stack = stackExtent(body, kernelFrame, new ArrayList<>()) + (recursive ? RECURSION_STACK : 0);
        boolean alloca = body.instructions().stream().anyMatch(i -> i.opcode() == Opcode.ALLOCA)
                || functions.stream().anyMatch(f -> f.body().orElseThrow().instructions().stream()
                .anyMatch(i -> i.opcode() == Opcode.ALLOCA));
        this.allocaArea = alloca ? FrameLayout.alignUp(stack, FRAME_ALIGN) : -1;
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

    Frame frame(Function f) {
        return frames.get(f.name());
    }

    /**
     * Group segment offset of {@code v} as seen from the code block of {@code owner} (null for the
     * kernel).
     */
    long groupOffset(Variable v, Function owner, Instruction where) {
        if (v.linkage() == Linkage.MODULE || v.linkage() == Linkage.PROGRAM || v.linkage() == Linkage.NONE) {
            Long off = moduleGroupOffsets.get(v.name());
            if (off == null) {
                throw Unsupported.instruction(where, "group variable " + v.name() + " has no definition in the module");
            }
            return off;
        }
        return owner == null ? v.offset() : groupBases.get(owner.name()) + v.offset();
    }

    /** The private bytes the deepest non-recursive call chain from this code block needs. */
    private long stackExtent(Body body, Frame frame, List<String> chain) {
        long deepest = 0;
        for (Instruction insn : body.instructions()) {
            for (Function callee : callees(insn)) {
                if (chain.contains(callee.name())) {
                    continue;
                }
                chain.add(callee.name());
                deepest = Math.max(deepest, stackExtent(callee.body().orElseThrow(), frames.get(callee.name()), chain));
                chain.removeLast();
            }
        }
        return frame.size() + deepest;
    }

    /** Bytes of the longest actual argument any call passes to {@code f}'s flexible last input, if it has one. */
    private long variadicTail(Function f, Body kernelBody) {
        if (f.inputs().isEmpty() || f.inputs().getLast().dimension() != Variable.FLEXIBLE) {
            return 0;
        }
        long tail = 0;
        List<Body> bodies = new ArrayList<>(List.of(kernelBody));
        functions.forEach(g -> bodies.add(g.body().orElseThrow()));
        for (Body b : bodies) {
            for (Instruction insn : b.instructions()) {
                if ((insn.opcode() == Opcode.CALL || insn.opcode() == Opcode.SCALL)
                        && callees(insn).stream().anyMatch(c -> c.name().equals(f.name()))) {
                    List<Variable> ins = ((Operand.ArgumentList) insn.operand(2)).variables();
                    if (ins.size() >= f.inputs().size()) {
                        tail = Math.max(tail, ins.get(f.inputs().size() - 1).size());
                    }
                }
            }
        }
        return tail;
    }

    /** The function definitions an instruction may call (call, scall); empty for other instructions. */
    List<Function> callees(Instruction insn) {
        List<Function> out = new ArrayList<>();
        if (insn.opcode() == Opcode.CALL) {
            out.add(resolve(((Operand.FunctionRef) insn.operand(0)).name(), insn));
        } else if (insn.opcode() == Opcode.SCALL) {
            for (Operand.FunctionRef r : ((Operand.FunctionList) insn.operand(3)).functions()) {
                out.add(resolve(r.name(), insn));
            }
        }
        return out;
    }

    private Function resolve(String name, Instruction insn) {
        Function f = module.function(name);
        if (f == null || !f.isDefinition()) {
            throw Unsupported.instruction(insn, "function " + name + " has no definition in this module");
        }
        return f;
    }

    private void collectCallees(Body body, List<String> chain, Map<String, Function> out, boolean[] cycles) {
        for (Instruction insn : body.instructions()) {
            if (insn.opcode() == Opcode.ICALL) {
                throw Unsupported.instruction(insn, "indirect calls (icall) are not supported");
            }
            for (Function f : callees(insn)) {
                if (chain.contains(f.name())) {
                    cycles[0] = true;
                    continue;
                }
                if (!out.containsKey(f.name())) {
                    out.put(f.name(), f);
                }
                chain.add(f.name());
                collectCallees(f.body().orElseThrow(), chain, out, cycles);
                chain.removeLast();
            }
        }
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
}
