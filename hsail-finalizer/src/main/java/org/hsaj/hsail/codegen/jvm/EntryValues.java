package org.hsaj.hsail.codegen.jvm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Operand;

/**
 * Registers whose value a work-item can recompute at any point instead of keeping it in the spill
 * arrays across synchronisation points: set once, by an instruction that comes before every use
 * (its block dominates theirs) and whose result depends only on the work-item's ids, the kernarg
 * segment (read-only during a dispatch), constants and other such registers. A work-item resuming
 * after a barrier recomputes them with a few integer operations where it would otherwise reload them
 * from memory and store them again at every stop.
 */
final class EntryValues {
    /** The defining instruction of each such register, by register index. */
    private final Map<Integer, Instruction> definitions = new HashMap<>();
    /** The defining instructions in program order. */
    private final List<Instruction> order = new ArrayList<>();
    private final RegisterIndex registers;

    EntryValues(Body body, RegisterIndex registers) {
        this.registers = registers;
        int n = body.blocks().size();
        if (n == 0 || Liveness.hasPredecessors(body, 0)) {
            return;
        }
        BitSet[] dominators = Liveness.dominators(body);
        int[] defs = new int[registers.size()];
        // Where each register is defined (block, index) and whether every use comes after the definition
        // in a block it dominates.
        int[] defBlock = new int[registers.size()];
        int[] defIndex = new int[registers.size()];
        for (int b = 0; b < n; b++) {
            List<Instruction> insns = body.blocks().get(b).instructions();
            for (int i = 0; i < insns.size(); i++) {
                for (Operand.Register r : Liveness.defs(insns.get(i))) {
                    int d = registers.indexOf(r);
                    defs[d]++;
                    defBlock[d] = b;
                    defIndex[d] = i;
                }
            }
        }
        BitSet dominatesUses = new BitSet();
        dominatesUses.set(0, registers.size());
        for (int b = 0; b < n; b++) {
            List<Instruction> insns = body.blocks().get(b).instructions();
            for (int i = 0; i < insns.size(); i++) {
                for (Operand.Register r : Liveness.uses(insns.get(i))) {
                    int u = registers.indexOf(r);
                    boolean before = defBlock[u] == b ? defIndex[u] < i : dominators[b].get(defBlock[u]);
                    if (defs[u] != 1 || !before) {
                        dominatesUses.clear(u);
                    }
                }
            }
        }
        // In program order, so that an instruction's inputs are decided before it.
        for (int b = 0; b < n; b++) {
            for (Instruction insn : body.blocks().get(b).instructions()) {
                List<Operand.Register> out = Liveness.defs(insn);
                if (out.size() != 1 || !recomputable(insn)) {
                    continue;
                }
                int d = registers.indexOf(out.getFirst());
                boolean inputsKnown = Liveness.uses(insn).stream().allMatch(r -> definitions.containsKey(
                        registers.indexOf(r)));
                if (defs[d] == 1 && dominatesUses.get(d) && inputsKnown) {
                    definitions.put(d, insn);
                    order.add(insn);
                }
            }
        }
    }

    /** Pure integer operations, work-item queries and kernarg reads that can be hoisted. */
    private static boolean recomputable(Instruction insn) {
        if (insn.type().isFloat() || insn.type().isPacked() || insn.type().bits() > 64) {
            return false;
        }
        return switch (insn.opcode()) {
            case WORKITEMID, WORKITEMABSID, WORKGROUPID, WORKGROUPSIZE, GRIDSIZE, GRIDGROUPS, WORKITEMFLATID,
                    WORKITEMFLATABSID, DIM -> insn.operandCount() == 1 || insn.operand(1) instanceof Operand.Immediate;
            case MOV, ADD, SUB, MUL, MULHI, SHL, SHR, AND, OR, XOR, NOT, NEG, MAD -> !insn.sourceType().isFloat();
            case CVT -> !insn.sourceType().isFloat() && insn.sourceType().bits() <= 64;
            case LD -> AddressEmitter.kernargKey(insn) != null;
            default -> false;
        };
    }

    /** True when register {@code index} is recomputed rather than spilled. */
    boolean recomputes(int index) {
        return definitions.containsKey(index);
    }

    /**
     * The instructions, in program order, that recompute the registers of {@code live} that are entry
     * values, with the entry values they read.
     */
    List<Instruction> recomputation(BitSet live) {
        BitSet needed = new BitSet();
        for (int r = live.nextSetBit(0); r >= 0; r = live.nextSetBit(r + 1)) {
            if (definitions.containsKey(r)) {
                needed.set(r);
            }
        }
        if (needed.isEmpty()) {
            return List.of();
        }
        // Close under inputs: walking the definitions backwards meets users before their inputs.
        List<Instruction> out = new ArrayList<>();
        for (int i = order.size() - 1; i >= 0; i--) {
            Instruction insn = order.get(i);
            int d = registers.indexOf(Liveness.defs(insn).getFirst());
            if (needed.get(d)) {
                for (Operand.Register r : Liveness.uses(insn)) {
                    needed.set(registers.indexOf(r));
                }
                out.addFirst(insn);
            }
        }
        return out;
    }
}
