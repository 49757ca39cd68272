package org.hsaj.hsail.analysis;

import static org.hsaj.hsail.ir.DataType.*;

import java.util.EnumSet;
import java.util.Set;
import org.hsaj.hsail.ir.AtomicOperation;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;

/**
 * Which compound types each opcode accepts (PRM 1.0 chapters 5 to 11, the "Type" and "Length" rows of
 * each syntax table). Two-type instructions are checked on both types.
 */
final class TypeRules {
    private TypeRules() {
    }

    private static final Set<DataType> INT32_64 = EnumSet.of(S32, U32, S64, U64);
    private static final Set<DataType> FLOATS = EnumSet.of(F16, F32, F64);
    private static final Set<DataType> BITS = EnumSet.of(B1, B32, B64);
    private static final Set<DataType> BITS_32_64 = EnumSet.of(B32, B64);
    private static final Set<DataType> ADDRESS = EnumSet.of(U32, U64);

    private static Set<DataType> union(Set<DataType> a, Set<DataType> b) {
        Set<DataType> s = EnumSet.copyOf(a);
        s.addAll(b);
        return s;
    }

    private static Set<DataType> packed(boolean ints, boolean signedOnly, boolean floats) {
        Set<DataType> s = EnumSet.noneOf(DataType.class);
        for (DataType t : DataType.values()) {
            if (t.isPacked()) {
                DataType e = t.elementType();
                if (e.isFloat() ? floats : ints && (!signedOnly || e.isSigned())) {
                    s.add(t);
                }
            }
        }
        return s;
    }

    /** The types {@code op} accepts as its (destination) type. */
    static Set<DataType> allowedTypes(Instruction insn) {
        Opcode op = insn.opcode();
        return switch (op) {
            case ADD, SUB, MUL, MAX, MIN -> union(union(INT32_64, FLOATS), packed(true, false, true));
            case DIV -> union(union(INT32_64, FLOATS), packed(false, false, true));
            case MAD -> union(INT32_64, FLOATS);
            case REM, BORROW, CARRY, BITEXTRACT, BITINSERT -> INT32_64;
            case MULHI, SHL, SHR -> union(INT32_64, packed(true, false, false));
            case ABS, NEG -> union(union(EnumSet.of(S32, S64), FLOATS), packed(true, true, true));
            case MUL24, MUL24HI, MAD24, MAD24HI -> EnumSet.of(S32, U32);
            case AND, OR, XOR, NOT -> BITS;
            case BITMASK, BITREV, BITSELECT -> BITS_32_64;
            case POPCOUNT, FIRSTBIT, LASTBIT, ACTIVELANECOUNT, SAD, DEBUGTRAP, ALLOCA, CUID, MAXCUID, LANEID, WAVEID,
                 MAXWAVEID, DIM, GETDETECTEXCEPT, CLEARDETECTEXCEPT, SETDETECTEXCEPT -> EnumSet.of(U32);
            case COMBINE -> EnumSet.of(B64, B128);
            case EXPAND -> EnumSet.of(B32, B64);
            case LDA, NULLPTR, SEGMENTP, FTOS, STOF, SBR, SCALL, ICALL, KERNARGBASEPTR, ACTIVELANEID,
                 WORKITEMFLATABSID, CURRENTWORKITEMFLATID, WORKITEMFLATID, GRIDSIZE, WORKITEMABSID -> op == Opcode.SEGMENTP
                    ? EnumSet.of(B1) : ADDRESS;
            case GROUPBASEPTR, CURRENTWORKGROUPSIZE, GRIDGROUPS, WORKGROUPID, WORKGROUPSIZE, WORKITEMID ->
                    EnumSet.of(U32);
            case MOV -> union(union(EnumSet.of(B1, B32, B64, B128, SIG32, SIG64, ROIMG, WOIMG, RWIMG, SAMP), INT32_64),
                    FLOATS);
            case SHUFFLE, UNPACKHI, UNPACKLO -> EnumSet.of(U8X4, S8X4, U8X8, S8X8, U16X2, S16X2, F16X2, U16X4, S16X4,
                    F16X4, U32X2, S32X2, F32X2);
            case PACK -> packed(true, false, true);
            case UNPACK -> union(EnumSet.of(S32, U32, S64, U64), FLOATS);
            case CMOV -> union(EnumSet.of(B1, B32, B64), packed(true, false, true));
            case CEIL, FLOOR, RINT, TRUNC, FRACT, SQRT, COPYSIGN -> union(FLOATS, packed(false, false, true));
            case FMA, NRCP, NRSQRT, NSQRT, NFMA -> FLOATS;
            case NCOS, NSIN, NEXP2, NLOG2 -> EnumSet.of(F32);
            case CLASS, CBR -> EnumSet.of(B1);
            case BITALIGN, BYTEALIGN -> EnumSet.of(B32);
            case LERP, PACKCVT -> EnumSet.of(U8X4);
            case UNPACKCVT -> EnumSet.of(F32);
            case SADHI -> EnumSet.of(U16X2);
            case CMP -> {
                Set<DataType> s = union(union(EnumSet.of(B1), INT32_64), FLOATS);
                s.addAll(packed(true, false, false));
                yield s;
            }
            case CVT -> union(union(EnumSet.of(B1, U8, S8, U16, S16), INT32_64), FLOATS);
            case LD, ST -> {
                Set<DataType> s = EnumSet.allOf(DataType.class);
                s.remove(NONE);
                s.remove(B1);
                yield s;
            }
            case ATOMIC, ATOMICNORET -> switch (insn.modifiers().atomic()) {
                case ADD, SUB, MIN, MAX -> INT32_64;
                case WRAPINC, WRAPDEC -> ADDRESS;
                default -> BITS_32_64;
            };
            case SIGNAL -> EnumSet.of(S64, U64, B64, S32, U32, B32);
            case SIGNALNORET -> EnumSet.of(S64, U64, B64, S32, U32, B32);
            case ACTIVELANEMASK -> EnumSet.of(B64);
            case ACTIVELANEPERMUTE -> EnumSet.of(B1, B32, B64, B128);
            case PACKETCOMPLETIONSIG -> EnumSet.of(SIG64, SIG32);
            case PACKETID, CLOCK, ADDQUEUEWRITEINDEX, CASQUEUEWRITEINDEX, LDQUEUEREADINDEX, LDQUEUEWRITEINDEX,
                 STQUEUEREADINDEX, STQUEUEWRITEINDEX -> EnumSet.of(U64);
            default -> EnumSet.of(NONE);
        };
    }

    /** The source types a two-type instruction accepts; null for one-type instructions. */
    static Set<DataType> allowedSourceTypes(Instruction insn) {
        DataType t = insn.type();
        return switch (insn.opcode()) {
            case POPCOUNT -> BITS_32_64;
            case FIRSTBIT, LASTBIT -> INT32_64;
            case CLASS -> FLOATS;
            case COMBINE -> t == B64 ? EnumSet.of(B32) : EnumSet.of(B32, B64);
            case EXPAND -> EnumSet.of(B64, B128);
            case PACK -> union(EnumSet.of(S32, U32, S64, U64), FLOATS);
            case UNPACK -> packed(true, false, true);
            case PACKCVT -> EnumSet.of(F32);
            case UNPACKCVT -> EnumSet.of(U8X4);
            case SAD -> EnumSet.of(U32, U16X2, U8X4);
            case SADHI -> EnumSet.of(U8X4);
            case SEGMENTP, FTOS, STOF -> ADDRESS;
            case CMP -> {
                Set<DataType> s = union(union(EnumSet.of(B1, B32, B64), INT32_64), FLOATS);
                s.addAll(packed(true, false, true));
                yield s;
            }
            case CVT -> union(union(EnumSet.of(B1, U8, S8, U16, S16), INT32_64), FLOATS);
            case SIGNAL, SIGNALNORET -> EnumSet.of(SIG64, SIG32);
            case ACTIVELANECOUNT, ACTIVELANEMASK -> EnumSet.of(B1);
            default -> null;
        };
    }

    /** True for the atomic operations whose type is a bit type in HSAIL (ld, st, and, or, xor, exch, cas). */
    static boolean isBitAtomic(AtomicOperation a) {
        return switch (a) {
            case LD, ST, AND, OR, XOR, EXCH, CAS -> true;
            default -> false;
        };
    }
}
