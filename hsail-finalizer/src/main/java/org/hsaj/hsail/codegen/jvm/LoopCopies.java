package org.hsaj.hsail.codegen.jvm;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Operand;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;

/**
 * The signed copies of one part's counted loops ({@link CountedLoops}): a check before each loop
 * that enters the copy when the counter and the bound allow it, the copy itself (the loop's blocks
 * again, after the part's other code, with their own labels and the counter compared as a signed
 * int), and where branches go while either is emitted. Loops holding a synchronisation point are left
 * as they are. In checked mode the check also tests, for the loop's strided accesses through kernarg
 * pointers ({@link StridedAccesses}), that the first and the last address any turn can form lie in the
 * pointer's window; the copy then leaves their window checks out, so the JIT sees no check of its
 * own there. When an end lies outside, the loop as written runs, checking every access as it goes
 * (and faulting where it must).
 *
 * <p>Shape of the emitted code, for a loop whose head is block h:
 * <pre>
 *   check_h:  if (counter, bound in [0, MAX - step] &amp;&amp; strided accesses' ends in their windows) {
 *                 budget -= turns; maybe poll; goto copy_h; }
 *   h: ... the loop as written ...              // also where a resumed work-item enters it
 *   ...
 *   copy_h: ... the loop with a signed compare, back edge to copy_h, exits to the blocks after ...
 * </pre>
 */
final class LoopCopies implements Opcodes {
    private final PartEmitter e;
    private final Map<Integer, CountedLoops.Loop> loops = new TreeMap<>();
    private final Map<Integer, Label> checks = new HashMap<>();
    private final Map<Integer, Label[]> copies = new HashMap<>();
    /** Start and end label of each loop's copy, by head, once emitted. */
    private final Map<Integer, Label[]> extents = new HashMap<>();
    /** The loop whose copy is being emitted, or null. */
    private CountedLoops.Loop copying;
    /** Checked mode: per loop head, the strided accesses whose window check is made before the loop. */
    private final Map<Integer, List<StridedAccesses.Access>> strided = new HashMap<>();

    LoopCopies(PartEmitter e, KernelPlan plan, KernelPlan.Part part) {
        this.e = e;
        for (CountedLoops.Loop loop : plan.loops.loops()) {
            boolean synchronises = plan.pointsOf(part).stream().anyMatch(p -> p.isInstruction()
                    && loop.contains(p.block()));
            if (part.contains(loop.head()) && part.contains(loop.latch()) && !synchronises
                    && plan.unrolledTurns(part, loop) == 0) {
                loops.put(loop.head(), loop);
                checks.put(loop.head(), new Label());
                Label[] copy = new Label[loop.latch() - loop.head() + 1];
                for (int i = 0; i < copy.length; i++) {
                    copy[i] = new Label();
                }
                copies.put(loop.head(), copy);
                strided.put(loop.head(), e.gen.options.checked() ? StridedAccesses.of(plan.body, loop, plan.pointers)
                        .stream().filter(a -> e.addresses.windowOf(a.insn()) != null).toList() : List.of());
            }
        }
    }

    /** Where a branch from the end of block {@code from} to block {@code target} of this part goes. */
    Label target(int from, int target) {
        CountedLoops.Loop loop = loops.get(target);
        boolean entering = loop != null && copying == null && !loop.contains(from);
        return entering ? checks.get(target) : e.blockLabels[target];
    }

    /**
     * True for the copy's own back edge, which does not poll the watchdog (a poll between the latch's
     * comparison and the jump back keeps the JIT from seeing a counted loop): the check charged the
     * budget with every turn the loop can take when it entered the copy.
     */
    boolean isCopyBackEdge(int from, int target) {
        return copying != null && target == copying.head() && from == copying.latch();
    }

    /** True when the copy being emitted leaves through the end of block {@code b} (a jump is needed). */
    boolean leavesCopyAt(int b) {
        return copying != null && b == copying.latch();
    }

    /** The entry check, emitted before the head block's label of the loop as written. */
    void beforeBlock(int b) {
        CountedLoops.Loop loop = copying == null ? loops.get(b) : null;
        if (loop == null) {
            return;
        }
        Label written = e.blockLabels[b];
        e.mv.visitLabel(checks.get(b));
        nonNegativeUpTo(loop.counter(), Integer.MAX_VALUE - loop.step(), written);
        if (loop.bound() instanceof Operand.Register bound) {
            nonNegativeUpTo(bound, Integer.MAX_VALUE - loop.step(), written);
        }
        int turns = turns(loop);
        for (StridedAccesses.Access a : strided.get(b)) {
            StridedAccesses.checkBeforeLoop(e, a, turns, written);
        }
        chargeTurns(loop, turns);
        e.mv.visitJumpInsn(GOTO, copies.get(b)[0]);
    }

    /** Jumps to {@code otherwise} unless 0 <= register <= limit. */
    private void nonNegativeUpTo(Operand.Register r, int limit, Label otherwise) {
        e.loadRegister(r);
        e.mv.visitJumpInsn(IFLT, otherwise);
        e.loadRegister(r);
        e.push(limit);
        e.mv.visitJumpInsn(IF_ICMPGT, otherwise);
    }

    /**
     * A local holding max(1, bound - counter + 1): at least the turns the loop can take (more for
     * steps above 1).
     */
    private int turns(CountedLoops.Loop loop) {
        Label positive = new Label();
        int turns = e.temp(1);
        e.loadOperand(loop.bound(), DataType.U32);
        e.loadRegister(loop.counter());
        e.mv.visitInsn(ISUB);
        e.push(1);
        e.mv.visitInsn(IADD);
        e.mv.visitVarInsn(ISTORE, turns);
        e.mv.visitVarInsn(ILOAD, turns);
        e.mv.visitJumpInsn(IFGT, positive);
        e.push(1);
        e.mv.visitVarInsn(ISTORE, turns);
        e.mv.visitLabel(positive);
        return turns;
    }

    /** budget -= turns (which only polls sooner for steps above 1), then the watchdog poll when it is spent. */
    private void chargeTurns(CountedLoops.Loop loop, int turns) {
        e.mv.visitVarInsn(ILOAD, e.sBudget);
        e.mv.visitVarInsn(ILOAD, turns);
        e.mv.visitInsn(ISUB);
        e.mv.visitVarInsn(ISTORE, e.sBudget);
        e.pollIfSpent(loop.compare());
    }

    /** Emits every loop's copy: its blocks again, under their own labels, comparing signed. */
    void emitCopies() {
        for (CountedLoops.Loop loop : loops.values()) {
            Label[] copy = copies.get(loop.head());
            Label[] written = new Label[copy.length];
            System.arraycopy(e.blockLabels, loop.head(), written, 0, copy.length);
            System.arraycopy(copy, 0, e.blockLabels, loop.head(), copy.length);
            copying = loop;
            e.signedCompare = loop.compare();
            Set<Instruction> checkedBefore = Collections.newSetFromMap(new IdentityHashMap<>());
            strided.get(loop.head()).forEach(a -> checkedBefore.add(a.insn()));
            e.windowCheckedBeforeLoop = checkedBefore;
            Label start = new Label();
            Label end = new Label();
            e.mv.visitLabel(start);
            for (int b = loop.head(); b <= loop.latch(); b++) {
                e.emitBlock(b);
            }
            e.mv.visitLabel(end);
            extents.put(loop.head(), new Label[] {start, end});
            e.signedCompare = null;
            e.windowCheckedBeforeLoop = Set.of();
            copying = null;
            System.arraycopy(written, 0, e.blockLabels, loop.head(), copy.length);
        }
    }

    /** Bytes of the copy of the loop whose head is block {@code b} (0 when none), after emission. */
    int copySize(int b) {
        Label[] extent = extents.get(b);
        return extent == null ? 0 : extent[1].getOffset() - extent[0].getOffset();
    }

    /** Where the first copy starts, or {@code otherwise} when there is none (after emission). */
    Label firstCopyOr(Label otherwise) {
        Label first = otherwise;
        for (Label[] extent : extents.values()) {
            if (extent[0].getOffset() < first.getOffset()) {
                first = extent[0];
            }
        }
        return first;
    }
}
