package org.hsaj.hsail.ir;

import java.util.List;
import java.util.Objects;

/**
 * A straight-line run of instructions. A block starts at the beginning of a body, at a label, or after
 * an instruction that {@linkplain Opcode#endsBlock() ends a block}; when its last instruction does not
 * end the block, control falls through to the next block. Blocks may be empty (two labels in a row).
 *
 * @param label the label that starts the block ({@code @loop}), or null
 */
public record BasicBlock(String label, List<Instruction> instructions) {
    public BasicBlock {
        instructions = List.copyOf(instructions);
    }

    public boolean hasLabel() {
        return label != null;
    }

    /** True when control can reach the next block from the end of this one. */
    public boolean fallsThrough() {
        if (instructions.isEmpty()) {
            return true;
        }
        Opcode last = instructions.getLast().opcode();
        return last != Opcode.BR && last != Opcode.SBR && last != Opcode.RET;
    }

    public static BasicBlock of(String label, List<Instruction> instructions) {
        return new BasicBlock(label, Objects.requireNonNull(instructions));
    }
}
