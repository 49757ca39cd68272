package org.hsaj.hsail.codegen.jvm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.CompareOperation;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;

/**
 * Counted loops ({@link CountedLoops}) that always take the same few turns: the counter starts at a
 * constant (its one definition reaching the head from outside is a {@code mov} of an immediate) and
 * the bound is an immediate. The code generator writes such a loop out turn after turn, without its
 * back edge ({@link PartEmitter}): the JIT then sees straight code with the counter and every address
 * stepped by it as constants, instead of a loop of a few turns that it splits into pre-, main and
 * post-loops on every entry. Measured on the tiled matrix product's 16-turn inner loop (n = 1024, jvm
 * back end on 2 compute units): 1.0 M items/s as a loop, 2.0-2.1 written out.
 *
 * <p>A turn may leave the loop early by a branch of its own: the copy of that turn branches out as
 * the loop would, and the copies after it are not reached. Loops holding a synchronisation point, and
 * loops run with the work-items inside ({@link InterchangedLoops}), stay loops ({@link KernelPlan}).
 */
final class UnrolledLoops {
    /** Loops of more turns stay loops. */
    static final int MAX_TURNS = 16;
    /** Loops whose turns together hold more instructions stay loops (the method stays small). */
    static final int MAX_INSTRUCTIONS = 256;

    private final Map<Integer, Integer> turnsByHead = new HashMap<>();

    UnrolledLoops(Body body, CountedLoops loops, RegisterIndex registers, Uniformity uniformity) {
        for (CountedLoops.Loop loop : loops.loops()) {
            int turns = turns(body, loop, registers, uniformity);
            if (turns > 0 && turns * loop.instructions(body) <= MAX_INSTRUCTIONS && !synchronises(body, loop)) {
                turnsByHead.put(loop.head(), turns);
            }
        }
    }

    /** The turns the loop at block {@code head} always takes when it is written out, else 0. */
    int turns(int head) {
        return turnsByHead.getOrDefault(head, 0);
    }

    /** The turns from the constant start to the constant bound, or 0 when either is unknown or they are many. */
    private static int turns(Body body, CountedLoops.Loop loop, RegisterIndex registers, Uniformity uniformity) {
        if (!(loop.bound() instanceof Operand.Immediate bound)) {
            return 0;
        }
        List<Uniformity.Site> entering = uniformity.reachingDefinitions(registers.indexOf(loop.counter()),
                loop.head(), 0).stream().filter(d -> !loop.contains(d.block())).toList();
        if (entering.size() != 1 || entering.getFirst().insn() == null) {
            return 0;
        }
        Instruction start = entering.getFirst().insn();
        if (start.opcode() != Opcode.MOV || start.type().bits() != 32
                || !(start.operand(1) instanceof Operand.Immediate first)) {
            return 0;
        }
        // do { turn; counter += step; } while (counter < bound) (<= for le and ge), in u32
        CompareOperation op = loop.compare().modifiers().compare().quiet();
        boolean strict = op == CompareOperation.LT || op == CompareOperation.GT;
        long counter = first.bits() & 0xffffffffL;
        long limit = bound.bits() & 0xffffffffL;
        for (int turns = 1; turns <= MAX_TURNS; turns++) {
            counter = (counter + loop.step()) & 0xffffffffL;
            if (strict ? counter >= limit : counter > limit) {
                return turns;
            }
        }
        return 0;
    }

    private static boolean synchronises(Body body, CountedLoops.Loop loop) {
        for (int b = loop.head(); b <= loop.latch(); b++) {
            for (Instruction insn : body.blocks().get(b).instructions()) {
                if (KernelPlan.syncKind(insn.opcode()) != null || insn.opcode() == Opcode.CALL
                        || insn.opcode() == Opcode.SCALL || insn.opcode() == Opcode.ICALL) {
                    return true;
                }
            }
        }
        return false;
    }
}
