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

    public final long pc;
    public final Instruction[] instructions;
    /** Address after the last instruction. */
    public final long end;
    /** Set when the instruction at {@link #end} could not be fetched (the block then ends early). */
    public final boolean fetchFaultAfter;
    public int executions;

    private DecodedBlock(long pc, Instruction[] instructions, long end, boolean fetchFaultAfter) {
        this.pc = pc;
        this.instructions = instructions;
        this.end = end;
        this.fetchFaultAfter = fetchFaultAfter;
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

    /** Guest address of instruction {@code index}. */
    public long pcOf(int index) {
        long at = pc;
        for (int i = 0; i < index; i++) {
            at += instructions[i].length();
        }
        return at;
    }
}
