package org.hsaj.hsail.interp;

import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.SegmentLayout;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterClass;

/**
 * One running kernel or function body in one work-item: its registers, where it is, and where its
 * frame is in the work-item's private segment ({@link SegmentLayout}).
 */
final class Activation {
    final Code code;
    /** The function being run; null for the kernel. */
    final Function function;
    final SegmentLayout.Frame frame;
    /** Private segment address of the frame. */
    final long frameBase;
    /** The work-item's alloca offset when this activation started, given back when it returns. */
    final long allocaMark;
    int block;
    int index;
    /** True between the start and the end of an arg block. */
    boolean argBlockOpen;
    /** In the caller: the call's output arguments, to copy back when the callee returns. */
    Operand.ArgumentList pendingOutputs;

    final boolean[] c;
    final int[] s;
    final long[] d;
    /** Two longs per $q register: low, high. */
    final long[] q;

    Activation(Code code, Function function, SegmentLayout.Frame frame, long frameBase, long allocaMark) {
        this.code = code;
        this.function = function;
        this.frame = frame;
        this.frameBase = frameBase;
        this.allocaMark = allocaMark;
        var r = code.body().registers();
        this.c = new boolean[r.c()];
        this.s = new int[r.s()];
        this.d = new long[r.d()];
        this.q = new long[2 * r.q()];
    }

    /** The instruction about to run, or null at the end of the body. */
    Instruction current() {
        Instruction[][] blocks = code.blocks();
        while (block < blocks.length) {
            if (index < blocks[block].length) {
                return blocks[block][index];
            }
            block++;
            index = 0;
        }
        return null;
    }

    /** The position in program order of the instruction {@link #current()} returned. */
    int position() {
        return code.position(block, index);
    }

    /** The position of the instruction that ran last (the call, in a caller). */
    int previousPosition() {
        return code.position(block, index - 1);
    }

    void jump(int targetBlock) {
        block = targetBlock;
        index = 0;
    }

    // ---- registers and operands -------------------------------------------------------------------

    long readRegister(Operand.Register r) {
        int n = r.number();
        return switch (r.registerClass()) {
            case C -> c[n] ? 1 : 0;
            case S -> s[n] & 0xffffffffL;
            case D -> d[n];
            case Q -> q[2 * n];
        };
    }

    /** Bits of a value operand (low 64 bits for 128-bit values). */
    long read(Operand o) {
        return switch (o) {
            case Operand.Register r -> readRegister(r);
            case Operand.Immediate i -> i.bits();
            case Operand.WaveSize w -> CompiledKernel.WAVEFRONT_SIZE;
            default -> throw new IllegalStateException("not a value operand: " + o);
        };
    }

    /** Bits of a value operand as {low, high}. */
    long[] readWide(Operand o) {
        return switch (o) {
            case Operand.Register r when r.registerClass() == RegisterClass.Q ->
                    new long[] {q[2 * r.number()], q[2 * r.number() + 1]};
            case Operand.Immediate i -> new long[] {i.bits(), i.high()};
            default -> new long[] {read(o), 0};
        };
    }

    /** Operand {@code i} of {@code insn} as a value. */
    long source(Instruction insn, int i) {
        return read(insn.operand(i));
    }

    /** Writes {@code value} of type {@code t} to a register, extending sub-32-bit types into $s (PRM 4.16.2). */
    void write(Operand o, DataType t, long value) {
        Operand.Register r = (Operand.Register) o;
        int n = r.number();
        switch (r.registerClass()) {
            case C -> c[n] = (value & 1) != 0;
            case S -> s[n] = (int) (t.bits() < 32 ? (t.isSigned() ? IntegerOps.sext(value, t.bits())
                    : IntegerOps.chop(value, t.bits())) : value);
            case D -> d[n] = value;
            case Q -> {
                q[2 * n] = value;
                q[2 * n + 1] = 0;
            }
        }
    }

    void writeWide(Operand o, DataType t, long lo, long hi) {
        Operand.Register r = (Operand.Register) o;
        if (r.registerClass() == RegisterClass.Q) {
            q[2 * r.number()] = lo;
            q[2 * r.number() + 1] = hi;
        } else {
            write(o, t, lo);
        }
    }
}
