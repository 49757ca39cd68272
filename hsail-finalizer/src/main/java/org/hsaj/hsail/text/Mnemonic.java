package org.hsaj.hsail.text;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hsaj.hsail.ir.AtomicOperation;
import org.hsaj.hsail.ir.CompareOperation;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.MemoryOrder;
import org.hsaj.hsail.ir.MemoryScope;
import org.hsaj.hsail.ir.Modifiers;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Packing;
import org.hsaj.hsail.ir.Rounding;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.Width;

/**
 * An opcode word decoded: {@code ld_v2_global_align(8)_u32} is opcode LD, vector size 2, segment
 * global, alignment 8, type u32. Which modifiers each opcode accepts and how many types it takes
 * follow the PRM 1.0 grammar (19.2); modifiers may come in any order, types come last.
 *
 * @param vectorSize the {@code _v2/_v3/_v4} count, 0 when absent
 */
record Mnemonic(Opcode opcode, Modifiers modifiers, DataType type, DataType sourceType, int vectorSize) {

    /** Modifier families, for the table of what each opcode accepts. */
    private enum Family { FTZ, FLOAT_ROUNDING, INTEGER_ROUNDING, PACKING, SEGMENT, ALIGN, CONST, EQUIV, WIDTH, NONULL,
        VECTOR, ORDER, SCOPE }

    /** Thrown with a message for the caller to report at the opcode's position. */
    static final class BadMnemonic extends Exception {
        private static final long serialVersionUID = 1L;

        BadMnemonic(String message) {
            super(message);
        }
    }

    private static final Set<Opcode> UNSUPPORTED = EnumSet.of(Opcode.RDIMAGE, Opcode.LDIMAGE, Opcode.STIMAGE,
            Opcode.QUERYIMAGE, Opcode.QUERYSAMPLER, Opcode.IMAGEFENCE, Opcode.INITFBAR, Opcode.JOINFBAR,
            Opcode.WAITFBAR, Opcode.ARRIVEFBAR, Opcode.LEAVEFBAR, Opcode.RELEASEFBAR, Opcode.LDF);

    /** True for opcodes this finalizer parses but cannot run (images, fine-grain barriers). */
    static boolean isUnsupported(Opcode opcode) {
        return UNSUPPORTED.contains(opcode);
    }

    static int typeCount(Opcode op) {
        return switch (op) {
            case POPCOUNT, FIRSTBIT, LASTBIT, CLASS, COMBINE, EXPAND, PACK, UNPACK, PACKCVT, UNPACKCVT, SAD, SADHI,
                 SEGMENTP, FTOS, STOF, CMP, CVT, SIGNAL, SIGNALNORET, ACTIVELANECOUNT, ACTIVELANEMASK -> 2;
            case NOP, BR, RET, BARRIER, WAVEBARRIER, MEMFENCE, CALL, IMAGEFENCE, INITFBAR, JOINFBAR, WAITFBAR,
                 ARRIVEFBAR, LEAVEFBAR, RELEASEFBAR, ARG_BLOCK_START, ARG_BLOCK_END -> 0;
            default -> 1;
        };
    }

    private static Set<Family> accepted(Opcode op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, FRACT, SQRT -> EnumSet.of(Family.FTZ, Family.FLOAT_ROUNDING, Family.PACKING);
            case FMA, MAD -> EnumSet.of(Family.FTZ, Family.FLOAT_ROUNDING);
            case MAX, MIN, CEIL, FLOOR, RINT, TRUNC, NFMA, CMP -> EnumSet.of(Family.FTZ, Family.PACKING);
            case ABS, NEG, MULHI, COPYSIGN -> EnumSet.of(Family.PACKING);
            case NCOS, NEXP2, NLOG2, NRCP, NRSQRT, NSIN, NSQRT -> EnumSet.of(Family.FTZ);
            case CVT -> EnumSet.of(Family.FTZ, Family.FLOAT_ROUNDING, Family.INTEGER_ROUNDING);
            case COMBINE, EXPAND -> EnumSet.of(Family.VECTOR);
            case LDA, NULLPTR -> EnumSet.of(Family.SEGMENT);
            case SEGMENTP, FTOS, STOF -> EnumSet.of(Family.SEGMENT, Family.NONULL);
            case LD -> EnumSet.of(Family.VECTOR, Family.SEGMENT, Family.ALIGN, Family.CONST, Family.EQUIV, Family.WIDTH);
            case ST -> EnumSet.of(Family.VECTOR, Family.SEGMENT, Family.ALIGN, Family.EQUIV);
            case ATOMIC, ATOMICNORET -> EnumSet.of(Family.SEGMENT, Family.ORDER, Family.SCOPE, Family.EQUIV);
            case SIGNAL, SIGNALNORET -> EnumSet.of(Family.ORDER);
            case MEMFENCE -> EnumSet.of(Family.ORDER, Family.SCOPE);
            case CBR, SBR, BARRIER, SCALL, ICALL, ACTIVELANECOUNT, ACTIVELANEID, ACTIVELANEPERMUTE, JOINFBAR,
                 WAITFBAR, ARRIVEFBAR, LEAVEFBAR -> EnumSet.of(Family.WIDTH);
            case ACTIVELANEMASK -> EnumSet.of(Family.VECTOR, Family.WIDTH);
            case ALLOCA -> EnumSet.of(Family.ALIGN);
            case ADDQUEUEWRITEINDEX, CASQUEUEWRITEINDEX, LDQUEUEREADINDEX, LDQUEUEWRITEINDEX, STQUEUEREADINDEX,
                 STQUEUEWRITEINDEX -> EnumSet.of(Family.SEGMENT, Family.ORDER);
            default -> EnumSet.noneOf(Family.class);
        };
    }

    /** Splits on '_' keeping {@code align(8)}, {@code width(all)} pieces whole. */
    static List<String> pieces(String word) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder sb = new StringBuilder();
        for (char c : word.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == '_' && depth == 0) {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString());
        return out;
    }

    /** The opcode the word starts with, or null when it is not an HSAIL opcode. */
    static Opcode opcodeOf(String word) {
        String first = pieces(word).getFirst();
        for (Opcode op : Opcode.values()) {
            if (!op.isMarker() && op.hsailName().equals(first)) {
                return op;
            }
        }
        return null;
    }

    static Mnemonic decode(String word) throws BadMnemonic {
        List<String> p = pieces(word);
        Opcode op = opcodeOf(word);
        if (op == null) {
            throw new BadMnemonic("unknown instruction '" + p.getFirst() + "'");
        }
        int i = 1;
        Modifiers m = Modifiers.NONE;
        // Operation prefixes that come right after the opcode.
        if (op == Opcode.CMP) {
            CompareOperation c = i < p.size() ? CompareOperation.fromHsailName(p.get(i)) : null;
            if (c == null) {
                throw new BadMnemonic("expected a comparison (eq, ne, lt, le, gt, ge, equ, ..., snan) after 'cmp_' in '"
                        + word + "'");
            }
            m = m.withCompare(c);
            i++;
        } else if (op == Opcode.ATOMIC || op == Opcode.ATOMICNORET || op == Opcode.SIGNAL || op == Opcode.SIGNALNORET) {
            String name = i < p.size() ? p.get(i) : "";
            i++;
            if ((name.equals("wait") || name.equals("waittimeout")) && i < p.size()) {
                name = name + "_" + p.get(i);
                i++;
            }
            AtomicOperation a = atomicOperation(op, name);
            if (a == null) {
                throw new BadMnemonic("expected " + atomicChoices(op) + " after '" + op.hsailName() + "_' in '" + word
                        + "', found '" + name + "'");
            }
            m = m.withAtomic(a);
        }
        int types = typeCount(op);
        int firstType = p.size() - types;
        if (firstType < i) {
            throw new BadMnemonic("'" + word + "' needs " + typeWords(types) + " at the end, such as '"
                    + example(op) + "'");
        }
        Set<Family> ok = accepted(op);
        Set<Family> seen = EnumSet.noneOf(Family.class);
        int vector = 0;
        for (; i < firstType; i++) {
            String piece = p.get(i);
            boolean sat = i + 1 < firstType && p.get(i + 1).equals("sat");
            Family f;
            Rounding r = Rounding.fromHsailName(piece);
            Packing pk = Packing.fromHsailName(piece);
            if (piece.equals("ftz")) {
                f = Family.FTZ;
                m = m.withFtz(true);
            } else if (r != null) {
                f = r.isFloatRounding() ? Family.FLOAT_ROUNDING : Family.INTEGER_ROUNDING;
                if (sat && r.isIntegerRounding()) {
                    r = Rounding.valueOf(r.name() + "_SAT");
                    i++;
                }
                m = m.withRounding(r);
                if (f == Family.FLOAT_ROUNDING && seen.contains(Family.INTEGER_ROUNDING)
                        || f == Family.INTEGER_ROUNDING && seen.contains(Family.FLOAT_ROUNDING)) {
                    throw new BadMnemonic("'" + word + "' has two rounding modifiers");
                }
            } else if (pk != null) {
                f = Family.PACKING;
                if (sat) {
                    pk = Packing.valueOf(pk.name() + "_SAT");
                    i++;
                }
                m = m.withPacking(pk);
            } else if (segment(piece) != null) {
                f = Family.SEGMENT;
                m = m.withSegment(segment(piece));
            } else if (piece.startsWith("align(")) {
                f = Family.ALIGN;
                m = m.withAlign((int) parenNumber(word, piece, 256));
            } else if (piece.equals("const")) {
                f = Family.CONST;
                m = m.withConstant(true);
            } else if (piece.startsWith("equiv(")) {
                f = Family.EQUIV;
                m = m.withEquivalence((int) parenNumber(word, piece, 255));
            } else if (piece.startsWith("width(")) {
                f = Family.WIDTH;
                m = m.withWidth(width(word, piece));
            } else if (piece.equals("nonull")) {
                f = Family.NONULL;
                m = m.withNonull(true);
            } else if (piece.equals("v2") || piece.equals("v3") || piece.equals("v4")) {
                f = Family.VECTOR;
                vector = piece.charAt(1) - '0';
            } else if (MemoryOrder.fromHsailName(piece) != null) {
                f = Family.ORDER;
                m = m.withOrder(MemoryOrder.fromHsailName(piece));
            } else if (MemoryScope.fromHsailName(piece) != null) {
                f = Family.SCOPE;
                m = m.withScope(MemoryScope.fromHsailName(piece));
            } else if (piece.equals("sat")) {
                throw new BadMnemonic("'_sat' in '" + word + "' must follow a packing control (_pp_sat) or an integer"
                        + " rounding (_neari_sat)");
            } else if (DataType.fromHsailName(piece) != null) {
                throw new BadMnemonic("'" + word + "' has too many types: '" + op.hsailName() + "' takes "
                        + typeWords(types));
            } else {
                throw new BadMnemonic("unknown modifier '_" + piece + "' in '" + word + "'");
            }
            if (!ok.contains(f)) {
                throw new BadMnemonic("modifier '_" + piece + "' is not allowed on '" + op.hsailName() + "'");
            }
            if (!seen.add(f)) {
                throw new BadMnemonic("'" + word + "' repeats a " + f.name().toLowerCase().replace('_', ' ')
                        + " modifier");
            }
        }
        DataType type = DataType.NONE;
        DataType source = DataType.NONE;
        if (types >= 1) {
            type = typeOf(word, p.get(firstType));
        }
        if (types == 2) {
            source = typeOf(word, p.get(firstType + 1));
        }
        if (ok.contains(Family.VECTOR) && op != Opcode.LD && op != Opcode.ST && vector == 0) {
            throw new BadMnemonic("'" + word + "' needs a vector size modifier (_v2, _v3 or _v4)");
        }
        if ((op == Opcode.ATOMIC || op == Opcode.ATOMICNORET) && (m.order() == MemoryOrder.NONE
                || m.scope() == MemoryScope.NONE)) {
            throw new BadMnemonic("'" + word + "' needs a memory order (_rlx, _scacq, _screl, _scar) and a memory scope"
                    + " (_wave, _wg, _agent, _system)");
        }
        if ((op == Opcode.SIGNAL || op == Opcode.SIGNALNORET || isQueue(op)) && m.order() == MemoryOrder.NONE) {
            throw new BadMnemonic("'" + word + "' needs a memory order (_rlx, _scacq, _screl, _scar)");
        }
        if (op == Opcode.MEMFENCE && (m.order() == MemoryOrder.NONE || m.scope() == MemoryScope.NONE)) {
            throw new BadMnemonic("'" + word + "' needs a memory order (_scacq, _screl, _scar) and a scope"
                    + " (_wave, _wg, _agent, _system)");
        }
        if ((op == Opcode.SEGMENTP || op == Opcode.FTOS || op == Opcode.STOF) && m.segment() == Segment.FLAT) {
            throw new BadMnemonic("'" + word + "' needs a segment modifier such as '_global' or '_group'");
        }
        if ((op == Opcode.LD || op == Opcode.ST || op == Opcode.ATOMIC || op == Opcode.ATOMICNORET) && m.align() == 0) {
            m = m.withAlign(type.bytes());
        }
        return new Mnemonic(op, m, type, source, vector);
    }

    static boolean isQueue(Opcode op) {
        return switch (op) {
            case ADDQUEUEWRITEINDEX, CASQUEUEWRITEINDEX, LDQUEUEREADINDEX, LDQUEUEWRITEINDEX, STQUEUEREADINDEX,
                 STQUEUEWRITEINDEX -> true;
            default -> false;
        };
    }

    private static AtomicOperation atomicOperation(Opcode op, String name) {
        AtomicOperation a;
        try {
            a = AtomicOperation.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (a == AtomicOperation.NONE) {
            return null;
        }
        boolean signal = op == Opcode.SIGNAL || op == Opcode.SIGNALNORET;
        boolean ret = op == Opcode.ATOMIC || op == Opcode.SIGNAL;
        return switch (a) {
            case MIN, MAX, WRAPINC, WRAPDEC -> signal ? null : a;
            case LD, CAS -> ret ? a : null;
            case ST -> ret ? null : a;
            default -> a.isWait() ? (op == Opcode.SIGNAL ? a : null) : a;
        };
    }

    private static String atomicChoices(Opcode op) {
        return switch (op) {
            case ATOMIC -> "an atomic operation (ld, add, sub, and, or, xor, exch, cas, min, max, wrapinc, wrapdec)";
            case ATOMICNORET -> "an atomic operation (st, add, sub, and, or, xor, min, max, wrapinc, wrapdec)";
            case SIGNAL -> "a signal operation (ld, add, sub, and, or, xor, exch, cas, wait_eq, wait_ne, wait_lt,"
                    + " wait_gte, waittimeout_...)";
            default -> "a signal operation (st, add, sub, and, or, xor, exch)";
        };
    }

    private static Segment segment(String piece) {
        for (Segment s : Segment.values()) {
            if (s != Segment.FLAT && s.hsailName().equals(piece)) {
                return s;
            }
        }
        return null;
    }

    private static long parenNumber(String word, String piece, long max) throws BadMnemonic {
        String inner = piece.substring(piece.indexOf('(') + 1, piece.length() - 1);
        long v;
        try {
            v = inner.startsWith("0x") ? Long.parseLong(inner.substring(2), 16) : Long.parseLong(inner);
        } catch (NumberFormatException e) {
            throw new BadMnemonic("expected a number in '" + piece + "' of '" + word + "'");
        }
        if (piece.startsWith("align(") && (v < 1 || v > max || Long.bitCount(v) != 1)) {
            throw new BadMnemonic("bad alignment in '" + word + "': expected 1, 2, 4, 8, 16, 32, 64, 128 or 256, found "
                    + v);
        }
        if (v < 0 || v > max) {
            throw new BadMnemonic("'" + piece + "' in '" + word + "' is out of range 0.." + max);
        }
        return v;
    }

    private static Width width(String word, String piece) throws BadMnemonic {
        String inner = piece.substring(6, piece.length() - 1);
        if (inner.equals("all")) {
            return Width.ALL;
        }
        if (inner.equals("WAVESIZE")) {
            return Width.WAVESIZE;
        }
        long v;
        try {
            v = Long.parseLong(inner);
        } catch (NumberFormatException e) {
            throw new BadMnemonic("expected all, WAVESIZE or a power of two in '" + piece + "' of '" + word + "'");
        }
        if (v < 1 || v > (1L << 31) || Long.bitCount(v) != 1) {
            throw new BadMnemonic("bad width in '" + word + "': expected a power of two from 1 to 2147483648, found " + v);
        }
        return Width.of(v);
    }

    private static DataType typeOf(String word, String piece) throws BadMnemonic {
        DataType t = DataType.fromHsailName(piece);
        if (t == null) {
            throw new BadMnemonic("expected a type such as '_u32' at the end of '" + word + "', found '_" + piece + "'");
        }
        return t;
    }

    private static String typeWords(int n) {
        return switch (n) {
            case 0 -> "no type";
            case 1 -> "one type";
            default -> "two types (destination, then source)";
        };
    }

    private static String example(Opcode op) {
        return switch (typeCount(op)) {
            case 2 -> op.hsailName() + (op == Opcode.CMP ? "_eq" : "") + "_u32_u64";
            default -> op.hsailName() + "_u32";
        };
    }
}
