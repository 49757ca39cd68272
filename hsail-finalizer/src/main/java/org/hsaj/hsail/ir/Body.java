package org.hsaj.hsail.ir;

import java.util.List;

/**
 * The code block of a kernel or function definition.
 *
 * @param variables             the code block's own variables in definition order (group, private,
 *                              spill, global, readonly), with their offsets; arg block variables are
 *                              not here but on their {@link Opcode#ARG_BLOCK_START}
 * @param blocks                the instructions as basic blocks; {@link Operand.LabelRef#block()}
 *                              indexes this list
 * @param groupSegmentSize      bytes of group memory the code block's group variables need
 * @param privateSegmentSize    bytes of private frame (private and spill variables, in definition order) per work-item
 *                              for one activation of this code block
 * @param privateSegmentAlignment the largest alignment in the private frame (at least 1)
 * @param registers             registers used, per class
 */
public record Body(List<Variable> variables, List<BasicBlock> blocks, long groupSegmentSize,
                   long privateSegmentSize, int privateSegmentAlignment, RegisterUsage registers) {
    public Body {
        variables = List.copyOf(variables);
        blocks = List.copyOf(blocks);
    }

    /** Index of the block labelled {@code label}, or -1. */
    public int blockIndex(String label) {
        for (int i = 0; i < blocks.size(); i++) {
            if (label.equals(blocks.get(i).label())) {
                return i;
            }
        }
        return -1;
    }

    /** All instructions in order (blocks concatenated). */
    public List<Instruction> instructions() {
        return blocks.stream().flatMap(b -> b.instructions().stream()).toList();
    }
}
