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
 * segment (read-only during a dispatch), constants and other such registers. A register built up by
 * a run of consecutive instructions that each set it ({@code shl $s5, $s1, 4; add $s5, $s5, $s0}),
 * the first not reading it, counts as set once by the whole run, which is recomputed together (no
 * point can lie inside the run). A work-item resuming after a barrier recomputes them with a few
 * integer operations where it would otherwise reload them from memory and store them again at every
 * stop.
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
        // defBlock/defIndex now hold each register's last definition; a run's others precede it.
        BitSet run = runs(body, defs, defBlock, defIndex);
        BitSet dominatesUses = new BitSet();
        dominatesUses.set(0, registers.size());
        for (int b = 0; b < n; b++) {
            List<Instruction> insns = body.blocks().get(b).instructions();
            for (int i = 0; i < insns.size(); i++) {
                for (Operand.Register r : Liveness.uses(insns.get(i))) {
                    int u = registers.indexOf(r);
                    boolean inRun = run.get(u) && defBlock[u] == b && i > defIndex[u] - defs[u]
                            && i <= defIndex[u];
                    boolean before = defBlock[u] == b ? defIndex[u] < i : dominators[b].get(defBlock[u]);
                    if (!inRun && (defs[u] != 1 && !run.get(u) || !before)) {
                        dominatesUses.clear(u);
                    }
                }
            }
        }
        // In program order, so that an instruction's inputs are decided before it; a run is decided at
        // its last instruction, all of it or none.
        for (int b = 0; b < n; b++) {
            List<Instruction> insns = body.blocks().get(b).instructions();
            for (int i = 0; i < insns.size(); i++) {
                List<Operand.Register> out = Liveness.defs(insns.get(i));
                if (out.size() != 1) {
                    continue;
                }
                int d = registers.indexOf(out.getFirst());
                if (i != defIndex[d] || b != defBlock[d] || !dominatesUses.get(d) || defs[d] != 1 && !run.get(d)) {
                    continue;
                }
                List<Instruction> chain = insns.subList(i - defs[d] + 1, i + 1);
                boolean known = chain.stream().allMatch(insn -> recomputable(insn) && Liveness.uses(insn).stream()
                        .allMatch(r -> registers.indexOf(r) == d || definitions.containsKey(registers.indexOf(r))));
                if (known) {
                    definitions.put(d, insns.get(i));
                    order.addAll(chain);
                }
            }
        }
    }

    /**
     * The registers set more than once, each time by one of a run of consecutive instructions of one
     * block that set only it, the first of which does not read it.
     */
    private BitSet runs(Body body, int[] defs, int[] defBlock, int[] defIndex) {
        BitSet run = new BitSet();
        for (int d = 0; d < registers.size(); d++) {
            if (defs[d] < 2) {
                continue;
            }
            List<Instruction> insns = body.blocks().get(defBlock[d]).instructions();
            int first = defIndex[d] - defs[d] + 1;
            boolean consecutive = first >= 0;
            for (int i = first; consecutive && i <= defIndex[d]; i++) {
                List<Operand.Register> out = Liveness.defs(insns.get(i));
                consecutive = out.size() == 1 && registers.indexOf(out.getFirst()) == d;
            }
            int reg = d;
            if (consecutive && Liveness.uses(insns.get(first)).stream().noneMatch(r -> registers.indexOf(r) == reg)) {
                run.set(d);
            }
        }
        return run;
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
