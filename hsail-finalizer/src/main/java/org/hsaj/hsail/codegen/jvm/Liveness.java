package org.hsaj.hsail.codegen.jvm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.hsaj.hsail.ir.BasicBlock;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.OperandRules;

/**
 * Which registers are live before and after every instruction of a code block (backward data flow
 * over the basic blocks). Registers live across a synchronisation point or a method boundary are the
 * ones the generated code saves to the per-work-item spill arrays; everything else stays in locals.
 */
final class Liveness {
    private final Body body;
    private final RegisterIndex registers;
    private final BitSet[] blockLiveIn;
    private final BitSet[] blockLiveOut;

    Liveness(Body body, RegisterIndex registers) {
        this.body = body;
        this.registers = registers;
        int n = body.blocks().size();
        blockLiveIn = new BitSet[n];
        blockLiveOut = new BitSet[n];
        for (int i = 0; i < n; i++) {
            blockLiveIn[i] = new BitSet();
            blockLiveOut[i] = new BitSet();
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int b = n - 1; b >= 0; b--) {
                BitSet out = new BitSet();
                for (int s : successors(body, b)) {
                    out.or(blockLiveIn[s]);
                }
                BitSet in = transfer(b, out, 0);
                if (!out.equals(blockLiveOut[b]) || !in.equals(blockLiveIn[b])) {
                    blockLiveOut[b] = out;
                    blockLiveIn[b] = in;
                    changed = true;
                }
            }
        }
    }

    /** Registers live on entry to block {@code b}. */
    BitSet liveIn(int b) {
        return (BitSet) blockLiveIn[b].clone();
    }

    /** Registers live just before instruction {@code index} of block {@code b}. */
    BitSet liveBefore(int b, int index) {
        return transfer(b, blockLiveOut[b], index);
    }

    /** Registers live just after instruction {@code index} of block {@code b}. */
    BitSet liveAfter(int b, int index) {
        return transfer(b, blockLiveOut[b], index + 1);
    }

    /** Live set before instruction {@code upTo} given the live set at the end of the block. */
    private BitSet transfer(int b, BitSet liveOut, int upTo) {
        BitSet live = (BitSet) liveOut.clone();
        List<Instruction> insns = body.blocks().get(b).instructions();
        for (int i = insns.size() - 1; i >= upTo; i--) {
            Instruction insn = insns.get(i);
            for (Operand.Register r : defs(insn)) {
                live.clear(registers.indexOf(r));
            }
            for (Operand.Register r : uses(insn)) {
                live.set(registers.indexOf(r));
            }
        }
        return live;
    }

    /** Registers the instruction writes. */
    static List<Operand.Register> defs(Instruction insn) {
        List<Operand.Register> out = new ArrayList<>();
        if (OperandRules.destinationCount(insn.opcode()) == 1 && insn.operandCount() > 0) {
            RegisterIndex.forEachRegister(insn.operand(0), out::add);
        }
        return out;
    }

    /**
     * Registers the instruction reads. Packed operations that write only the lowest element (s, ss
     * controls) read their destination too, as the other elements keep their value.
     */
    static List<Operand.Register> uses(Instruction insn) {
        List<Operand.Register> out = new ArrayList<>();
        int first = OperandRules.destinationCount(insn.opcode()) == 1 ? 1 : 0;
        for (int i = first; i < insn.operandCount(); i++) {
            RegisterIndex.forEachRegister(insn.operand(i), out::add);
        }
        if (first == 1 && insn.operandCount() > 0 && insn.modifiers().packing().writesLowestElementOnly()) {
            RegisterIndex.forEachRegister(insn.operand(0), out::add);
        }
        // An address register used as the destination operand of a store-like instruction is a use too.
        if (first == 1 && insn.operandCount() > 0 && insn.operand(0) instanceof Operand.Address a && a.base() != null) {
            out.add(a.base());
        }
        return out;
    }

    /** For each block, the blocks that dominate it (every path from the entry passes through them). */
    static BitSet[] dominators(Body body) {
        int n = body.blocks().size();
        List<List<Integer>> predecessors = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            predecessors.add(new ArrayList<>());
        }
        for (int b = 0; b < n; b++) {
            for (int s : successors(body, b)) {
                predecessors.get(s).add(b);
            }
        }
        BitSet[] dom = new BitSet[n];
        for (int b = 0; b < n; b++) {
            dom[b] = new BitSet();
            if (b == 0) {
                dom[b].set(0);
            } else {
                dom[b].set(0, n);
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int b = 1; b < n; b++) {
                BitSet d = new BitSet();
                boolean first = true;
                for (int p : predecessors.get(b)) {
                    if (first) {
                        d.or(dom[p]);
                        first = false;
                    } else {
                        d.and(dom[p]);
                    }
                }
                d.set(b);
                if (!d.equals(dom[b])) {
                    dom[b] = d;
                    changed = true;
                }
            }
        }
        return dom;
    }

    /** True when control can reach block {@code b} from the end of some block. */
    static boolean hasPredecessors(Body body, int b) {
        for (int from = 0; from < body.blocks().size(); from++) {
            if (successors(body, from).contains(b)) {
                return true;
            }
        }
        return false;
    }

    /** Indices of the blocks control can reach from the end of block {@code b}. */
    static List<Integer> successors(Body body, int b) {
        List<Integer> out = new ArrayList<>();
        BasicBlock block = body.blocks().get(b);
        Instruction last = block.instructions().isEmpty() ? null : block.instructions().getLast();
        if (last != null) {
            switch (last.opcode()) {
                case BR -> {
                    if (last.operand(0) instanceof Operand.LabelRef l) {
                        out.add(l.block());
                    }
                }
                case CBR -> out.add(((Operand.LabelRef) last.operand(1)).block());
                case SBR -> {
                    for (Operand.LabelRef l : ((Operand.LabelList) last.operand(1)).labels()) {
                        out.add(l.block());
                    }
                }
                default -> {
                }
            }
        }
        if (block.fallsThrough() && b + 1 < body.blocks().size()) {
            out.add(b + 1);
        }
        return out;
    }
}
