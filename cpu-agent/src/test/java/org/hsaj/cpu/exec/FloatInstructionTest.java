package org.hsaj.cpu.exec;

import static org.junit.jupiter.api.Assertions.*;

import org.hsaj.cpu.GuestFault;
import org.hsaj.cpu.decode.Decoder;
import org.hsaj.cpu.decode.Format;
import org.hsaj.cpu.decode.Instruction;
import org.hsaj.cpu.decode.Opcode;
import org.hsaj.cpu.interp.Interpreter;
import org.hsaj.cpu.testing.Asm;
import org.hsaj.cpu.testing.Engine;
import org.hsaj.cpu.testing.Machine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every F and D instruction through every engine: each runs on a set of operand values in one
 * program, and its destination and the accrued flags must match what the reference interpreter
 * computes for that instruction alone. Rounding-mode fields (static, dynamic from frm, reserved)
 * and NaN-boxing of loads and moves are checked explicitly.
 */
class FloatInstructionTest {
    private static final long[] F_VALUES = {
        Double.doubleToRawLongBits(1.5), Double.doubleToRawLongBits(-0.1), Double.doubleToRawLongBits(3e300),
        Double.doubleToRawLongBits(Double.MIN_VALUE), 0x7ff8000000000000L, 0x7ff0000000000001L, Long.MIN_VALUE,
        FloatingPoint.box(Float.floatToRawIntBits(2.5f)), FloatingPoint.box(Float.floatToRawIntBits(-1e-40f)),
        FloatingPoint.box(0x7f800001), 0x000000003f800000L, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
    };
    private static final long[] X_VALUES = {0, 1, -1, 0x7fffffffL, 0x80000000L, Long.MAX_VALUE, 123456789123L};

    /** Every floating-point opcode except loads and stores. */
    private static Opcode[] arithmetic() {
        return java.util.Arrays.stream(Opcode.values()).filter(op -> op.ordinal() > Opcode.FLW.ordinal()
                && op != Opcode.FSW && op != Opcode.FLD && op != Opcode.FSD && op != Opcode.ILLEGAL).toArray(Opcode[]::new);
    }

    private static int encode(Opcode op, int rd, int rs1, int rs2, int rs3, int rm) {
        int w = op.match() | (rd << 7) | (rs1 << 15);
        Format f = op.format();
        if (f == Format.R || f == Format.R_RM || f == Format.R4) {
            w |= rs2 << 20;
        }
        if (f == Format.R4) {
            w |= rs3 << 27;
        }
        if (op.usesRoundingMode()) {
            w |= rm << 12;
        }
        return w;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyInstructionMatchesTheReferenceSemantics(Engine e) {
        for (Opcode op : arithmetic()) {
            for (int rm : new int[] {0, 1, 3, 7}) {
                if (!op.usesRoundingMode() && rm != 0) {
                    continue;
                }
                int word = encode(op, 10, 11, 12, 13, rm);
                Instruction in = Decoder.decode(word);
                assertEquals(op, in.opcode());
                // One program: for every operand pair, set the operands, run the instruction, store rd and fflags.
                Asm asm = new Asm().li(8, Machine.DATA);
                int n = 0;
                for (long a : F_VALUES) {
                    long b = F_VALUES[(n * 5 + 3) % F_VALUES.length];
                    long x = X_VALUES[n % X_VALUES.length];
                    asm.li(5, a).fp(0x79, 0, 11, 5, 0)      // fmv.d.x fa1, t0
                            .li(5, b).fp(0x79, 0, 12, 5, 0)  // fmv.d.x fa2, t0
                            .fp(0x79, 0, 13, 5, 0)          // fa3 = b too
                            .li(11, x)                      // a1 = x (integer sources)
                            .csr(5, 0, 0x001, 0)            // clear fflags
                            .word(word);
                    if (op.writesFloat()) {
                        asm.fsd(8, 10, n * 16);
                    } else {
                        asm.store(3, 8, 10, n * 16);
                    }
                    asm.csr(2, 6, 0x001, 0).store(3, 8, 6, n * 16 + 8);
                    n++;
                }
                try (Machine m = new Machine().load(asm)) {
                    m.hart.frm = 4;
                    m.run(e);
                    for (int k = 0; k < n; k++) {
                        Hart reference = new Hart(m.memory, null);
                        reference.frm = 4;
                        reference.f[11] = F_VALUES[k];
                        reference.f[12] = F_VALUES[(k * 5 + 3) % F_VALUES.length];
                        reference.f[13] = reference.f[12];
                        reference.x[11] = X_VALUES[k % X_VALUES.length];
                        Interpreter.step(reference, in, Machine.CODE);
                        long expected = op.writesFloat() ? reference.f[10] : reference.x[10];
                        String what = in + " on operand set " + k + " (" + e + ")";
                        assertEquals(expected, m.loadLong(Machine.DATA + 16L * k), what);
                        assertEquals(reference.fflags, m.loadLong(Machine.DATA + 16L * k + 8), what + " flags");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void loadsBoxSinglesAndMovesKeepBits(Engine e) {
        Asm asm = new Asm().li(8, Machine.DATA).flw(1, 8, 0).fld(2, 8, 0).fsw(8, 1, 16).fsd(8, 2, 24)
                .fp(0x70, 0, 10, 1, 0)     // fmv.x.w a0, ft1
                .fp(0x71, 0, 11, 2, 0)     // fmv.x.d a1, ft2
                .fp(0x78, 0, 3, 12, 0);    // fmv.w.x ft3, a2
        try (Machine m = new Machine().load(asm)) {
            m.storeLong(Machine.DATA, 0x12345678_bf800000L).x(12, 0xffffffff_40490fdbL);
            m.run(e);
            assertEquals(0xffffffff_bf800000L, m.f(1), "flw NaN-boxes");
            assertEquals(0x12345678_bf800000L, m.f(2));
            assertEquals(0xbf800000L, m.loadLong(Machine.DATA + 16) & 0xffffffffL, "fsw stores the low word");
            assertEquals(0x12345678_bf800000L, m.loadLong(Machine.DATA + 24));
            assertEquals(0xffffffff_bf800000L, m.x(10), "fmv.x.w sign-extends");
            assertEquals(0x12345678_bf800000L, m.x(11));
            assertEquals(0xffffffff_40490fdbL, m.f(3));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void reservedRoundingModesAreIllegal(Engine e) {
        int faddWithRm5 = encode(Opcode.FADD_D, 10, 11, 12, 0, 5);
        try (Machine m = new Machine().load(new Asm().addi(10, 0, 1).word(faddWithRm5))) {
            GuestFault f = assertThrows(GuestFault.class, () -> m.run(e));
            assertEquals(String.format("illegal instruction 0x%08x (rounding mode 5 is reserved) at pc 0x10004", faddWithRm5),
                    f.getMessage());
        }
        int faddDynamic = encode(Opcode.FADD_D, 10, 11, 12, 0, 7);
        try (Machine m = new Machine().load(new Asm().word(faddDynamic))) {
            m.hart.frm = 6;
            GuestFault f = assertThrows(GuestFault.class, () -> m.run(e));
            assertEquals(String.format("illegal instruction 0x%08x (rounding mode 6 in frm) at pc 0x10000", faddDynamic),
                    f.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void dynamicRoundingFollowsFrm(Engine e) {
        int fdivDynamic = encode(Opcode.FDIV_D, 10, 11, 12, 0, 7);
        for (int frm = 0; frm <= 4; frm++) {
            try (Machine m = new Machine().load(new Asm().word(fdivDynamic))) {
                m.hart.frm = frm;
                m.fd(11, 1).fd(12, 3).run(e);
                Hart reference = new Hart(null, null);
                long expected = FloatingPoint.divD(reference, Double.doubleToRawLongBits(1), Double.doubleToRawLongBits(3), frm);
                assertEquals(expected, m.f(10), "frm " + frm);
            }
        }
    }
}
