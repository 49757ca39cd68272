package org.hsaj.hsail.codegen.jvm;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import org.hsaj.hsail.ir.BasicBlock;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.Segment;

/**
 * Where a register holds the same value in every work-item of a work-group (is uniform): when every
 * definition reaching that place is uniform. A definition is uniform when it computes from constants,
 * kernarg values, work-group and dispatch queries and uniform values, and every work-item of the
 * group executes it alike, that is, outside the blocks a branch on a non-uniform condition leads to
 * before control joins again (its influence region, up to a block that post-dominates the branch).
 * Loads from memory, atomics, work-item ids and cross-lane results count as differing between
 * work-items; a register's initial zero is uniform.
 *
 * <p>A register uniform at a synchronisation point is kept there once per work-group instead of once
 * per work-item (see {@link PartEmitter}).
 */
final class Uniformity {
    /** A definition of a register: an instruction's write, or the register's initial zero (index -1). */
    private record Definition(int register, int block, int index, Instruction insn) {
    }

    private final Body body;
    private final RegisterIndex registers;
    private final List<Definition> definitions = new ArrayList<>();
    /** Per register, its definitions. */
    private final BitSet[] definitionsOf;
    /** Per block and instruction, the definitions it makes. */
    private final int[][][] madeBy;
    /** Per block, the definitions that reach its start. */
    private final BitSet[] reachingIn;
    /** Definitions whose value is the same in every work-item. */
    private final BitSet uniform = new BitSet();

    Uniformity(Body body, RegisterIndex registers) {
        this.body = body;
        this.registers = registers;
        int n = body.blocks().size();
        definitionsOf = new BitSet[registers.size()];
        for (int r = 0; r < registers.size(); r++) {
            definitions.add(new Definition(r, -1, -1, null)); // definition r: the initial zero of register r
            definitionsOf[r] = new BitSet();
            definitionsOf[r].set(r);
        }
        madeBy = new int[n][][];
        for (int b = 0; b < n; b++) {
            List<Instruction> insns = body.blocks().get(b).instructions();
            madeBy[b] = new int[insns.size()][];
            for (int i = 0; i < insns.size(); i++) {
                List<Operand.Register> defs = Liveness.defs(insns.get(i));
                madeBy[b][i] = new int[defs.size()];
                for (int k = 0; k < defs.size(); k++) {
                    int r = registers.indexOf(defs.get(k));
                    madeBy[b][i][k] = definitions.size();
                    definitionsOf[r].set(definitions.size());
                    definitions.add(new Definition(r, b, i, insns.get(i)));
                }
            }
        }
        reachingIn = reachingDefinitions(n);
        BitSet[] postDominators = postDominators(body);
        BitSet endReachable = endReachable(body);
        uniform.set(0, definitions.size());
        while (true) {
            BitSet divergent = new BitSet();
            for (int b = 0; b < n; b++) {
                List<Instruction> insns = body.blocks().get(b).instructions();
                if (insns.isEmpty()) {
                    continue;
                }
                Instruction last = insns.getLast();
                boolean branches = last.opcode() == Opcode.CBR || last.opcode() == Opcode.SBR;
                if (branches && last.operand(0) instanceof Operand.Register r
                        && !isUniformAt(registers.indexOf(r), b, insns.size() - 1)) {
                    divergent.or(influence(body, b, endReachable.get(b) ? postDominators[b] : new BitSet()));
                }
            }
            // Definitions only ever turn non-uniform, so clearing them as soon as they are found lets a
            // chain of dependent definitions settle in one sweep.
            boolean changed = false;
            for (int b = 0; b < n; b++) {
                BitSet reaching = (BitSet) reachingIn[b].clone();
                List<Instruction> insns = body.blocks().get(b).instructions();
                for (int i = 0; i < insns.size(); i++) {
                    Instruction insn = insns.get(i);
                    boolean same = !divergent.get(b) && !differsByWorkItem(insn);
                    for (Operand.Register r : Liveness.uses(insn)) {
                        same = same && allUniform(reaching, registers.indexOf(r));
                    }
                    if (!same) {
                        for (int d : madeBy[b][i]) {
                            changed |= uniform.get(d);
                            uniform.clear(d);
                        }
                    }
                    transfer(reaching, b, i);
                }
            }
            if (!changed) {
                return;
            }
        }
    }

    /**
     * True when register {@code r} holds the same value in every work-item just before instruction
     * {@code index} of block {@code block} (index 0: at the block's start): every definition reaching
     * there is uniform.
     */
    boolean isUniformAt(int r, int block, int index) {
        BitSet reaching = (BitSet) reachingIn[block].clone();
        for (int i = 0; i < index; i++) {
            transfer(reaching, block, i);
        }
        return allUniform(reaching, r);
    }

    /** Where a register's value was set: block and index of the instruction. */
    record Site(int block, int index, Instruction insn) {
    }

    /**
     * The one instruction whose write of register {@code r} reaches instruction {@code index} of block
     * {@code block}, or null when several do or the register's initial zero does.
     */
    Site onlyReachingDefinition(int r, int block, int index) {
        List<Site> all = reachingDefinitions(r, block, index);
        return all.size() == 1 && all.getFirst().insn() != null ? all.getFirst() : null;
    }

    /**
     * The writes of register {@code r} that reach instruction {@code index} of block {@code block}; the
     * register's initial zero as a site without instruction (block and index -1).
     */
    List<Site> reachingDefinitions(int r, int block, int index) {
        BitSet reaching = (BitSet) reachingIn[block].clone();
        for (int i = 0; i < index; i++) {
            transfer(reaching, block, i);
        }
        reaching.and(definitionsOf[r]);
        List<Site> out = new ArrayList<>();
        for (int d = reaching.nextSetBit(0); d >= 0; d = reaching.nextSetBit(d + 1)) {
            Definition def = definitions.get(d);
            out.add(new Site(def.block(), def.index(), def.insn()));
        }
        return out;
    }

    private boolean allUniform(BitSet reaching, int r) {
        BitSet of = definitionsOf[r];
        for (int d = of.nextSetBit(0); d >= 0; d = of.nextSetBit(d + 1)) {
            if (reaching.get(d) && !uniform.get(d)) {
                return false;
            }
        }
        return true;
    }

    /** Applies instruction {@code i} of block {@code b}: its writes replace the registers' earlier definitions. */
    private void transfer(BitSet reaching, int b, int i) {
        for (int d : madeBy[b][i]) {
            reaching.andNot(definitionsOf[definitions.get(d).register()]);
        }
        for (int d : madeBy[b][i]) {
            reaching.set(d);
        }
    }

    private BitSet[] reachingDefinitions(int n) {
        BitSet[] in = new BitSet[n];
        BitSet[] out = new BitSet[n];
        for (int b = 0; b < n; b++) {
            in[b] = new BitSet();
        }
        if (n > 0) {
            in[0].set(0, registers.size());
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int b = 0; b < n; b++) {
                BitSet o = (BitSet) in[b].clone();
                for (int i = 0; i < madeBy[b].length; i++) {
                    transfer(o, b, i);
                }
                if (!o.equals(out[b])) {
                    out[b] = o;
                    for (int s : Liveness.successors(body, b)) {
                        in[s].or(o);
                    }
                    changed = true;
                }
            }
        }
        return in;
    }

    /** Instructions whose result can differ between the work-items of a group even from equal inputs. */
    private static boolean differsByWorkItem(Instruction insn) {
        return switch (insn.opcode()) {
            case WORKITEMID, WORKITEMABSID, WORKITEMFLATID, WORKITEMFLATABSID, CURRENTWORKITEMFLATID, LANEID,
                    WAVEID, CLOCK, ATOMIC, ATOMICNORET, SIGNAL, SIGNALNORET, LDQUEUEREADINDEX, LDQUEUEWRITEINDEX,
                    ADDQUEUEWRITEINDEX, CASQUEUEWRITEINDEX, ACTIVELANECOUNT, ACTIVELANEID, ACTIVELANEMASK,
                    ACTIVELANEPERMUTE, ALLOCA, STOF, FTOS, SEGMENTP, CALL, SCALL -> true;
            case LD -> insn.modifiers().segment() != Segment.KERNARG;
            default -> false;
        };
    }

    /**
     * The blocks a branch at the end of block {@code b} can lead to before control reaches a block of
     * {@code postDominatorsOfB} (all blocks it can reach when that is empty).
     */
    private static BitSet influence(Body body, int b, BitSet postDominatorsOfB) {
        BitSet seen = new BitSet();
        Deque<Integer> work = new ArrayDeque<>(Liveness.successors(body, b));
        while (!work.isEmpty()) {
            int s = work.pop();
            if (seen.get(s) || s != b && postDominatorsOfB.get(s)) {
                continue;
            }
            seen.set(s);
            work.addAll(Liveness.successors(body, s));
        }
        return seen;
    }

    /** The blocks from which control can reach the kernel's end. */
    private static BitSet endReachable(Body body) {
        int n = body.blocks().size();
        BitSet reach = new BitSet();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int b = n - 1; b >= 0; b--) {
                if (reach.get(b)) {
                    continue;
                }
                boolean r = reachesEnd(body, b);
                for (int s : Liveness.successors(body, b)) {
                    r |= reach.get(s);
                }
                if (r) {
                    reach.set(b);
                    changed = true;
                }
            }
        }
        return reach;
    }

    /**
     * For each block from which the kernel's end can be reached, the blocks every path from it to the
     * end passes through (itself included). (Blocks that cannot reach the end are left with every block;
     * their branches' influence is everything they reach.)
     */
    private static BitSet[] postDominators(Body body) {
        int n = body.blocks().size();
        BitSet[] pdom = new BitSet[n];
        for (int b = 0; b < n; b++) {
            pdom[b] = new BitSet();
            pdom[b].set(0, n);
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int b = n - 1; b >= 0; b--) {
                BitSet d = null;
                if (reachesEnd(body, b)) {
                    d = new BitSet();
                } else {
                    for (int s : Liveness.successors(body, b)) {
                        if (d == null) {
                            d = (BitSet) pdom[s].clone();
                        } else {
                            d.and(pdom[s]);
                        }
                    }
                    if (d == null) {
                        d = new BitSet();
                        d.set(0, n);
                    }
                }
                d.set(b);
                if (!d.equals(pdom[b])) {
                    pdom[b] = d;
                    changed = true;
                }
            }
        }
        return pdom;
    }

    /** True when control can leave the kernel from the end of block {@code b} (ret, or falling off the last block). */
    private static boolean reachesEnd(Body body, int b) {
        BasicBlock block = body.blocks().get(b);
        List<Instruction> insns = block.instructions();
        boolean returns = !insns.isEmpty() && insns.getLast().opcode() == Opcode.RET;
        return returns || block.fallsThrough() && b == body.blocks().size() - 1;
    }
}
