package org.hsaj.cpu.translate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hsaj.cpu.decode.Instruction;
import org.hsaj.cpu.decode.Opcode;
import org.hsaj.cpu.exec.CodeCache;
import org.hsaj.cpu.exec.DecodedBlock;

/**
 * A set of decoded blocks compiled together, the first being the head. Built from the head by
 * following the control flow (branch targets, fall-throughs, jump and call targets, and the profiled
 * targets of indirect jumps, which covers returns) to blocks that have run before, up to a size limit.
 * Edges to blocks outside the region become exits.
 */
public final class Region {
    private final List<DecodedBlock> blocks;
    private final Map<Long, DecodedBlock> byPc;

    Region(List<DecodedBlock> blocks) {
        this.blocks = List.copyOf(blocks);
        this.byPc = new HashMap<>();
        for (DecodedBlock b : blocks) {
            byPc.put(b.pc, b);
        }
    }

    public List<DecodedBlock> blocks() {
        return blocks;
    }

    public DecodedBlock head() {
        return blocks.get(0);
    }

    public boolean contains(long pc) {
        return byPc.containsKey(pc);
    }

    public int instructionCount() {
        int n = 0;
        for (DecodedBlock b : blocks) {
            n += b.instructions.length;
        }
        return n;
    }

    /** The region of just {@code block}. */
    public static Region single(DecodedBlock block) {
        return new Region(List.of(block));
    }

    /** Whether translated code can start at this block (its first instruction can be compiled). */
    static boolean canEnter(DecodedBlock block) {
        return RegionCompiler.translatable(block.instructions[0]);
    }

    /**
     * The region grown from {@code head}: hottest blocks first among those reachable from what is
     * already in, counting only blocks that ran at least 1/{@link #HOTNESS_FRACTION} as often as the
     * head (the latch of a loop around a loop already in: 1/{@link #OUTER_LATCH_FRACTION}) and that no
     * other hot region holds, up to {@code maxInstructions} guest instructions. Blocks a jump table
     * leads to (each target its profile saw, however rarely) and those after them count against a
     * budget of their own and may repeat blocks of other hot regions (see {@link #JUMP_TABLE_FACTOR}).
     * A region grown to take the place of {@code replacing} (null: of none) may take in the blocks
     * {@code replacing} holds, since it goes when the new one comes.
     */
    static Region grow(CodeCache cache, DecodedBlock head, int maxInstructions, TranslatedRegion replacing) {
        List<DecodedBlock> blocks = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        Set<Long> afterTable = new HashSet<>();
        java.util.PriorityQueue<DecodedBlock> work = new java.util.PriorityQueue<>(
                (a, b) -> Integer.compare(b.executions, a.executions));
        int minimum = Math.max(1, head.executions / HOTNESS_FRACTION);
        int latchMinimum = Math.max(1, head.executions / OUTER_LATCH_FRACTION);
        seen.add(head.pc);
        int size = 0;
        int tableSize = 0;
        DecodedBlock b = head;
        while (b != null) {
            boolean cases = afterTable.contains(b.pc);
            int length = b.instructions.length;
            boolean fits = cases ? tableSize + length <= maxInstructions * JUMP_TABLE_FACTOR
                    : size + length <= maxInstructions || blocks.isEmpty();
            if (fits) {
                blocks.add(b);
                if (cases) {
                    tableSize += length;
                } else {
                    size += length;
                }
                boolean table = endsInJumpTable(b);
                boolean leadsToCases = cases || table;
                for (long target : successors(b)) {
                    if (!seen.add(target)) {
                        continue;
                    }
                    DecodedBlock next = cache.peek(target);
                    if (next == null) {
                        continue;
                    }
                    // A jump table's targets are its profile's: taken at all is enough.
                    int runs = table ? 1 : closesOuterLoop(b, next) ? latchMinimum : minimum;
                    if (next.executions >= runs && canEnter(next)
                            && (leadsToCases || !inOtherHotRegion(next, replacing)) && withinSwitchReach(head, next)) {
                        if (leadsToCases) {
                            afterTable.add(target);
                        }
                        work.add(next);
                    }
                }
            }
            b = work.poll();
        }
        return new Region(blocks);
    }

    /**
     * The budget of blocks reached through a jump table, as a multiple of the region's: a switch whose
     * cases are left out of its region leaves the region at every turn (the CPU benchmark's bytecode
     * kernel, a stack-machine interpreter, dispatched 24 million times a run so), while each case is
     * small and independent of the others, so it costs the JIT little register pressure. Such blocks may
     * also be copies of blocks another hot region holds, typically the region grown from a case that got
     * hot before its switch's region took it in.
     */
    static final int JUMP_TABLE_FACTOR = 2;

    /** Whether {@code b} ends in a jump through a register other than a return (a switch's jump table). */
    static boolean endsInJumpTable(DecodedBlock b) {
        Instruction last = b.last();
        return last.opcode() == Opcode.JALR && last.rd() == 0 && last.rs1() != 1 && last.rs1() != 5;
    }

    /**
     * Blocks that a hot region other than {@code replacing} holds stay out of new regions (exits chain
     * to that region), so no guest code is compiled twice by the JIT.
     */
    private static boolean inOtherHotRegion(DecodedBlock b, TranslatedRegion replacing) {
        return b.translation instanceof TranslatedRegion t && t.hotTier && t.valid && t != replacing;
    }

    /**
     * Whether {@code b} lies within an int's reach of the head: the region's entry switch keys its
     * blocks by their int distance from the head (code 4 GiB away, such as the signal return trampoline
     * called from a loop, stays out and is reached through an exit).
     */
    private static boolean withinSwitchReach(DecodedBlock head, DecodedBlock b) {
        return b.pc - head.pc == (int) (b.pc - head.pc);
    }

    /** Blocks run less often than the head divided by this stay out of its region. */
    static final int HOTNESS_FRACTION = 64;

    /**
     * The same for the latch of a loop around a loop in the region (the block that loop falls out
     * into, when it branches back to the inner loop's start or before): taking it in makes the region
     * the outer loop too, whose values then compete with the inner loop's for the host's registers.
     * Measured on the CPU benchmark's nbody (inner loop about 16 turns per outer one, its latch run 373
     * times against the head's 6,000): 0.60 of the time with the outer loop left out, and 0.94 over the
     * twelve kernels (three same-minute rounds; the others within noise). Leaving out every block a
     * loop falls out into (0.96-0.97, hashtable 1.05-1.15), or the general fraction at 16 (0.97,
     * hashtable 1.08), cut other regions short as well.
     */
    static final int OUTER_LATCH_FRACTION = 16;

    /**
     * Whether {@code next}, the block {@code b}'s loop falls out into, is the latch of a loop around it:
     * both end in a backward conditional branch, {@code next}'s going to {@code b}'s target or before.
     */
    private static boolean closesOuterLoop(DecodedBlock b, DecodedBlock next) {
        long inner = backwardTarget(b);
        long outer = backwardTarget(next);
        return next.pc == b.end && inner >= 0 && outer >= 0 && outer <= inner;
    }

    /** The target of the backward conditional branch ending {@code b}; -1 when it ends otherwise. */
    private static long backwardTarget(DecodedBlock b) {
        Instruction last = b.last();
        return last.opcode().isConditionalBranch() && last.imm() < 0 ? b.end - last.length() + last.imm() : -1;
    }

    /** Guest addresses control may go to after {@code b} (profiled ones for an indirect jump). */
    static List<Long> successors(DecodedBlock b) {
        List<Long> targets = new ArrayList<>();
        Instruction last = b.last();
        long lastPc = b.end - last.length();
        switch (last.opcode()) {
            case BEQ, BNE, BLT, BGE, BLTU, BGEU -> {
                targets.add(lastPc + last.imm());
                targets.add(b.end);
            }
            case JAL -> {
                targets.add(lastPc + last.imm());
                if (last.rd() != 0) {
                    // A call: the callee's return lands after it.
                    targets.add(b.end);
                }
            }
            case JALR -> targets.addAll(b.profiledTargets());
            case EBREAK, ILLEGAL, FENCE_I -> {
            }
            default -> targets.add(b.end);
        }
        return targets;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (DecodedBlock b : blocks) {
            text.append(String.format("block 0x%x:%n", b.pc));
            long pc = b.pc;
            for (Instruction in : b.instructions) {
                text.append(String.format("  %8x: %s%n", pc, in));
                pc += in.length();
            }
        }
        return text.toString();
    }
}
