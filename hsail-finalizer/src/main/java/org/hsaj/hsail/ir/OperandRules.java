package org.hsaj.hsail.ir;

/**
 * What the operands of each opcode are (PRM 1.0 chapters 5 to 11): how many leading operands are
 * destinations and which compound type each value operand has. Front ends use it to convert
 * immediates, the validator to check registers, and back ends to know each operand's width.
 *
 * <p>Operand types follow the PRM's "fixed compound type" rules: shift amounts, bit offsets and
 * widths, element indices, dimension numbers are u32; the condition of cmov and cbr is b1; the
 * second type of a two-type instruction applies to its sources; and so on.
 */
public final class OperandRules {
    private OperandRules() {
    }

    /** How many leading operands the instruction writes (a vector destination counts as one). */
    public static int destinationCount(Opcode opcode) {
        return switch (opcode) {
            case ST, ATOMICNORET, SIGNALNORET, STQUEUEREADINDEX, STQUEUEWRITEINDEX, BR, CBR, SBR, CALL, SCALL, ICALL,
                 RET, DEBUGTRAP, CLEARDETECTEXCEPT, SETDETECTEXCEPT, BARRIER, WAVEBARRIER, MEMFENCE, NOP,
                 ARG_BLOCK_START, ARG_BLOCK_END, INITFBAR, JOINFBAR, WAITFBAR, ARRIVEFBAR, LEAVEFBAR, RELEASEFBAR,
                 IMAGEFENCE, STIMAGE -> 0;
            default -> 1;
        };
    }

    /**
     * The compound type of value operand {@code index} of {@code insn}: of the register(s) or constant
     * it holds, or for an address the type of the value in memory. {@link DataType#NONE} for operands
     * that hold no value (labels, functions, argument lists).
     */
    public static DataType operandType(Instruction insn, int index) {
        DataType t = insn.type();
        DataType st = insn.sourceType();
        return switch (insn.opcode()) {
            case SHL, SHR -> index == 2 ? DataType.U32 : t;
            case BITEXTRACT -> index >= 2 ? DataType.U32 : t;
            case BITINSERT -> index >= 3 ? DataType.U32 : t;
            case BITMASK -> index >= 1 ? DataType.U32 : t;
            case POPCOUNT, FIRSTBIT, LASTBIT, CMP, CVT, SEGMENTP, FTOS, STOF, COMBINE, EXPAND, PACKCVT,
                 ACTIVELANECOUNT, ACTIVELANEMASK -> index == 0 ? t : st;
            case CLASS -> index == 0 ? t : index == 1 ? st : DataType.U32;
            case SHUFFLE -> index == 3 ? DataType.B32 : t;
            case CMOV -> index == 1 ? (t.isPacked() ? t.withUnsignedElements() : DataType.B1) : t;
            case UNPACKCVT -> index == 0 ? t : index == 1 ? st : DataType.U32;
            case SAD, SADHI -> index == 1 || index == 2 ? st : t;
            case PACK -> index == 2 ? st : index == 3 ? DataType.U32 : t;
            case UNPACK -> index == 1 ? st : index == 2 ? DataType.U32 : t;
            case SIGNAL -> index == 1 ? st
                    : insn.modifiers().atomic().hasTimeout() && index == 3 ? DataType.U64 : t;
            case SIGNALNORET -> index == 0 ? st : t;
            case CBR -> index == 0 ? DataType.B1 : DataType.NONE;
            case SBR, SCALL, ICALL -> index == 0 ? t : DataType.NONE;
            case BR, CALL, RET, NOP, BARRIER, WAVEBARRIER, MEMFENCE, ARG_BLOCK_START, ARG_BLOCK_END -> DataType.NONE;
            case ACTIVELANEPERMUTE -> switch (index) {
                case 2 -> DataType.U32;
                case 4 -> DataType.B1;
                default -> t;
            };
            case ALLOCA -> index == 1 ? DataType.U32 : t;
            case CURRENTWORKGROUPSIZE, GRIDGROUPS, GRIDSIZE, WORKGROUPID, WORKGROUPSIZE, WORKITEMABSID, WORKITEMID ->
                    index == 1 ? DataType.U32 : t;
            case LDA -> index == 0 ? t : DataType.NONE;
            default -> t;
        };
    }
}
