package org.hsaj.hsail.codegen.jvm;

import java.util.ArrayList;
import java.util.List;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.CompareOperation;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterClass;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;

/**
 * Checked mode: the loads and stores of a counted loop ({@link CountedLoops}) whose address is a
 * pointer register that the loop steps by a fixed amount, {@code add_u64 $d, $d, stride} (stride an
 * immediate or a register the loop does not set), and that go through a kernarg pointer's window
 * ({@link PointerOrigins}). Entering the loop with the pointer at {@code p}, every address such an
 * access forms lies among {@code p + offset + m * stride} for m from 0 to the loop's turns, so one
 * check of the two ends against the window before the loop stands for the window check of every
 * access in it ({@link #checkBeforeLoop}, emitted by {@link LoopCopies} where it enters the loop's signed
 * copy, which leaves these accesses' window checks out).
 */
final class StridedAccesses implements Opcodes {
    /** Strides of larger magnitude are left alone: turns times stride must not overflow a long. */
    static final long MAX_STRIDE = 1L << 31;

    /**
     * One access: its instruction, the pointer register it adds {@code offset} to, and the stride:
     * {@code strideRegister} when not null, else {@code strideImmediate}. {@code strictBound}: the loop
     * goes round while its counter is below the bound (not up to it), so it takes at most
     * max(1, bound - counter) turns; {@code beforeStep}: the access comes before the step in the loop's
     * code, so it sees the pointer stepped one time fewer than the turns taken.
     */
    record Access(Instruction insn, Operand.Register pointer, long offset, Operand.Register strideRegister,
            long strideImmediate, boolean strictBound, boolean beforeStep) {
    }

    private StridedAccesses() {
    }

    /** The accesses of {@code loop} whose window check one check before the loop can stand for. */
    static List<Access> of(Body body, CountedLoops.Loop loop, PointerOrigins pointers) {
        CompareOperation op = loop.compare().modifiers().compare().quiet();
        boolean strict = op == CompareOperation.LT || op == CompareOperation.GT;
        List<Access> out = new ArrayList<>();
        for (int b = loop.head(); b <= loop.latch(); b++) {
            for (Instruction insn : body.blocks().get(b).instructions()) {
                if (insn.opcode() != Opcode.LD && insn.opcode() != Opcode.ST || pointers.pointerOf(insn) < 0
                        || !(insn.operand(1) instanceof Operand.Address a) || a.symbol() != null
                        || a.base() == null || a.base().registerClass() != RegisterClass.D) {
                    continue;
                }
                Instruction step = onlyDefinition(body, loop, a.base());
                Operand stride = step == null ? null : strideOf(step, a.base());
                // Inside the loop branches only go forward, so code order is the order within a turn.
                boolean beforeStep = step != null && precedes(body, loop, insn, step);
                if (stride instanceof Operand.Register r && !definedIn(body, loop, r)) {
                    out.add(new Access(insn, a.base(), a.offset(), r, 0, strict, beforeStep));
                } else if (stride instanceof Operand.Immediate imm && imm.bits() >= -MAX_STRIDE
                        && imm.bits() <= MAX_STRIDE) {
                    out.add(new Access(insn, a.base(), a.offset(), null, imm.bits(), strict, beforeStep));
                }
            }
        }
        return out;
    }

    /**
     * The check before the loop ({@code turns}: a local holding max(1, bound - counter + 1)): jumps to
     * {@code otherwise} unless every address access {@code a} can form lies in its window: the
     * pointer's value now plus the offset (which must lie below 2^62, so that adding at most 2^31
     * steps of at most 2^31 bytes cannot overflow), and that plus the stride times the most steps the
     * pointer can have taken when the access runs; the window is one run of addresses, so the
     * addresses between are in it too.
     */
    static void checkBeforeLoop(CodeEmitter e, Access a, int turns, Label otherwise) {
        int[] window = e.addresses.windowOf(a.insn());
        int first = e.temp(2);
        int stride = e.temp(2);
        e.loadRegister(a.pointer());
        e.push(a.offset());
        e.mv.visitInsn(LADD);
        e.mv.visitVarInsn(LSTORE, first);
        inWindow(e, first, window, otherwise);
        e.mv.visitVarInsn(LLOAD, first);
        e.push(1L << 62);
        e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
        e.mv.visitJumpInsn(IFGE, otherwise);
        if (a.strideRegister() != null) {
            e.loadRegister(a.strideRegister());
            e.mv.visitVarInsn(LSTORE, stride);
            e.mv.visitVarInsn(LLOAD, stride);
            e.push(MAX_STRIDE);
            e.mv.visitInsn(LADD);
            e.push(2 * MAX_STRIDE + 1);
            e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
            e.mv.visitJumpInsn(IFGE, otherwise); // |stride| > MAX_STRIDE
        } else {
            e.push(a.strideImmediate());
            e.mv.visitVarInsn(LSTORE, stride);
        }
        // The most steps the pointer has taken when the access runs: max(1, turns - 1) turns at most for
        // a strict bound, one fewer steps than turns for an access before the step; 0 or more.
        e.mv.visitVarInsn(LLOAD, first);
        e.mv.visitVarInsn(ILOAD, turns);
        if (a.strictBound()) {
            e.push(1);
            e.mv.visitInsn(ISUB);
            e.push(1);
            e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "max", "(II)I", false);
        }
        if (a.beforeStep()) {
            e.push(1);
            e.mv.visitInsn(ISUB);
        }
        e.mv.visitInsn(I2L);
        e.mv.visitVarInsn(LLOAD, stride);
        e.mv.visitInsn(LMUL);
        e.mv.visitInsn(LADD);
        e.mv.visitVarInsn(LSTORE, first);
        inWindow(e, first, window, otherwise);
    }

    /** Jumps to {@code otherwise} unless 0 <= address - start < span (window = {start, span} locals). */
    static void inWindow(CodeEmitter e, int address, int[] window, Label otherwise) {
        int offset = e.temp(2);
        e.mv.visitVarInsn(LLOAD, address);
        e.mv.visitVarInsn(LLOAD, window[0]);
        e.mv.visitInsn(LSUB);
        e.mv.visitVarInsn(LSTORE, offset);
        e.mv.visitVarInsn(LLOAD, offset);
        e.push(0L);
        e.mv.visitInsn(LCMP);
        e.mv.visitJumpInsn(IFLT, otherwise);
        e.mv.visitVarInsn(LLOAD, offset);
        e.mv.visitVarInsn(LLOAD, window[1]);
        e.mv.visitInsn(LCMP);
        e.mv.visitJumpInsn(IFGE, otherwise);
    }

    /** What {@code add_u64 $d, $d, x} (or {@code $d, x, $d}) adds to {@code pointer}, or null. */
    private static Operand strideOf(Instruction add, Operand.Register pointer) {
        if (add.opcode() != Opcode.ADD || add.type() != DataType.U64 && add.type() != DataType.S64
                || !pointer.equals(add.operand(0))) {
            return null;
        }
        Operand other;
        if (pointer.equals(add.operand(1))) {
            other = add.operand(2);
        } else if (pointer.equals(add.operand(2))) {
            other = add.operand(1);
        } else {
            return null;
        }
        if (other instanceof Operand.Register r && r.registerClass() == RegisterClass.D || other instanceof Operand.Immediate) {
            return other;
        }
        return null;
    }

    /** The one instruction of the loop that sets {@code r}, or null when none or several do. */
    private static Instruction onlyDefinition(Body body, CountedLoops.Loop loop, Operand.Register r) {
        Instruction found = null;
        for (int b = loop.head(); b <= loop.latch(); b++) {
            for (Instruction insn : body.blocks().get(b).instructions()) {
                if (Liveness.defs(insn).contains(r)) {
                    if (found != null) {
                        return null;
                    }
                    found = insn;
                }
            }
        }
        return found;
    }

    /** True when {@code first} comes before {@code second} in the loop's code. */
    private static boolean precedes(Body body, CountedLoops.Loop loop, Instruction first, Instruction second) {
        for (int b = loop.head(); b <= loop.latch(); b++) {
            for (Instruction insn : body.blocks().get(b).instructions()) {
                if (insn == first) {
                    return true;
                }
                if (insn == second) {
                    return false;
                }
            }
        }
        return false;
    }

    private static boolean definedIn(Body body, CountedLoops.Loop loop, Operand.Register r) {
        for (int b = loop.head(); b <= loop.latch(); b++) {
            for (Instruction insn : body.blocks().get(b).instructions()) {
                if (Liveness.defs(insn).contains(r)) {
                    return true;
                }
            }
        }
        return false;
    }
}
