package org.hsaj.hsail.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.hsail.analysis.Diagnostic;
import org.hsaj.hsail.ir.BasicBlock;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.FrameLayout;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Modifiers;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterUsage;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.SourcePosition;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Variable;

/**
 * Collects one code block as it is parsed (variables, labels, instructions, arg blocks) and turns it
 * into a {@link Body}: variables placed with {@link FrameLayout}, instructions cut into basic blocks,
 * label references given their block index, register usage counted.
 */
final class CodeBuilder {
    private final String owner;
    private final boolean kernel;
    private final List<Diagnostic> diagnostics;
    /** Function-scope names: formal arguments and code block variables. */
    private final Map<String, Variable> scope = new HashMap<>();
    private final List<Variable> variables = new ArrayList<>();
    private final FrameLayout group = new FrameLayout();
    private final FrameLayout privateFrame = new FrameLayout();
    /** Instructions and label names (String) in source order. */
    private final List<Object> items = new ArrayList<>();
    private final Map<String, SourcePosition> labels = new LinkedHashMap<>();
    private final List<Operand.LabelRef> labelUses = new ArrayList<>();
    private final List<SourcePosition> labelUsePositions = new ArrayList<>();
    private ArgBlock argBlock;

    /** The arg block being parsed: its names, frame and where its start marker is. */
    private static final class ArgBlock {
        final Map<String, Variable> names = new LinkedHashMap<>();
        final FrameLayout frame = new FrameLayout();
        final int startItem;
        final SourcePosition position;

        ArgBlock(int startItem, SourcePosition position) {
            this.startItem = startItem;
            this.position = position;
        }
    }

    CodeBuilder(String owner, boolean kernel, List<Diagnostic> diagnostics) {
        this.owner = owner;
        this.kernel = kernel;
        this.diagnostics = diagnostics;
    }

    String owner() {
        return owner;
    }

    /** True for a kernel's code block, false for a function's. */
    boolean inKernel() {
        return kernel;
    }

    private void error(SourcePosition p, String message) {
        diagnostics.add(Diagnostic.error(p, message));
    }

    /** Adds a formal argument (already placed in its frame) to the function scope. */
    void addFormal(Variable v) {
        declare(scope, v);
    }

    private boolean declare(Map<String, Variable> names, Variable v) {
        Variable old = names.get(v.name());
        if (old != null) {
            error(v.position(), "duplicate definition of " + v.name() + " in " + owner + " (first defined at "
                    + old.position() + ")");
            return false;
        }
        names.put(v.name(), v);
        return true;
    }

    /** Defines a variable in the current scope (the arg block when one is open); returns it placed. */
    Variable define(Variable v) {
        if (argBlock != null) {
            if (v.segment() != Segment.ARG) {
                error(v.position(), "only arg segment variables can be defined in an arg block, found "
                        + v.segment().hsailName() + " variable " + v.name());
                return v;
            }
            Variable placed = argBlock.frame.place(v);
            declare(argBlock.names, placed);
            return placed;
        }
        Variable placed = switch (v.segment()) {
            case GROUP -> group.place(v);
            case PRIVATE, SPILL -> privateFrame.place(v);
            case ARG -> {
                error(v.position(), "arg variable " + v.name() + " must be defined inside an arg block { ... }");
                yield v;
            }
            default -> v;
        };
        if (declare(scope, placed)) {
            variables.add(placed);
        }
        return placed;
    }

    /** The variable {@code name} visible here (arg block first), or null. */
    Variable lookup(String name) {
        if (argBlock != null && argBlock.names.containsKey(name)) {
            return argBlock.names.get(name);
        }
        return scope.get(name);
    }

    /** The arg variable {@code name} of the open arg block, or null. */
    Variable lookupArg(String name) {
        return argBlock == null ? null : argBlock.names.get(name);
    }

    boolean inArgBlock() {
        return argBlock != null;
    }

    void label(String name, SourcePosition p) {
        SourcePosition old = labels.get(name);
        if (old != null) {
            error(p, "duplicate label " + name + " in " + owner + " (first defined at " + old + ")");
            return;
        }
        labels.put(name, p);
        items.add(name);
    }

    /** A branch target to be given its block index when the code block ends. */
    Operand.LabelRef labelUse(String name, SourcePosition p) {
        Operand.LabelRef ref = new Operand.LabelRef(name, -1);
        labelUses.add(ref);
        labelUsePositions.add(p);
        return ref;
    }

    void add(Instruction insn) {
        items.add(insn);
    }

    void openArgBlock(SourcePosition p) {
        if (argBlock != null) {
            error(p, "arg blocks cannot be nested: expected '}' to close the arg block opened at " + argBlock.position);
            return;
        }
        argBlock = new ArgBlock(items.size(), p);
        items.add(marker(Opcode.ARG_BLOCK_START, p, List.of()));
    }

    void closeArgBlock(SourcePosition p) {
        if (argBlock == null) {
            return;
        }
        items.set(argBlock.startItem, marker(Opcode.ARG_BLOCK_START, argBlock.position,
                List.of(new Operand.ArgumentList(List.copyOf(argBlock.names.values())))));
        items.add(marker(Opcode.ARG_BLOCK_END, p, List.of()));
        argBlock = null;
    }

    private static Instruction marker(Opcode op, SourcePosition p, List<Operand> operands) {
        return new Instruction(op, Modifiers.NONE, DataType.NONE, DataType.NONE, operands, p);
    }

    Body finish() {
        // Cut into blocks.
        List<String> blockLabels = new ArrayList<>();
        List<List<Instruction>> blockCode = new ArrayList<>();
        blockLabels.add(null);
        blockCode.add(new ArrayList<>());
        Map<String, Integer> index = new HashMap<>();
        for (Object item : items) {
            if (item instanceof String label) {
                if (!blockCode.getLast().isEmpty() || blockLabels.getLast() != null) {
                    blockLabels.add(label);
                    blockCode.add(new ArrayList<>());
                } else {
                    blockLabels.set(blockLabels.size() - 1, label);
                }
                index.put(label, blockCode.size() - 1);
            } else {
                Instruction insn = (Instruction) item;
                blockCode.getLast().add(insn);
                if (insn.opcode().endsBlock()) {
                    blockLabels.add(null);
                    blockCode.add(new ArrayList<>());
                }
            }
        }
        // Drop a trailing empty unlabelled block.
        if (blockCode.size() > 1 && blockCode.getLast().isEmpty() && blockLabels.getLast() == null) {
            blockCode.removeLast();
            blockLabels.removeLast();
        }
        for (int i = 0; i < labelUses.size(); i++) {
            if (!index.containsKey(labelUses.get(i).name())) {
                error(labelUsePositions.get(i), "undefined label " + labelUses.get(i).name() + " in " + owner);
            }
        }
        RegisterUsage usage = RegisterUsage.NONE;
        List<BasicBlock> blocks = new ArrayList<>();
        for (int b = 0; b < blockCode.size(); b++) {
            List<Instruction> code = new ArrayList<>();
            for (Instruction insn : blockCode.get(b)) {
                List<Operand> ops = new ArrayList<>();
                for (Operand o : insn.operands()) {
                    ops.add(resolveLabels(o, index));
                    usage = countRegisters(o, usage);
                }
                code.add(insn.withOperands(ops));
            }
            blocks.add(new BasicBlock(blockLabels.get(b), code));
        }
        return new Body(variables, blocks, group.size(), privateFrame.size(), privateFrame.alignment(), usage);
    }

    private static Operand resolveLabels(Operand o, Map<String, Integer> index) {
        return switch (o) {
            case Operand.LabelRef l -> new Operand.LabelRef(l.name(), index.getOrDefault(l.name(), -1));
            case Operand.LabelList list -> new Operand.LabelList(list.labels().stream()
                    .map(l -> new Operand.LabelRef(l.name(), index.getOrDefault(l.name(), -1))).toList());
            default -> o;
        };
    }

    private static RegisterUsage countRegisters(Operand o, RegisterUsage usage) {
        return switch (o) {
            case Operand.Register r -> usage.including(r);
            case Operand.Address a -> a.base() == null ? usage : usage.including(a.base());
            case Operand.VectorOperand v -> {
                RegisterUsage u = usage;
                for (Operand e : v.elements()) {
                    u = countRegisters(e, u);
                }
                yield u;
            }
            default -> usage;
        };
    }
}
