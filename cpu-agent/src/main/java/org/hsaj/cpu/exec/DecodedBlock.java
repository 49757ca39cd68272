package org.hsaj.cpu.exec;

import org.hsaj.cpu.decode.Decoder;
import org.hsaj.cpu.decode.Instruction;
import org.hsaj.cpu.decode.Opcode;

/**
 * A straight run of decoded guest instructions starting at {@link #pc}: it ends after the first
 * instruction that may change control flow or needs the dispatcher (branch, jump, ecall, ebreak,
 * fence.i, an illegal encoding), at {@link #MAX_INSTRUCTIONS}, or before an instruction that cannot be
 * fetched. Immutable; {@link #executions} is a racy counter used only as a hotness hint.
 */
public final class DecodedBlock {
    public static final int MAX_INSTRUCTIONS = 64;
    private static final int INDIRECT_TARGET_SLOTS = 16;

    public final long pc;
    public final Instruction[] instructions;
    /** Address after the last instruction. */
    public final long end;
    /** Set when the instruction at {@link #end} could not be fetched (the block then ends early). */
    public final boolean fetchFaultAfter;
    public int executions;
    /** Translated code that can be entered at {@link #pc}, or null (set by the translator). */
    public volatile Object translation;
    /**
     * Targets the final indirect jump was seen to take, with counts (a count of 0 frees the slot): a
     * heavy-hitters profile for region formation; null when the block ends otherwise. Sixteen slots
     * hold a switch's hot cases: with eight, a stack-machine interpreter's dispatch (thirteen opcodes in
     * use, the CPU benchmark's bytecode) kept only six of them, and every other opcode left the region
     * its dispatch was compiled into.
     */
    private final long[] indirectTargets;
    private final int[] indirectCounts;
    /**
     * The address each plain load or store accessed when the interpreter last ran this block, by
     * instruction index (racy; a hint for the translator's choice of access window); null when the
     * block has no plain load or store.
     */
    private final long[] accessAddresses;

    private DecodedBlock(long pc, Instruction[] instructions, long end, boolean fetchFaultAfter) {
        this.pc = pc;
        this.instructions = instructions;
        this.end = end;
        this.fetchFaultAfter = fetchFaultAfter;
        boolean accesses = false;
        for (Instruction in : instructions) {
            accesses |= in.opcode().accessSize() > 0;
        }
        this.accessAddresses = accesses ? new long[instructions.length] : null;
        boolean indirect = instructions[instructions.length - 1].opcode() == Opcode.JALR;
        this.indirectTargets = indirect ? new long[INDIRECT_TARGET_SLOTS] : null;
        this.indirectCounts = indirect ? new int[INDIRECT_TARGET_SLOTS] : null;
    }

    /** Records the address instruction {@code index}, a plain load or store, is about to access. */
    public void recordAccess(int index, long address) {
        accessAddresses[index] = address;
    }

    /**
     * The address instruction {@code index} accessed when last interpreted, or -1 when it is no plain
     * load or store or has not run in the interpreter.
     */
    public long accessAddress(int index) {
        long[] seen = accessAddresses;
        return seen == null || seen[index] == 0 ? -1 : seen[index];
    }

    /** True for instructions after which a block ends. */
    public static boolean endsBlock(Opcode op) {
        return switch (op) {
            case JAL, JALR, BEQ, BNE, BLT, BGE, BLTU, BGEU, ECALL, EBREAK, FENCE_I, ILLEGAL -> true;
            default -> false;
        };
    }

    /**
     * Decodes the block at {@code pc}. Throws MemoryAccessException only when the very first
     * instruction cannot be fetched; a later fetch failure ends the block before that instruction.
     */
    public static DecodedBlock decode(GuestMemory memory, long pc) {
        java.util.ArrayList<Instruction> list = new java.util.ArrayList<>();
        long at = pc;
        boolean fault = false;
        while (list.size() < MAX_INSTRUCTIONS) {
            Instruction in;
            try {
                in = fetch(memory, at);
            } catch (org.hsaj.runtime.memory.MemoryAccessException e) {
                if (list.isEmpty()) {
                    throw e;
                }
                fault = true;
                break;
            }
            list.add(in);
            at += in.length();
            if (endsBlock(in.opcode())) {
                break;
            }
        }
        return new DecodedBlock(pc, list.toArray(new Instruction[0]), at, fault);
    }

    /** Fetches and decodes one instruction (two parcels for a 32-bit one, each checked). */
    public static Instruction fetch(GuestMemory memory, long pc) {
        int low = memory.fetchParcel(pc);
        if (Decoder.length(low) == 2) {
            return Decoder.decode(low);
        }
        int high = memory.fetchParcel(pc + 2);
        return Decoder.decode(low | (high << 16));
    }

    /**
     * Records a target of this block's final indirect jump (racy; a hint only). When every slot is
     * taken by other targets all counts drop by one, so the frequent targets stay (Misra-Gries).
     */
    public void recordIndirectTarget(long target) {
        long[] t = indirectTargets;
        if (t == null) {
            throw new IllegalStateException(String.format("the block at 0x%x ends in no indirect jump", pc));
        }
        int[] c = indirectCounts;
        int free = -1;
        for (int i = 0; i < t.length; i++) {
            if (t[i] == target && c[i] > 0) {
                c[i]++;
                return;
            }
            if (c[i] <= 0 && free < 0) {
                free = i;
            }
        }
        if (free >= 0) {
            t[free] = target;
            c[free] = 1;
            return;
        }
        for (int i = 0; i < c.length; i++) {
            c[i]--;
        }
    }

    /** The profiled indirect-jump targets, most frequent first. */
    public java.util.List<Long> profiledTargets() {
        java.util.List<long[]> seen = new java.util.ArrayList<>();
        if (indirectTargets == null) {
            return java.util.List.of();
        }
        for (int i = 0; i < indirectTargets.length; i++) {
            int count = indirectCounts[i];
            if (count > 0) {
                seen.add(new long[] {indirectTargets[i], count});
            }
        }
        seen.sort((a, b) -> Long.compare(b[1], a[1]));
        java.util.List<Long> targets = new java.util.ArrayList<>();
        for (long[] s : seen) {
            if (!targets.contains(s[0])) {
                targets.add(s[0]);
            }
        }
        return targets;
    }

    /** The final instruction. */
    public Instruction last() {
        return instructions[instructions.length - 1];
    }
}
