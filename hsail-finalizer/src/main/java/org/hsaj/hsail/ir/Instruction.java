package org.hsaj.hsail.ir;

import java.util.List;
import java.util.Objects;

/**
 * One HSAIL operation: opcode, modifiers, compound type(s) and operands, in the order the PRM writes
 * them (destination first). Immutable; two-type instructions (cvt, cmp, segment conversions,
 * popcount, firstbit, lastbit, class, combine, expand, pack, unpack, packcvt, unpackcvt, sad, sadhi,
 * activelanecount, activelanemask) put the destination type in {@code type} and the source type in
 * {@code sourceType}; all others have {@code sourceType == NONE}.
 *
 * @param type       the instruction's (destination) compound type; {@link DataType#NONE} for untyped
 *                   instructions (br, ret, barrier, nop, memfence, call, arg block markers)
 * @param sourceType the second compound type, or NONE
 * @param position   where the instruction is in the source (for diagnostics and fault reports)
 */
public record Instruction(Opcode opcode, Modifiers modifiers, DataType type, DataType sourceType,
                          List<Operand> operands, SourcePosition position) {

    public Instruction {
        Objects.requireNonNull(opcode);
        Objects.requireNonNull(modifiers);
        Objects.requireNonNull(type);
        Objects.requireNonNull(sourceType);
        Objects.requireNonNull(position);
        operands = List.copyOf(operands);
    }

    public Operand operand(int index) {
        return operands.get(index);
    }

    public int operandCount() {
        return operands.size();
    }

    /** The same instruction with other operands (for front ends and transformations). */
    public Instruction withOperands(List<Operand> newOperands) {
        return new Instruction(opcode, modifiers, type, sourceType, newOperands, position);
    }
}
