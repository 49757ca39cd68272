package org.hsaj.cpu;

import org.hsaj.cpu.exec.CodeCache;
import org.hsaj.cpu.exec.DecodedBlock;
import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.cpu.interp.Interpreter;
import org.hsaj.cpu.translate.TranslatedRegion;
import org.hsaj.cpu.translate.Translator;
import org.hsaj.runtime.memory.MemoryAccessException;

/**
 * The dispatcher of one hart: looks up the block at pc (a per-hart direct-mapped cache in front of the
 * process's {@link CodeCache}) and runs its translation if it has one, else interprets it, counting
 * executions so that hot blocks get a hot region compiled (see {@link Translator} for the tiers); or,
 * in {@link ExecutionMode#TRANSLATE_ALL}, translates each block alone before its first run (blocks the
 * translator cannot enter or fit in one method stay interpreted). Runs until the hart is asked to stop;
 * guest exits and faults leave by exception.
 */
final class ExecutionLoop {
    private static final int LOCAL_SLOTS = 4096;

    private final CodeCache cache;
    /** Null when only the interpreter runs. */
    private final Translator translator;
    /** Whether every block is translated before its first run ({@link ExecutionMode#TRANSLATE_ALL}). */
    private final boolean translateAll;

    ExecutionLoop(CodeCache cache, Translator translator, boolean translateAll) {
        if (translateAll && translator == null) {
            throw new IllegalArgumentException("translating every block needs a translator");
        }
        this.cache = cache;
        this.translator = translator;
        this.translateAll = translateAll;
    }

    /** Dispatches to translated code and interpreted blocks, for -Dhsaj.stats. */
    static final java.util.concurrent.atomic.LongAdder TRANSLATED_DISPATCHES = new java.util.concurrent.atomic.LongAdder();
    static final java.util.concurrent.atomic.LongAdder INTERPRETED_BLOCKS = new java.util.concurrent.atomic.LongAdder();
    static final java.util.Map<Long, long[]> HOT_EXITS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final boolean STATS = Boolean.getBoolean("hsaj.stats");

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
                try {
                    block = lookup(pc);
                } catch (GuestFault f) { // no code to fetch at pc: SIGSEGV, for a handler too
                    pc = handlerOf(h, f, true);
                    continue;
                }
                local[slot] = block;
            }
            h.pc = pc;
            if (translateAll && block.translation == null) {
                translator.translateBlock(block);
            }
            Object translation = block.translation;
            if (translation != null) {
                h.chainDepth = 0;
                try {
                    pc = ((TranslatedRegion) translation).execute(h, pc);
                } catch (GuestFault f) {
                    pc = handlerOf(h, f, f.registersSaved());
                }
                if (STATS) {
                    TRANSLATED_DISPATCHES.increment();
                    HOT_EXITS.computeIfAbsent(pc, k -> new long[2])[0]++;
                }
                continue;
            }
            if (translator != null && !translateAll && ++block.executions == Translator.HOT_THRESHOLD) {
                translator.requestHot(block);
            }
            if (STATS) {
                INTERPRETED_BLOCKS.increment();
            }
            try {
                // Every 32nd run records where the block's loads and stores went, for the translator's
                // choice of access windows (the first run too, so any block that ran has a profile).
                pc = Interpreter.run(h, block, (block.executions & 31) == 1);
            } catch (GuestFault f) {
                pc = handlerOf(h, f, true);
            }
        }
        h.pc = pc;
    }

    /**
     * Where the hart goes on after fault {@code f}: the guest's signal handler for it, when it has one
     * and the hart's registers are those of the faulting instruction ({@code precise}); else the fault
     * goes on up and ends the process.
     */
    private static long handlerOf(Hart h, GuestFault f, boolean precise) {
        GuestFault.Trap trap = f.trap();
        if (trap == null || !precise) {
            throw f;
        }
        h.pc = trap.pc();
        if (!h.system.trap(h, trap)) {
            throw f;
        }
        return h.pc;
    }

    private DecodedBlock lookup(long pc) {
        try {
            return cache.block(pc);
        } catch (MemoryAccessException e) {
            throw GuestMemory.segmentationFault(e, pc);
        }
    }
}
