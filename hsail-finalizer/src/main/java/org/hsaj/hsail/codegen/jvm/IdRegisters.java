package org.hsaj.hsail.codegen.jvm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;

/**
 * The $s registers of a kernel that hold a work-item id for the whole run of every work-item: set
 * once, by {@code workitemid_u32} or {@code workitemabsid_u32} in the entry block (which nothing
 * branches to), before any use. Widening such a register to 64 bits ({@code cvt_u64_u32}) is then
 * the long {@code group * workgroupsize + local id}: a value the JIT sees growing by one per step of
 * the work-item loop, so addresses computed from it are affine in the loop variable and the memory
 * segment's bounds checks leave the loop. (Zero-extending the 32-bit register instead would hide
 * that: the JIT cannot tell that the 32-bit sum never wraps.)
 */
final class IdRegisters {
    /** What an id register holds: the id along {@code dimension}, absolute or within the work-group. */
    record Id(int dimension, boolean absolute) {
    }

    private final Map<Operand.Register, Id> ids = new HashMap<>();

    IdRegisters(Body body) {
        if (body.blocks().isEmpty() || Liveness.hasPredecessors(body, 0)) {
            return;
        }
        Map<Operand.Register, Integer> definitions = new HashMap<>();
        for (Instruction insn : body.instructions()) {
            for (Operand.Register r : Liveness.defs(insn)) {
                definitions.merge(r, 1, Integer::sum);
            }
        }
        List<Instruction> entry = body.blocks().getFirst().instructions();
        Map<Operand.Register, Id> candidates = new HashMap<>();
        for (Instruction insn : entry) {
            for (Operand.Register r : Liveness.uses(insn)) {
                if (!candidates.containsKey(r)) {
                    definitions.put(r, 0); // used before (or without) its definition: not an id register
                }
            }
            Id id = idOf(insn);
            if (id != null && insn.operand(0) instanceof Operand.Register r && definitions.get(r) == 1) {
                candidates.put(r, id);
            }
        }
        candidates.forEach((r, id) -> {
            if (definitions.get(r) == 1) {
                ids.put(r, id);
            }
        });
    }

    private static Id idOf(Instruction insn) {
        boolean absolute = insn.opcode() == Opcode.WORKITEMABSID;
        if (!absolute && insn.opcode() != Opcode.WORKITEMID || insn.type() != DataType.U32
                || !(insn.operand(1) instanceof Operand.Immediate dim) || dim.bits() < 0 || dim.bits() > 2) {
            return null;
        }
        return new Id((int) dim.bits(), absolute);
    }

    /** The id register {@code op} holds, or null when it is not one. */
    Id idOf(Operand op) {
        return op instanceof Operand.Register r ? ids.get(r) : null;
    }
}
