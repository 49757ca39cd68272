package org.hsaj.hsail.interp;

import java.util.List;
import org.hsaj.hsail.ir.CompareOperation;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Modifiers;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.Rounding;

/**
 * The register-to-register instructions of one kernel (moves, conversions, comparisons, integer, float,
 * bit and packed arithmetic): their results from their sources, with the module's default float
 * rounding and the kernel's break exception policy. Immutable; shared by every work-item.
 */
final class Arithmetic {
    private final Rounding defaultRounding;
    private final int breakExceptions;

    Arithmetic(Module module, int breakExceptions) {
        this.defaultRounding = module.defaultFloatRounding() == Module.FloatRoundingMode.ZERO ? Rounding.ZERO
                : Rounding.NEAR;
        this.breakExceptions = breakExceptions;
    }

    private Rounding floatRounding(Modifiers m) {
        return m.rounding() == Rounding.DEFAULT ? defaultRounding : m.rounding();
    }

    /** Runs {@code insn}, one of the instructions this class covers, in work-item {@code wi}'s activation {@code a}. */
    void execute(WorkItem wi, Activation a, Instruction insn) {
        Opcode op = insn.opcode();
        DataType t = insn.type();
        DataType st = insn.sourceType();
        Modifiers m = insn.modifiers();
        Operand dest = insn.operand(0);
        switch (op) {
            case MOV -> {
                long[] w = a.readWide(insn.operand(1));
                a.writeWide(dest, t, w[0], w[1]);
            }
            case CVT -> a.write(dest, t, Conversions.convert(t, st, a.source(insn, 1), m.rounding(),
                    floatRounding(m), m.ftz()));
            case CMP -> cmp(a, insn);
            case CMOV -> {
                if (t.isPacked()) {
                    long[] c = Packed.elements(a.readWide(insn.operand(1))[0], a.readWide(insn.operand(1))[1], t);
                    long[] x = wide(a, insn, 2, t);
                    long[] y = wide(a, insn, 3, t);
                    long[] r = new long[c.length];
                    for (int i = 0; i < r.length; i++) {
                        r[i] = c[i] != 0 ? x[i] : y[i];
                    }
                    long[] p = Packed.pack(r, t);
                    a.writeWide(dest, t, p[0], p[1]);
                } else {
                    a.write(dest, t, (a.source(insn, 1) & 1) != 0 ? a.source(insn, 2) : a.source(insn, 3));
                }
            }
            case COMBINE -> {
                List<Operand> parts = ((Operand.VectorOperand) insn.operand(1)).elements();
                long[] e = new long[parts.size()];
                for (int i = 0; i < e.length; i++) {
                    e[i] = a.read(parts.get(i));
                }
                long[] p = packBits(e, st.bits());
                a.writeWide(dest, t, p[0], p[1]);
            }
            case EXPAND -> {
                List<Operand> parts = ((Operand.VectorOperand) dest).elements();
                long[] w = a.readWide(insn.operand(1));
                for (int i = 0; i < parts.size(); i++) {
                    int shift = i * t.bits();
                    long word = shift >= 64 ? w[1] : w[0];
                    a.write(parts.get(i), t, IntegerOps.chop(word >>> (shift % 64), t.bits()));
                }
            }
            case CLASS -> a.write(dest, t, FloatOps.classify(FloatFormat.of(st), a.source(insn, 1),
                    (int) a.source(insn, 2)) ? 1 : 0);
            case POPCOUNT, FIRSTBIT, LASTBIT -> a.write(dest, t, IntegerOps.unary(op, st, a.source(insn, 1), false));
            case BITEXTRACT -> a.write(dest, t, IntegerOps.bitExtract(t, a.source(insn, 1), a.source(insn, 2),
                    a.source(insn, 3)));
            case BITINSERT -> a.write(dest, t, IntegerOps.bitInsert(t, a.source(insn, 1), a.source(insn, 2),
                    a.source(insn, 3), a.source(insn, 4)));
            case BITMASK -> a.write(dest, t, IntegerOps.bitMask(t, a.source(insn, 1), a.source(insn, 2)));
            case BITSELECT -> {
                long mask = a.source(insn, 1);
                a.write(dest, t, IntegerOps.chop((a.source(insn, 2) & mask) | (a.source(insn, 3) & ~mask), t.bits()));
            }
            case BITALIGN, BYTEALIGN -> {
                long shift = op == Opcode.BITALIGN ? a.source(insn, 3) & 31 : (a.source(insn, 3) & 3) * 8;
                long value = (a.source(insn, 2) << 32) | (a.source(insn, 1) & 0xffffffffL);
                a.write(dest, t, IntegerOps.chop(value >>> shift, 32));
            }
            case LERP -> {
                long[] x = Packed.elements(a.source(insn, 1), 0, t);
                long[] y = Packed.elements(a.source(insn, 2), 0, t);
                long[] z = Packed.elements(a.source(insn, 3), 0, t);
                long[] r = new long[4];
                for (int i = 0; i < 4; i++) {
                    r[i] = (x[i] + y[i] + (z[i] & 1)) >> 1;
                }
                a.write(dest, t, Packed.pack(r, t)[0]);
            }
            case PACKCVT -> {
                long[] r = new long[4];
                for (int i = 0; i < 4; i++) {
                    r[i] = Conversions.convert(DataType.U8, DataType.F32, a.source(insn, i + 1), Rounding.NEARI_SAT,
                            Rounding.NEAR, false);
                }
                a.write(dest, t, Packed.pack(r, t)[0]);
            }
            case UNPACKCVT -> {
                long e = Packed.elements(a.source(insn, 1), 0, st)[(int) (a.source(insn, 2) & 3)];
                a.write(dest, t, Conversions.convert(DataType.F32, DataType.U8, e, Rounding.DEFAULT, Rounding.NEAR,
                        false));
            }
            case SAD, SADHI -> {
                long[] x = st.isPacked() ? Packed.elements(a.source(insn, 1), 0, st) : new long[] {a.source(insn, 1)};
                long[] y = st.isPacked() ? Packed.elements(a.source(insn, 2), 0, st) : new long[] {a.source(insn, 2)};
                long sum = 0;
                for (int i = 0; i < x.length; i++) {
                    sum += Math.abs(x[i] - y[i]);
                }
                long acc = a.source(insn, 3);
                a.write(dest, t, IntegerOps.chop(op == Opcode.SAD ? acc + sum : acc + (sum << 16), 32));
            }
            case SHUFFLE -> {
                long[] x = Packed.elements(a.source(insn, 1), 0, t);
                long[] y = Packed.elements(a.source(insn, 2), 0, t);
                long control = a.source(insn, 3);
                int n = x.length;
                int bitsPer = Integer.numberOfTrailingZeros(n);
                long[] r = new long[n];
                for (int i = 0; i < n; i++) {
                    int sel = (int) ((control >>> (i * bitsPer)) & (n - 1));
                    r[i] = i < n / 2 ? x[sel] : y[sel];
                }
                a.write(dest, t, Packed.pack(r, t)[0]);
            }
            case UNPACKLO, UNPACKHI -> {
                long[] x = wide(a, insn, 1, t);
                long[] y = wide(a, insn, 2, t);
                int n = x.length;
                int from = op == Opcode.UNPACKLO ? 0 : n / 2;
                long[] r = new long[n];
                for (int i = 0; i < n / 2; i++) {
                    r[2 * i] = x[from + i];
                    r[2 * i + 1] = y[from + i];
                }
                long[] p = Packed.pack(r, t);
                a.writeWide(dest, t, p[0], p[1]);
            }
            case PACK -> {
                long[] x = wide(a, insn, 1, t);
                x[(int) (a.source(insn, 3) & (x.length - 1))] = a.source(insn, 2);
                long[] p = Packed.pack(x, t);
                a.writeWide(dest, t, p[0], p[1]);
            }
            case UNPACK -> {
                long[] x = wide(a, insn, 1, st);
                long e = x[(int) (a.source(insn, 2) & (x.length - 1))];
                DataType et = st.elementType();
                a.write(dest, t, et.isSigned() ? IntegerOps.sext(e, et.bits()) : e);
            }
            default -> {
                if (t.isPacked()) {
                    packed(wi, a, insn);
                } else {
                    long[] s = new long[insn.operandCount() - 1];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = a.source(insn, i + 1);
                    }
                    a.write(dest, t, scalar(wi, op, t, m, s, false));
                }
            }
        }
    }

    private static long[] wide(Activation a, Instruction insn, int i, DataType t) {
        long[] w = a.readWide(insn.operand(i));
        return Packed.elements(w[0], w[1], t);
    }

    private static long[] packBits(long[] e, int bits) {
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < e.length; i++) {
            int shift = i * bits;
            long v = IntegerOps.chop(e[i], bits);
            if (shift >= 64) {
                hi |= v << (shift - 64);
            } else {
                lo |= v << shift;
            }
        }
        return new long[] {lo, hi};
    }

    /** One scalar (or packed element) operation with sources {@code s} of type {@code t}. */
    private long scalar(WorkItem wi, Opcode op, DataType t, Modifiers m, long[] s, boolean saturate) {
        if (t.isFloat()) {
            FloatFormat f = FloatFormat.of(t);
            double x = f.fromBits(s[0]);
            double y = s.length > 1 ? f.fromBits(s[1]) : 0;
            double z = s.length > 2 ? f.fromBits(s[2]) : 0;
            long sign = 1L << (t.bits() - 1);
            double r;
            switch (op) {
                case ABS -> {
                    return s[0] & ~sign;
                }
                case NEG -> {
                    return IntegerOps.chop(s[0] ^ sign, t.bits());
                }
                case COPYSIGN -> {
                    return (s[0] & ~sign) | (s[1] & sign);
                }
                case ADD, SUB, MUL, DIV, SQRT, FMA, MAD, NFMA -> r = FloatOps.arithmetic(op, f, floatRounding(m),
                        m.ftz(), x, y, z);
                case MAX, MIN -> r = FloatOps.minMax(op == Opcode.MAX, f, m.ftz(), x, y);
                case CEIL, FLOOR, RINT, TRUNC -> r = FloatOps.integral(op, f, m.ftz(), x);
                case FRACT -> r = FloatOps.fract(f, floatRounding(m), m.ftz(), x);
                case NSIN, NCOS, NEXP2, NLOG2, NRCP, NRSQRT, NSQRT -> r = FloatOps.nativeOp(op, f, m.ftz(), x);
                default -> throw new WorkItemFault("'" + op.hsailName() + "' is not defined for " + t.hsailName());
            }
            return f.toBits(r);
        }
        int[] exceptions = {0};
        long r = switch (op) {
            case ABS, NEG, NOT, BITREV -> IntegerOps.unary(op, t, s[0], saturate);
            case MAD -> IntegerOps.chop(IntegerOps.value(s[0], t) * IntegerOps.value(s[1], t) + s[2], t.bits());
            case MAD24 -> IntegerOps.chop(IntegerOps.binary(Opcode.MUL24, t, s[0], s[1], false, exceptions) + s[2], 32);
            case MAD24HI -> IntegerOps.chop(IntegerOps.binary(Opcode.MUL24HI, t, s[0], s[1], false, exceptions) + s[2],
                    32);
            default -> IntegerOps.binary(op, t, s[0], s[1], saturate, exceptions);
        };
        if (exceptions[0] != 0) {
            raise(wi, exceptions[0], "integer division by zero");
        }
        return r;
    }

    private void raise(WorkItem wi, int exceptionBits, String what) {
        if ((breakExceptions & exceptionBits) != 0) {
            throw new WorkItemFault(what + " (the kernel enables the break exception policy for it)");
        }
        wi.detectedExceptions |= exceptionBits;
    }

    private void packed(WorkItem wi, Activation a, Instruction insn) {
        Opcode op = insn.opcode();
        DataType t = insn.type();
        DataType et = t.elementType();
        Modifiers m = insn.modifiers();
        int sources = insn.operandCount() - 1;
        long[][] e = new long[sources][];
        for (int i = 0; i < sources; i++) {
            e[i] = op == Opcode.SHL || op == Opcode.SHR ? (i == 0 ? wide(a, insn, 1, t) : new long[] {a.source(insn, 2)})
                    : wide(a, insn, i + 1, t);
        }
        long[] r = wide(a, insn, 0, t);
        boolean sat = m.packing().isSaturating();
        for (int i = 0; i < r.length; i++) {
            if (m.packing().writesLowestElementOnly() && i > 0) {
                break;
            }
            long[] s = new long[sources];
            for (int k = 0; k < sources; k++) {
                boolean scalarSource = op == Opcode.SHL || op == Opcode.SHR ? k == 1 : m.packing().isScalarSource(k);
                s[k] = e[k][scalarSource ? 0 : i];
            }
            if ((op == Opcode.SHL || op == Opcode.SHR)) {
                s[1] &= et.bits() - 1;
            }
            r[i] = scalar(wi, op, et, m, s, sat);
        }
        long[] p = Packed.pack(r, t);
        a.writeWide(insn.operand(0), t, p[0], p[1]);
    }

    private void cmp(Activation a, Instruction insn) {
        DataType t = insn.type();
        DataType st = insn.sourceType();
        Modifiers m = insn.modifiers();
        CompareOperation c = m.compare();
        if (st.isPacked()) {
            long[] x = wide(a, insn, 1, st);
            long[] y = wide(a, insn, 2, st);
            long[] r = new long[x.length];
            for (int i = 0; i < r.length; i++) {
                int k = m.packing().isScalarSource(0) ? 0 : i;
                int l = m.packing().isScalarSource(1) ? 0 : i;
                r[i] = compare(c, st.elementType(), m.ftz(), x[k], y[l]) ? -1 : 0;
            }
            long[] p = Packed.pack(r, t);
            a.writeWide(insn.operand(0), t, p[0], p[1]);
            return;
        }
        boolean result = compare(c, st, m.ftz(), a.source(insn, 1), a.source(insn, 2));
        long v;
        if (t == DataType.B1) {
            v = result ? 1 : 0;
        } else if (t.isFloat()) {
            v = FloatFormat.of(t).toBits(result ? 1.0 : 0.0);
        } else {
            v = result ? IntegerOps.chop(-1, t.bits()) : 0;
        }
        a.write(insn.operand(0), t, v);
    }

    private static boolean compare(CompareOperation c, DataType st, boolean ftz, long a, long b) {
        if (!st.isFloat()) {
            return IntegerOps.compare(c, st.isBit() ? DataType.unsignedOf(Math.max(8, st.bits())) : st,
                    st == DataType.B1 ? a & 1 : a, st == DataType.B1 ? b & 1 : b);
        }
        FloatFormat f = FloatFormat.of(st);
        double x = f.fromBits(a);
        double y = f.fromBits(b);
        if (ftz) {
            x = f.flush(x);
            y = f.flush(y);
        }
        boolean unordered = Double.isNaN(x) || Double.isNaN(y);
        return switch (c.quiet()) {
            case EQ -> !unordered && x == y;
            case NE -> !unordered && x != y;
            case LT -> !unordered && x < y;
            case LE -> !unordered && x <= y;
            case GT -> !unordered && x > y;
            case GE -> !unordered && x >= y;
            case EQU -> unordered || x == y;
            case NEU -> unordered || x != y;
            case LTU -> unordered || x < y;
            case LEU -> unordered || x <= y;
            case GTU -> unordered || x > y;
            case GEU -> unordered || x >= y;
            case NUM -> !unordered;
            default -> unordered;
        };
    }
}
