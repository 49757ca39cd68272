package org.hsaj.hsail.interp;

import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Operand;

/**
 * One running kernel or function body in one work-item: its registers, where it is, and where its
 * frames are in the work-item's private stack.
 */
final class Activation {
    final Body body;
    /** The function being run; null for the kernel. */
    final Function function;
    final Instruction[][] blocks;
    int block;
    int index;

    final boolean[] c;
    final int[] s;
    final long[] d;
    /** Two longs per $q register: low, high. */
    final long[] q;

    /** Private stack offsets: this activation's private/spill frame, input and output argument frames. */
    long privateBase;
    long inputBase;
    long outputBase;
    /** Base of the arg block currently open in this body, or -1. */
    long argBlockBase = -1;
    /** Stack size to restore at the end of the open arg block. */
    long argBlockMark;
    /** Stack size to restore when this activation returns. */
    long stackMark;
    /** In the caller: the call's output arguments, to copy back when the callee returns. */
    Operand.ArgumentList pendingOutputs;

    Activation(Body body, Function function, Instruction[][] blocks) {
        this.body = body;
        this.function = function;
        this.blocks = blocks;
        var r = body.registers();
        this.c = new boolean[r.c()];
        this.s = new int[r.s()];
        this.d = new long[r.d()];
        this.q = new long[2 * r.q()];
    }

    /** The instruction about to run, or null at the end of the body. */
    Instruction current() {
        while (block < blocks.length) {
            if (index < blocks[block].length) {
                return blocks[block][index];
            }
            block++;
            index = 0;
        }
        return null;
    }

    void jump(int targetBlock) {
        block = targetBlock;
        index = 0;
    }
}
