package org.hsaj.hsail.interp;

import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Instruction;

/**
 * A kernel or function body prepared for interpretation: its instructions by block, and where each
 * block starts in program order (so that a (block, index) pair has one position to compare).
 */
record Code(Body body, Instruction[][] blocks, int[] blockStarts) {
    static Code of(Body body) {
        Instruction[][] blocks = new Instruction[body.blocks().size()][];
        int[] starts = new int[blocks.length];
        int position = 0;
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = body.blocks().get(i).instructions().toArray(Instruction[]::new);
            starts[i] = position;
            position += blocks[i].length;
        }
        return new Code(body, blocks, starts);
    }

    int position(int block, int index) {
        return blockStarts[block] + index;
    }

    /** The first instruction of the body at or after block {@code block}, or null. */
    Instruction firstFrom(int block) {
        for (int b = block; b < blocks.length; b++) {
            if (blocks[b].length > 0) {
                return blocks[b][0];
            }
        }
        return null;
    }
}
