package org.hsaj.cpu.exec;

import static org.junit.jupiter.api.Assertions.*;
import static org.hsaj.cpu.testing.Registers.*;

import java.math.BigInteger;
import java.util.function.Consumer;
import org.hsaj.cpu.testing.Asm;
import org.hsaj.cpu.testing.Engine;
import org.hsaj.cpu.testing.Machine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RV64I and M instructions with their edge cases, on every engine (interpreter, block translations,
 * one hot region). Expected values come from the ISA manual's definitions, computed here with plain
 * Java and BigInteger arithmetic.
 */
class IntegerInstructionTest {
    static Machine run(Engine engine, long a1, long a2, Consumer<Asm> program) {
        Asm asm = new Asm();
        program.accept(asm);
        Machine m = new Machine().load(asm);
        m.x(A1, a1).x(A2, a2);
        return m.run(engine);
    }

    /**
     * Runs {@code body} once per (a, b) pair in one program (a1 = a, a2 = b before it) and returns a0
     * after each run. One program per engine keeps the tests fast.
     */
    static long[] batch(Engine engine, long[] as, long[] bs, Consumer<Asm> body) {
        Asm asm = new Asm();
        asm.li(S0, Machine.DATA);
        int n = 0;
        for (long a : as) {
            for (long b : bs) {
                asm.li(A1, a).li(A2, b);
                body.accept(asm);
                asm.store(3, S0, A0, (n % 256) * 8);
                n++;
                if (n % 256 == 0) {
                    asm.addi(S0, S0, 2047).addi(S0, S0, 1);
                }
            }
        }
        try (Machine m = new Machine().load(asm).run(engine)) {
            long[] results = new long[n];
            for (int k = 0; k < n; k++) {
                results[k] = m.loadLong(Machine.DATA + 8L * k);
            }
            return results;
        }
    }

    /** The pairwise results of one R-type instruction (rd a0, rs1 a1, rs2 a2). */
    static long[] op(Engine engine, int opcode, int funct3, int funct7) {
        return batch(engine, VALUES, VALUES, asm -> asm.word(Asm.r(opcode, funct3, funct7, A0, A1, A2)));
    }

    /** Checks {@code actual} against {@code expected(a, b)} over all pairs. */
    static void check(String what, long[] actual, java.util.function.LongBinaryOperator expected) {
        int k = 0;
        for (long a : VALUES) {
            for (long b : VALUES) {
                long want = expected.applyAsLong(a, b);
                long got = actual[k++];
                if (want != got) {
                    fail(String.format("%s(0x%x, 0x%x): expected 0x%x, got 0x%x", what, a, b, want, got));
                }
            }
        }
    }

    static void checkR(Engine e, String what, int opcode, int funct3, int funct7, java.util.function.LongBinaryOperator expected) {
        check(what, op(e, opcode, funct3, funct7), expected);
    }

    private static final long MIN = Long.MIN_VALUE;
    private static final long MAX = Long.MAX_VALUE;
    private static final long[] VALUES = {0, 1, -1, 2, -2, 7, 0x7fffffffL, 0x80000000L, 0xffffffffL, -0x80000000L,
        0x123456789abcdefL, MIN, MAX, MIN + 1, 0x8000000000000001L, 63, 64, 65};

    @ParameterizedTest
    @EnumSource(Engine.class)
    void registerRegisterArithmetic(Engine e) {
        checkR(e, "add", 0x33, 0, 0, (a, b) -> a + b);
        checkR(e, "sub", 0x33, 0, 0x20, (a, b) -> a - b);
        checkR(e, "sll (shift amount masked to 6 bits)", 0x33, 1, 0, (a, b) -> a << (b & 63));
        checkR(e, "slt", 0x33, 2, 0, (a, b) -> a < b ? 1 : 0);
        checkR(e, "sltu", 0x33, 3, 0, (a, b) -> Long.compareUnsigned(a, b) < 0 ? 1 : 0);
        checkR(e, "xor", 0x33, 4, 0, (a, b) -> a ^ b);
        checkR(e, "srl", 0x33, 5, 0, (a, b) -> a >>> (b & 63));
        checkR(e, "sra", 0x33, 5, 0x20, (a, b) -> a >> (b & 63));
        checkR(e, "or", 0x33, 6, 0, (a, b) -> a | b);
        checkR(e, "and", 0x33, 7, 0, (a, b) -> a & b);
    }

    private static long sext32(long v) {
        return (int) v;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void wordForms(Engine e) {
        checkR(e, "addw", 0x3b, 0, 0, (a, b) -> sext32((int) a + (int) b));
        checkR(e, "subw", 0x3b, 0, 0x20, (a, b) -> sext32((int) a - (int) b));
        checkR(e, "sllw (5-bit shift amount)", 0x3b, 1, 0, (a, b) -> sext32((int) a << (b & 31)));
        checkR(e, "srlw (upper half ignored, result sign-extended)", 0x3b, 5, 0, (a, b) -> sext32((int) a >>> (b & 31)));
        checkR(e, "sraw", 0x3b, 5, 0x20, (a, b) -> sext32((int) a >> (b & 31)));
        checkR(e, "mulw", 0x3b, 0, 1, (a, b) -> sext32((int) a * (int) b));
    }

    /**
     * Comparisons with the zero register, which the translator compiles apart (sltiu a0, a1, 1, seqz,
     * is among the immediates).
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void comparisonsWithTheZeroRegister(Engine e) {
        check("snez (sltu a0, zero, a2)", batch(e, VALUES, VALUES, asm -> asm.word(Asm.r(0x33, 3, 0, A0, 0, A2))),
                (a, b) -> b != 0 ? 1 : 0);
        check("sltu a0, a1, zero", batch(e, VALUES, VALUES, asm -> asm.word(Asm.r(0x33, 3, 0, A0, A1, 0))),
                (a, b) -> 0);
        check("sgtz (slt a0, zero, a2)", batch(e, VALUES, VALUES, asm -> asm.word(Asm.r(0x33, 2, 0, A0, 0, A2))),
                (a, b) -> b > 0 ? 1 : 0);
    }

    private static final int[] IMMEDIATES = {0, 1, -1, 2047, -2048, 0x555};
    private static final int[] SHIFTS = {0, 1, 31, 32, 63};

    /** a0 for each (value, immediate) of one I-type instruction. */
    static void checkI(Engine e, String what, int opcode, int funct3, int[] immediates, int extra,
                       java.util.function.LongBinaryOperator expected) {
        // One program per immediate: the immediate is part of the encoding.
        for (int imm : immediates) {
            long[] part = batch(e, VALUES, new long[] {0}, asm -> asm.word(Asm.i(opcode, funct3, A0, A1, imm | extra)));
            int k = 0;
            for (long a : VALUES) {
                long want = expected.applyAsLong(a, imm);
                if (want != part[k]) {
                    fail(String.format("%s(0x%x, %d): expected 0x%x, got 0x%x", what, a, imm, want, part[k]));
                }
                k++;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void immediates(Engine e) {
        checkI(e, "addi", 0x13, 0, IMMEDIATES, 0, (a, i) -> a + i);
        checkI(e, "slti", 0x13, 2, IMMEDIATES, 0, (a, i) -> a < i ? 1 : 0);
        checkI(e, "sltiu (sign-extended immediate compared unsigned)", 0x13, 3, IMMEDIATES, 0,
                (a, i) -> Long.compareUnsigned(a, i) < 0 ? 1 : 0);
        checkI(e, "xori", 0x13, 4, IMMEDIATES, 0, (a, i) -> a ^ i);
        checkI(e, "ori", 0x13, 6, IMMEDIATES, 0, (a, i) -> a | i);
        checkI(e, "andi", 0x13, 7, IMMEDIATES, 0, (a, i) -> a & i);
        checkI(e, "addiw", 0x1b, 0, IMMEDIATES, 0, (a, i) -> sext32(a + i));
        checkI(e, "slli", 0x13, 1, SHIFTS, 0, (a, sh) -> a << sh);
        checkI(e, "srli", 0x13, 5, SHIFTS, 0, (a, sh) -> a >>> sh);
        checkI(e, "srai", 0x13, 5, SHIFTS, 0x400, (a, sh) -> a >> sh);
        int[] wordShifts = {0, 1, 17, 31};
        checkI(e, "slliw", 0x1b, 1, wordShifts, 0, (a, sh) -> sext32((int) a << sh));
        checkI(e, "srliw", 0x1b, 5, wordShifts, 0, (a, sh) -> sext32((int) a >>> sh));
        checkI(e, "sraiw", 0x1b, 5, wordShifts, 0x400, (a, sh) -> sext32((int) a >> sh));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void upperImmediates(Engine e) {
        try (Machine m = run(e, 0, 0, asm -> asm.word(Asm.u(0x37, A0, 0x80000)).word(Asm.u(0x17, A1, 0x12))
                .word(Asm.u(0x37, A2, 0x7ffff)))) {
            assertEquals(0xffffffff80000000L, m.x(A0), "lui sign-extends bit 31");
            assertEquals(Machine.CODE + 4 + 0x12000, m.x(A1), "auipc adds to its own pc");
            assertEquals(0x7ffff000L, m.x(A2));
        }
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void multiply(Engine e) {
        BigInteger two64 = BigInteger.ONE.shiftLeft(64);
        checkR(e, "mul", 0x33, 0, 1, (a, b) -> a * b);
        checkR(e, "mulh", 0x33, 1, 1, (a, b) -> BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).shiftRight(64).longValue());
        checkR(e, "mulhsu", 0x33, 2, 1, (a, b) -> BigInteger.valueOf(a).multiply(unsigned(b)).shiftRight(64).longValue());
        checkR(e, "mulhu", 0x33, 3, 1, (a, b) -> unsigned(a).multiply(unsigned(b)).shiftRight(64).mod(two64).longValue());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void divideAndRemainder(Engine e) {
        checkR(e, "div (by zero: -1; MIN / -1 = MIN)", 0x33, 4, 1, (a, b) -> b == 0 ? -1 : a == MIN && b == -1 ? MIN : a / b);
        checkR(e, "rem (by zero: dividend; MIN % -1 = 0)", 0x33, 6, 1, (a, b) -> b == 0 ? a : a == MIN && b == -1 ? 0 : a % b);
        checkR(e, "divu", 0x33, 5, 1, (a, b) -> b == 0 ? -1 : unsigned(a).divide(unsigned(b)).longValue());
        checkR(e, "remu", 0x33, 7, 1, (a, b) -> b == 0 ? a : unsigned(a).mod(unsigned(b)).longValue());
        checkR(e, "divw", 0x3b, 4, 1, (a, b) -> {
            int x = (int) a;
            int y = (int) b;
            return y == 0 ? -1 : x == Integer.MIN_VALUE && y == -1 ? Integer.MIN_VALUE : x / y;
        });
        checkR(e, "remw", 0x3b, 6, 1, (a, b) -> {
            int x = (int) a;
            int y = (int) b;
            return y == 0 ? x : x == Integer.MIN_VALUE && y == -1 ? 0 : x % y;
        });
        checkR(e, "divuw", 0x3b, 5, 1, (a, b) -> (int) b == 0 ? -1 : sext32((a & 0xffffffffL) / (b & 0xffffffffL)));
        checkR(e, "remuw", 0x3b, 7, 1, (a, b) -> sext32((int) b == 0 ? a : (a & 0xffffffffL) % (b & 0xffffffffL)));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void writesToX0AreDropped(Engine e) {
        try (Machine m = run(e, 5, 6, asm -> asm.word(Asm.r(0x33, 0, 0, 0, A1, A2)).addi(0, A1, 9)
                .li(A3, Machine.DATA).load(3, 0, A3, 0).addi(A0, 0, 0))) {
            assertEquals(0, m.x(0));
            assertEquals(0, m.x(A0));
        }
    }

    /** a0 = 0 where the branch is taken (it skips the addi), else 1. */
    static void checkBranch(Engine e, String what, int funct3, java.util.function.BiPredicate<Long, Long> taken) {
        check(what, batch(e, VALUES, VALUES, asm -> asm.addi(A0, 0, 0).branch(funct3, A1, A2, 8).addi(A0, 0, 1)),
                (a, b) -> taken.test(a, b) ? 0 : 1);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void branches(Engine e) {
        checkBranch(e, "beq", 0, (a, b) -> a.longValue() == b.longValue());
        checkBranch(e, "bne", 1, (a, b) -> a.longValue() != b.longValue());
        checkBranch(e, "blt", 4, (a, b) -> a < b);
        checkBranch(e, "bge", 5, (a, b) -> a >= b);
        checkBranch(e, "bltu", 6, (a, b) -> Long.compareUnsigned(a, b) < 0);
        checkBranch(e, "bgeu", 7, (a, b) -> Long.compareUnsigned(a, b) >= 0);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void jumpsLinkAndClearBitZero(Engine e) {
        // jal over one instruction; jalr to an odd address computed from rs1 == rd.
        try (Machine m = run(e, 0, 0, asm -> asm.jal(1, 8).addi(A0, 0, 99)
                .li(A1, Machine.CODE + 4 * 6 + 1).jalr(A1, A1, 0).addi(A0, 0, 77).addi(A2, 0, 5))) {
            assertEquals(Machine.CODE + 4, m.x(1), "jal links pc + 4");
            assertEquals(0, m.x(A0), "jal skipped the addi, jalr skipped the other");
            assertEquals(5, m.x(A2));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void loopsCountDown(Engine e) {
        // a0 = sum of 1..1000 with a backward branch.
        try (Machine m = run(e, 1000, 0, asm -> asm.addi(A0, 0, 0).op(0, 0, A0, A0, A1).addi(A1, A1, -1)
                .branch(1, A1, 0, -8))) {
            assertEquals(500500, m.x(A0));
        }
    }
}
