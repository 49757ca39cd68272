package org.hsaj.hsail.codegen.jvm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.CompareOperation;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterClass;

/**
 * Innermost loops that count a u32 register up to a bound: the loop is the blocks head..latch, entered
 * only at its head; the latch ends with {@code add_u32 $i, $i, step; cmp_lt_b1_u32 $c, $i, bound;
 * cbr_b1 $c, @head} (or le, or the bound on the left with gt, ge), the counter changes nowhere else in
 * the loop, and the bound is a constant or a register the loop does not set.
 *
 * <p>The JIT turns only loops that compare signed ints into counted loops (unrolled, bounds checks
 * out of the loop), and an unsigned comparison is what HSAIL loops have. When the counter starts and
 * the bound lies in [0, Integer.MAX_VALUE - step], the counter stays non-negative and the unsigned
 * comparison gives what the signed one does, so the code generator emits a second copy of the loop
 * that compares signed and enters it when a check at the loop's entry says so
 * ({@link PartEmitter}).
 */
final class CountedLoops {
    /**
     * @param head the first block of the loop
     * @param latch the last, which ends with the backward branch
     * @param compare the cmp that decides whether to go round again
     * @param counter the register counted up by {@code step} each time round
     * @param bound the bound: an immediate or a register the loop does not set
     */
    record Loop(int head, int latch, Instruction compare, Operand.Register counter, int step, Operand bound) {
        boolean contains(int block) {
            return block >= head && block <= latch;
        }

        /** The instructions of the loop's blocks, latch included. */
        int instructions(Body body) {
            int n = 0;
            for (int b = head; b <= latch; b++) {
                n += body.blocks().get(b).instructions().size();
            }
            return n;
        }
    }

    /** Steps larger than this are left alone (the entry check allows the bound up to MAX_VALUE - step). */
    private static final int MAX_STEP = 1 << 16;

    private final Map<Integer, Loop> byHead = new HashMap<>();

    CountedLoops(Body body) {
        int n = body.blocks().size();
        for (int latch = 0; latch < n; latch++) {
            Loop loop = match(body, latch);
            if (loop != null && isInnermostSingleEntry(body, loop) && !byHead.containsKey(loop.head())) {
                byHead.put(loop.head(), loop);
            }
        }
    }

    /** The loop starting at block {@code head}, or null. */
    Loop at(int head) {
        return byHead.get(head);
    }

    Iterable<Loop> loops() {
        return byHead.values();
    }

    private static Loop match(Body body, int latch) {
        List<Instruction> insns = body.blocks().get(latch).instructions();
        if (insns.size() < 3) {
            return null;
        }
        Instruction branch = insns.getLast();
        if (branch.opcode() != Opcode.CBR || !(branch.operand(0) instanceof Operand.Register condition)
                || !(branch.operand(1) instanceof Operand.LabelRef target) || target.block() > latch) {
            return null;
        }
        Instruction compare = insns.get(insns.size() - 2);
        Instruction add = insns.get(insns.size() - 3);
        if (compare.opcode() != Opcode.CMP || compare.sourceType() != DataType.U32
                || !condition.equals(compare.operand(0))) {
            return null;
        }
        CompareOperation op = compare.modifiers().compare().quiet();
        boolean counterLeft = op == CompareOperation.LT || op == CompareOperation.LE;
        boolean counterRight = op == CompareOperation.GT || op == CompareOperation.GE;
        if (!counterLeft && !counterRight) {
            return null;
        }
        Operand counterOperand = compare.operand(counterLeft ? 1 : 2);
        Operand bound = compare.operand(counterLeft ? 2 : 1);
        if (!(counterOperand instanceof Operand.Register counter) || counter.registerClass() != RegisterClass.S) {
            return null;
        }
        int step = stepOf(add, counter);
        if (step <= 0) {
            return null;
        }
        if (bound instanceof Operand.Immediate imm) {
            if (imm.bits() < 0 || imm.bits() > Integer.MAX_VALUE - step) {
                return null;
            }
        } else if (!(bound instanceof Operand.Register b) || b.registerClass() != RegisterClass.S) {
            return null;
        }
        Loop loop = new Loop(target.block(), latch, compare, counter, step, bound);
        // The counter is set only by the add, the bound not at all, inside the loop.
        for (int b = loop.head(); b <= latch; b++) {
            for (Instruction insn : body.blocks().get(b).instructions()) {
                for (Operand.Register r : Liveness.defs(insn)) {
                    if (r.equals(counter) && insn != add || r.equals(bound)) {
                        return null;
                    }
                }
            }
        }
        return loop;
    }

    /** The constant an {@code add_u32 $i, $i, k} adds to {@code counter}, or 0 when it is not that. */
    private static int stepOf(Instruction add, Operand.Register counter) {
        if (add.opcode() != Opcode.ADD || add.type() != DataType.U32 && add.type() != DataType.S32
                || !counter.equals(add.operand(0))) {
            return 0;
        }
        Operand other;
        if (counter.equals(add.operand(1))) {
            other = add.operand(2);
        } else if (counter.equals(add.operand(2))) {
            other = add.operand(1);
        } else {
            return 0;
        }
        if (other instanceof Operand.Immediate imm && imm.bits() > 0 && imm.bits() <= MAX_STEP) {
            return (int) imm.bits();
        }
        return 0;
    }

    /** No branch enters the loop except at its head, and no other loop lies inside it. */
    private static boolean isInnermostSingleEntry(Body body, Loop loop) {
        for (int b = 0; b < body.blocks().size(); b++) {
            for (int s : Liveness.successors(body, b)) {
                boolean inside = loop.contains(b);
                if (!inside && loop.contains(s) && s != loop.head()) {
                    return false; // enters in the middle
                }
                if (inside && b != loop.latch() && s <= b && loop.contains(s)) {
                    return false; // an inner loop
                }
            }
        }
        return true;
    }
}
