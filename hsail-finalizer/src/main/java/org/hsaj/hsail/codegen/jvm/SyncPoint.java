package org.hsaj.hsail.codegen.jvm;

import java.util.BitSet;
import org.hsaj.hsail.ir.Instruction;

/**
 * A place where a work-item stops and later resumes: the kernel entry, the start of a block that
 * another generated method branches to, the head of a loop run interchanged and the block after it,
 * or a synchronising instruction (barrier, wavebarrier, a
 * cross-lane operation). Points are numbered in program order, so "the lowest point any work-item
 * waits at" is the earliest in the code, which is how the driver picks what to run next.
 *
 * @param id       the point's number (0 is the kernel entry)
 * @param kind     what stops a work-item here
 * @param block    the block the point is in
 * @param index    for a synchronising instruction its index in the block; 0 otherwise
 * @param insn     the synchronising instruction, or null
 * @param save     registers saved to the spill arrays when a work-item stops here
 * @param restore  registers reloaded when it resumes
 */
record SyncPoint(int id, Kind kind, int block, int index, Instruction insn, BitSet save, BitSet restore) {
    /** Point id meaning "the work-item has finished". */
    static final int DONE = Integer.MAX_VALUE;

    /** LOOP: the head of a loop the work-items may run interchanged ({@link InterchangedLoops}). */
    enum Kind { ENTRY, BLOCK, LOOP, BARRIER, WAVEBARRIER, CROSSLANE }

    boolean isInstruction() {
        return insn != null;
    }
}
