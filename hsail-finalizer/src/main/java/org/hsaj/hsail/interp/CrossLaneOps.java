package org.hsaj.hsail.interp;

import java.util.List;
import java.util.function.Predicate;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Operand;

/**
 * Cross-lane operations (PRM 9.4) over the wavefronts of a work-group: consecutive runs of
 * {@link CompiledKernel#WAVEFRONT_SIZE} work-items in current flat id order (the lane is the place in
 * the run). The active lanes are the work-items waiting together at the instruction; their registers
 * hold its sources, and each gets its result before it goes on. Stateless.
 */
final class CrossLaneOps {
    private static final int WAVE = CompiledKernel.WAVEFRONT_SIZE;

    private CrossLaneOps() {
    }

    /**
     * Evaluates {@code insn} for every wavefront of {@code items} (in current flat id order), writing the
     * result of each work-item that is {@code active}.
     */
    static void evaluate(Instruction insn, List<WorkItem> items, Predicate<WorkItem> active) {
        for (int base = 0; base < items.size(); base += WAVE) {
            List<WorkItem> wave = items.subList(base, Math.min(items.size(), base + WAVE));
            switch (insn.opcode()) {
                case ACTIVELANECOUNT -> count(insn, wave, active);
                case ACTIVELANEID -> laneId(insn, wave, active);
                case ACTIVELANEMASK -> mask(insn, wave, active);
                case ACTIVELANEPERMUTE -> permute(insn, wave, active);
                default -> throw new IllegalArgumentException(insn.opcode().hsailName() + " is not a cross-lane"
                        + " operation");
            }
        }
    }

    /** activelanecount: the active lanes of the wavefront whose b1 source is set. */
    private static void count(Instruction insn, List<WorkItem> wave, Predicate<WorkItem> active) {
        long count = wave.stream().filter(active).filter(wi -> (wi.top().source(insn, 1) & 1) != 0).count();
        for (WorkItem wi : wave) {
            if (active.test(wi)) {
                wi.top().write(insn.operand(0), insn.type(), count);
            }
        }
    }

    /** activelaneid: how many active lanes come before this one in its wavefront. */
    private static void laneId(Instruction insn, List<WorkItem> wave, Predicate<WorkItem> active) {
        long before = 0;
        for (WorkItem wi : wave) {
            if (active.test(wi)) {
                wi.top().write(insn.operand(0), insn.type(), before++);
            }
        }
    }

    /** activelanemask: bit l of the first destination set for each active lane l whose b1 source is set. */
    private static void mask(Instruction insn, List<WorkItem> wave, Predicate<WorkItem> active) {
        long mask = 0;
        for (int lane = 0; lane < wave.size(); lane++) {
            WorkItem wi = wave.get(lane);
            if (active.test(wi) && (wi.top().source(insn, 1) & 1) != 0) {
                mask |= 1L << lane;
            }
        }
        List<Operand> dests = ((Operand.VectorOperand) insn.operand(0)).elements();
        for (WorkItem wi : wave) {
            if (active.test(wi)) {
                for (int i = 0; i < dests.size(); i++) {
                    wi.top().write(dests.get(i), insn.type(), i == 0 ? mask : 0);
                }
            }
        }
    }

    /**
     * activelanepermute: each active lane receives the source of lane (its lane id operand mod the
     * wavefront size) when that lane is active and its useIdentity operand is clear, else its identity
     * operand. All sources are read before any result is written.
     */
    private static void permute(Instruction insn, List<WorkItem> wave, Predicate<WorkItem> active) {
        long[][] results = new long[wave.size()][];
        for (int lane = 0; lane < wave.size(); lane++) {
            WorkItem wi = wave.get(lane);
            if (!active.test(wi)) {
                continue;
            }
            Activation a = wi.top();
            int from = (int) (a.source(insn, 2) & (WAVE - 1));
            boolean useIdentity = (a.source(insn, 4) & 1) != 0;
            results[lane] = !useIdentity && from < wave.size() && active.test(wave.get(from))
                    ? wave.get(from).top().readWide(insn.operand(1)) : a.readWide(insn.operand(3));
        }
        for (int lane = 0; lane < wave.size(); lane++) {
            if (results[lane] != null) {
                wave.get(lane).top().writeWide(insn.operand(0), insn.type(), results[lane][0], results[lane][1]);
            }
        }
    }
}
