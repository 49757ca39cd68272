package org.hsaj.cpu;

import org.hsaj.cpu.exec.CodeCache;
import org.hsaj.cpu.exec.DecodedBlock;
import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.cpu.interp.Interpreter;
import org.hsaj.runtime.memory.MemoryAccessException;

/**
 * The dispatcher of one hart: looks up the code at pc (a per-hart direct-mapped cache in front of the
 * process's {@link CodeCache}) and runs it, until the hart is asked to stop. Guest exits and faults
 * leave by exception.
 */
final class ExecutionLoop {
    private static final int LOCAL_SLOTS = 4096;

    private final CodeCache cache;

    ExecutionLoop(CodeCache cache) {
        this.cache = cache;
    }

    void run(Hart h) {
        DecodedBlock[] local = new DecodedBlock[LOCAL_SLOTS];
        long generation = cache.generation();
        long pc = h.pc;
        while (!h.stopRequested) {
            if (cache.generation() != generation) {
                java.util.Arrays.fill(local, null);
                generation = cache.generation();
            }
            int slot = (int) (pc >>> 1) & (LOCAL_SLOTS - 1);
            DecodedBlock block = local[slot];
            if (block == null || block.pc != pc) {
                block = lookup(pc);
                local[slot] = block;
            }
            h.pc = pc;
            pc = Interpreter.run(h, block);
        }
        h.pc = pc;
    }

    private DecodedBlock lookup(long pc) {
        try {
            return cache.block(pc);
        } catch (MemoryAccessException e) {
            throw GuestMemory.segmentationFault(e, pc);
        }
    }
}
