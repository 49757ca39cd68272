package org.hsaj.hsail.codegen.jvm;

import java.util.BitSet;
import java.util.Map;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Operand;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;

/**
 * Where the work-items resume after a loop that ran with them inside ({@link LoopInterchange}): an
 * entry of the part's method of its own, which the driver calls with {@link #entry} right after the
 * loop. Each work-item takes up there the registers it stopped with at the loop's head, the lanes of
 * those the loop sets, its inductions stepped and the counter advanced by the turns the loop took
 * ({@link WorkGroupState#interchangedTurns}), the latch's condition false, and goes on at the block
 * after the loop: no pass of its own saves them in between. Shape (Java for bytecode):
 *
 * <pre>
 *   case ENTRY:                                    // registers = what the work-item stopped with
 *       r_j = lane_j[w];                           // the registers the loop sets
 *       d += step * turns; counter += step * turns; condition = 0;
 *       goto exit_block;
 * </pre>
 *
 * A work-item's registers at its loop's head differ from work-item 0's by what the gathering checked
 * (affine ones, the same coefficient for every work-item), so its own stopped value stepped by the
 * turns is the value the loop leaves it.
 */
final class InterchangedExit implements Opcodes {
    private final PartEmitter e;
    private final KernelPlan plan;
    private final KernelPlan.Interchange ic;
    private final InterchangedLoops.Loop l;
    private final Map<Integer, Integer> intLanes;
    private final Map<Integer, Integer> longLanes;
    /** The entry's number: after every point's. */
    final int entry;
    private final int sLaneI;
    private final int sLaneL;
    private final int sItems;
    private final int sTurns;

    /** Allocates the locals. */
    InterchangedExit(PartEmitter e, KernelPlan plan, KernelPlan.Interchange ic) {
        this.e = e;
        this.plan = plan;
        this.ic = ic;
        this.l = ic.loop();
        this.intLanes = InterchangedLoops.laneIndex(l.lanes(), plan.registers, true);
        this.longLanes = InterchangedLoops.laneIndex(l.lanes(), plan.registers, false);
        this.entry = entry(plan, ic);
        sLaneI = e.allocate(1);
        sLaneL = e.allocate(1);
        sItems = e.allocate(1);
        sTurns = e.allocate(1);
    }

    /** The number the driver calls the part with to resume the work-items after the loop. */
    static int entry(KernelPlan plan, KernelPlan.Interchange ic) {
        return plan.points.size() + ic.index();
    }

    /** The point whose registers the work-items take up: the loop's head. */
    SyncPoint gather() {
        return ic.gather();
    }

    /** The point of the block after the loop. */
    SyncPoint resume() {
        return ic.resume();
    }

    /** Loads the lanes and the turns into locals, once per call. */
    void loadState() {
        e.loadField("laneI", "[I", ASTORE, sLaneI);
        e.loadField("laneL", "[J", ASTORE, sLaneL);
        e.loadField("items", "I", ISTORE, sItems);
        e.loadField("interchangedTurns", "I", ISTORE, sTurns);
    }

    /** Emits the entry: the registers after the loop, then a jump to {@code exit}, the block after it. */
    void emit(Label exit) {
        e.spill(ic.gather(), ic.gather().restore(), false);
        lanes(e, intLanes, longLanes, l.written(), sLaneI, sLaneL, sItems, false);
        for (Map.Entry<Integer, InterchangedLoops.Induction> d : l.inductions().entrySet()) {
            Operand.Register r = e.registers.register(d.getKey());
            e.loadRegister(r);
            if (d.getValue().step() instanceof Operand.Immediate imm) {
                e.push(imm.bits());
            } else {
                e.loadRegister((Operand.Register) d.getValue().step());
            }
            e.mv.visitVarInsn(ILOAD, sTurns);
            e.mv.visitInsn(I2L);
            e.mv.visitInsn(LMUL);
            e.mv.visitInsn(LADD);
            e.storeRegister(r);
        }
        CountedLoops.Loop loop = l.loop();
        e.loadRegister(loop.counter());
        e.push(loop.step());
        e.mv.visitVarInsn(ILOAD, sTurns);
        e.mv.visitInsn(IMUL);
        e.mv.visitInsn(IADD);
        e.storeRegister(loop.counter());
        e.push(0);
        e.storeRegister(l.condition());
        // As a work-item resuming at the block after the loop recomputes its entry values.
        for (Instruction insn : plan.entryValues.recomputation(ic.resume().restore())) {
            e.emitRecomputation(insn);
        }
        e.mv.visitJumpInsn(GOTO, exit);
    }

    /**
     * Moves registers to ({@code store}) or from their lanes at work-item w: every lane register, or
     * only those of {@code only} when not null.
     */
    static void lanes(CodeEmitter e, Map<Integer, Integer> intLanes, Map<Integer, Integer> longLanes, BitSet only,
            int sLaneI, int sLaneL, int sItems, boolean store) {
        for (boolean ints : new boolean[] {true, false}) {
            for (Map.Entry<Integer, Integer> lane : (ints ? intLanes : longLanes).entrySet()) {
                if (only != null && !only.get(lane.getKey())) {
                    continue;
                }
                Operand.Register r = e.registers.register(lane.getKey());
                e.mv.visitVarInsn(ALOAD, ints ? sLaneI : sLaneL);
                e.mv.visitVarInsn(ILOAD, sItems);
                e.push(lane.getValue());
                e.mv.visitInsn(IMUL);
                e.mv.visitVarInsn(ILOAD, e.sW);
                e.mv.visitInsn(IADD);
                if (store) {
                    e.loadRegister(r);
                    e.mv.visitInsn(ints ? IASTORE : LASTORE);
                } else {
                    e.mv.visitInsn(ints ? IALOAD : LALOAD);
                    e.storeRegister(r);
                }
            }
        }
    }
}
