package org.hsaj.hsail.codegen.jvm;

import java.util.ArrayList;
import java.util.List;
import org.hsaj.hsail.ir.BasicBlock;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Operand;

/**
 * Reshapes a body's blocks without changing the program's meaning (branch targets are renumbered):
 * cuts basic blocks longer than a limit into a chain of blocks that fall through into each other, so
 * that even a long straight-line kernel can be spread over several methods under the JIT's size
 * limit; and gives a body whose first block is a branch target an empty entry block, so that the
 * kernel's entry is reached only by starting.
 */
final class BlockSplitter {
    private BlockSplitter() {
    }

    static Body split(Body body, int maxInstructions) {
        List<BasicBlock> blocks = body.blocks();
        if (blocks.stream().allMatch(b -> b.instructions().size() <= maxInstructions)) {
            return body;
        }
        int[] newIndex = new int[blocks.size()];
        int n = 0;
        for (int b = 0; b < blocks.size(); b++) {
            newIndex[b] = n;
            n += Math.max(1, (blocks.get(b).instructions().size() + maxInstructions - 1) / maxInstructions);
        }
        List<BasicBlock> out = new ArrayList<>();
        for (BasicBlock block : blocks) {
            List<Instruction> insns = block.instructions().stream().map(i -> renumber(i, newIndex)).toList();
            if (insns.isEmpty()) {
                out.add(block);
                continue;
            }
            for (int start = 0; start < insns.size(); start += maxInstructions) {
                List<Instruction> piece = insns.subList(start, Math.min(insns.size(), start + maxInstructions));
                out.add(new BasicBlock(start == 0 ? block.label() : null, piece));
            }
        }
        return new Body(body.variables(), out, body.groupSegmentSize(), body.privateSegmentSize(),
                body.privateSegmentAlignment(), body.registers());
    }

    /** The body with an empty block in front when some branch targets its first block; else the body. */
    static Body withEntryBlock(Body body) {
        List<BasicBlock> blocks = body.blocks();
        boolean targeted = blocks.stream().flatMap(b -> b.instructions().stream()).flatMap(i -> i.operands().stream())
                .anyMatch(op -> op instanceof Operand.LabelRef l && l.block() == 0
                        || op instanceof Operand.LabelList list && list.labels().stream().anyMatch(l -> l.block() == 0));
        if (!targeted) {
            return body;
        }
        int[] newIndex = new int[blocks.size()];
        for (int b = 0; b < blocks.size(); b++) {
            newIndex[b] = b + 1;
        }
        List<BasicBlock> out = new ArrayList<>();
        out.add(new BasicBlock(null, List.of()));
        for (BasicBlock block : blocks) {
            out.add(new BasicBlock(block.label(), block.instructions().stream().map(i -> renumber(i, newIndex)).toList()));
        }
        return new Body(body.variables(), out, body.groupSegmentSize(), body.privateSegmentSize(),
                body.privateSegmentAlignment(), body.registers());
    }

    private static Instruction renumber(Instruction insn, int[] newIndex) {
        boolean changed = false;
        List<Operand> ops = new ArrayList<>();
        for (Operand op : insn.operands()) {
            Operand o = switch (op) {
                case Operand.LabelRef l -> new Operand.LabelRef(l.name(), newIndex[l.block()]);
                case Operand.LabelList list -> new Operand.LabelList(list.labels().stream()
                        .map(l -> new Operand.LabelRef(l.name(), newIndex[l.block()])).toList());
                default -> op;
            };
            changed |= o != op;
            ops.add(o);
        }
        return changed ? insn.withOperands(ops) : insn;
    }
}
