package org.hsaj.hsail.print;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.hsaj.hsail.ir.AtomicOperation;
import org.hsaj.hsail.ir.BasicBlock;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.ControlDirectives;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Initializer;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Linkage;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.ModuleStatement;
import org.hsaj.hsail.ir.Modifiers;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.Rounding;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.Signature;
import org.hsaj.hsail.ir.Variable;
import org.hsaj.hsail.ir.Width;

/**
 * Prints the IR as HSAIL text (PRM 1.0 syntax) that the text front end reads back to the same IR:
 * parse, print, parse is the identity (up to source positions). Constants print in an exact form
 * (floats as IEEE bit patterns {@code 0F3f800000}), modifiers in the grammar's order, and only
 * modifiers that differ from the default.
 *
 * <p>Stateless and thread-safe.
 */
public final class HsailPrinter {
    private static final String INDENT = "\t";

    private HsailPrinter() {
    }

    /** The whole module as HSAIL text. */
    public static String print(Module module) {
        StringBuilder sb = new StringBuilder();
        sb.append("module ").append(module.name()).append(':').append(module.majorVersion()).append(':')
                .append(module.minorVersion()).append(":$").append(lower(module.profile())).append(":$")
                .append(lower(module.machineModel())).append(":$").append(lower(module.defaultFloatRounding()))
                .append(";\n");
        for (String e : module.extensions()) {
            sb.append("extension ").append(quote(e)).append(";\n");
        }
        for (ModuleStatement s : module.statements()) {
            sb.append('\n');
            switch (s) {
                case Variable v -> sb.append(variable(v, true)).append('\n');
                case Kernel k -> kernel(sb, k);
                case Function f -> function(sb, f);
                case Signature sig -> sb.append("signature ").append(sig.name()).append(formals(sig.outputs()))
                        .append(formals(sig.inputs())).append(";\n");
            }
        }
        return sb.toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static void kernel(StringBuilder sb, Kernel k) {
        sb.append(k.isDefinition() ? "" : "decl ").append(k.linkage() == Linkage.PROGRAM ? "prog " : "")
                .append("kernel ").append(k.name()).append(formals(k.parameters()));
        body(sb, k.controls(), k.body().orElse(null));
    }

    private static void function(StringBuilder sb, Function f) {
        sb.append(f.isDefinition() ? "" : "decl ").append(f.linkage() == Linkage.PROGRAM ? "prog " : "")
                .append(f.indirect() ? "indirect " : "").append("function ").append(f.name())
                .append(formals(f.outputs())).append(formals(f.inputs()));
        body(sb, f.controls(), f.body().orElse(null));
    }

    private static String formals(List<Variable> args) {
        return args.stream().map(HsailPrinter::formal).collect(Collectors.joining(", ", "(", ")"));
    }

    private static String formal(Variable v) {
        return (v.alignment() > v.type().bytes() ? "align(" + v.alignment() + ") " : "")
                + v.segment().hsailName() + "_" + v.type().hsailName()
                + (v.name().isEmpty() ? "" : " " + v.name()) + dimension(v);
    }

    private static String dimension(Variable v) {
        if (v.dimension() == 0) {
            return "";
        }
        return v.dimension() == Variable.FLEXIBLE ? "[]" : "[" + v.dimension() + "]";
    }

    private static void body(StringBuilder sb, ControlDirectives c, Body body) {
        if (body == null) {
            sb.append(";\n");
            return;
        }
        sb.append("\n{\n");
        controls(sb, c);
        for (Variable v : body.variables()) {
            sb.append(INDENT).append(variable(v, false)).append('\n');
        }
        String indent = INDENT;
        for (BasicBlock b : body.blocks()) {
            if (b.hasLabel()) {
                sb.append(b.label()).append(":\n");
            }
            for (Instruction insn : b.instructions()) {
                if (insn.opcode() == Opcode.ARG_BLOCK_START) {
                    sb.append(indent).append("{\n");
                    indent = INDENT + INDENT;
                    for (Variable v : ((Operand.ArgumentList) insn.operand(0)).variables()) {
                        sb.append(indent).append(variable(v, false)).append('\n');
                    }
                } else if (insn.opcode() == Opcode.ARG_BLOCK_END) {
                    indent = INDENT;
                    sb.append(indent).append("}\n");
                } else {
                    sb.append(indent).append(instruction(insn)).append('\n');
                }
            }
        }
        sb.append("};\n");
    }

    private static void controls(StringBuilder sb, ControlDirectives c) {
        if (c.enableBreakExceptions() != 0) {
            directive(sb, "enablebreakexceptions", Integer.toUnsignedString(c.enableBreakExceptions()));
        }
        if (c.enableDetectExceptions() != 0) {
            directive(sb, "enabledetectexceptions", Integer.toUnsignedString(c.enableDetectExceptions()));
        }
        if (c.maxDynamicGroupSize() != 0) {
            directive(sb, "maxdynamicgroupsize", Long.toUnsignedString(c.maxDynamicGroupSize()));
        }
        if (c.maxFlatGridSize() != 0) {
            directive(sb, "maxflatgridsize", size(c.maxFlatGridSize()));
        }
        if (c.maxFlatWorkgroupSize() != 0) {
            directive(sb, "maxflatworkgroupsize", size(c.maxFlatWorkgroupSize()));
        }
        if (c.requiredDim() != 0) {
            directive(sb, "requireddim", Integer.toString(c.requiredDim()));
        }
        if (!c.requiredGridSize().isEmpty()) {
            directive(sb, "requiredgridsize", sizes(c.requiredGridSize()));
        }
        if (!c.requiredWorkgroupSize().isEmpty()) {
            directive(sb, "requiredworkgroupsize", sizes(c.requiredWorkgroupSize()));
        }
        if (c.requireNoPartialWorkgroups()) {
            sb.append(INDENT).append("requirenopartialworkgroups;\n");
        }
    }

    private static void directive(StringBuilder sb, String name, String operands) {
        sb.append(INDENT).append(name).append(' ').append(operands).append(";\n");
    }

    private static String size(long v) {
        return v == ControlDirectives.WAVESIZE ? "WAVESIZE" : Long.toUnsignedString(v);
    }

    private static String sizes(List<Long> vs) {
        return vs.stream().map(HsailPrinter::size).collect(Collectors.joining(", "));
    }

    /** A variable declaration or definition, without indentation. */
    public static String variable(Variable v, boolean moduleLevel) {
        StringBuilder sb = new StringBuilder();
        if (moduleLevel) {
            sb.append(v.isDefinition() ? "" : "decl ").append(v.linkage() == Linkage.PROGRAM ? "prog " : "");
        }
        if (v.allocAgent()) {
            sb.append("alloc(agent) ");
        }
        if (v.alignment() > v.type().bytes()) {
            sb.append("align(").append(v.alignment()).append(") ");
        }
        if (v.isConst()) {
            sb.append("const ");
        }
        sb.append(v.segment().hsailName()).append('_').append(v.type().hsailName()).append(' ').append(v.name())
                .append(dimension(v));
        v.initializer().ifPresent(init -> sb.append(" = ").append(initializer(init, v)));
        return sb.append(';').toString();
    }

    private static String initializer(Initializer init, Variable v) {
        DataType t = v.type();
        int n = init.size() / t.bytes();
        if (t.isBit()) {
            StringBuilder sb = new StringBuilder(v.isArray() ? "{u8[](" : "");
            if (!v.isArray()) {
                return constant(t, element(init, 0, t), t.bits() > 64 ? element(init, 8, DataType.B64) : 0);
            }
            for (int i = 0; i < init.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(init.byteAt(i) & 0xff);
            }
            return sb.append(")}").toString();
        }
        if (!v.isArray()) {
            return constant(t, element(init, 0, t), t.bits() > 64 ? element(init, 8, DataType.B64) : 0);
        }
        StringBuilder sb = new StringBuilder(t.hsailName()).append("[](");
        for (int i = 0; i < n; i++) {
            int at = i * t.bytes();
            sb.append(i == 0 ? "" : ", ")
                    .append(constant(t, element(init, at, t), t.bits() > 64 ? element(init, at + 8, DataType.B64) : 0));
        }
        return sb.append(')').toString();
    }

    private static long element(Initializer init, int at, DataType t) {
        long v = 0;
        for (int k = Math.min(8, t.bytes()) - 1; k >= 0; k--) {
            v = (v << 8) | (init.byteAt(at + k) & 0xff);
        }
        return v;
    }

    // ---- instructions ---------------------------------------------------------------------------

    /** One instruction, {@code add_u32 $s1, $s2, 4;}. */
    public static String instruction(Instruction insn) {
        String m = mnemonic(insn);
        if (insn.operands().isEmpty()) {
            return m + ";";
        }
        if (insn.opcode() == Opcode.SBR && insn.operandCount() == 2) {
            return m + " " + operand(insn.operand(0)) + " " + operand(insn.operand(1)) + ";";
        }
        if (insn.opcode() == Opcode.CALL || insn.opcode() == Opcode.SCALL || insn.opcode() == Opcode.ICALL) {
            return m + " " + operand(insn.operand(0)) + " " + operand(insn.operand(1)) + " "
                    + operand(insn.operand(2)) + (insn.operandCount() > 3 ? " " + operand(insn.operand(3)) : "") + ";";
        }
        return m + " " + insn.operands().stream().map(HsailPrinter::operand).collect(Collectors.joining(", ")) + ";";
    }

    /** The opcode with its modifiers and types, {@code ld_global_align(8)_u32}, as the grammar orders them. */
    public static String mnemonic(Instruction insn) {
        Opcode op = insn.opcode();
        Modifiers m = insn.modifiers();
        StringBuilder sb = new StringBuilder(op.hsailName());
        if (m.compare() != null) {
            sb.append('_').append(m.compare().hsailName());
        }
        if (m.atomic() != AtomicOperation.NONE) {
            sb.append('_').append(m.atomic().hsailName());
        }
        int vector = vectorSize(insn);
        if (vector != 0) {
            sb.append("_v").append(vector);
        }
        if (m.segment() != Segment.FLAT) {
            sb.append('_').append(m.segment().hsailName());
        }
        boolean memory = op == Opcode.LD || op == Opcode.ST || op == Opcode.ATOMIC || op == Opcode.ATOMICNORET;
        if (m.align() != 0 && (!memory || m.align() != insn.type().bytes())) {
            sb.append("_align(").append(m.align()).append(')');
        }
        if (m.constant()) {
            sb.append("_const");
        }
        if (m.equivalence() != 0 && (op == Opcode.LD || op == Opcode.ST)) {
            sb.append("_equiv(").append(m.equivalence()).append(')');
        }
        if (m.width().kind() != Width.Kind.DEFAULT) {
            sb.append("_width(").append(switch (m.width().kind()) {
                case ALL -> "all";
                case WAVESIZE -> "WAVESIZE";
                default -> Long.toString(m.width().count());
            }).append(')');
        }
        if (m.order() != org.hsaj.hsail.ir.MemoryOrder.NONE) {
            sb.append('_').append(m.order().hsailName());
        }
        if (m.scope() != org.hsaj.hsail.ir.MemoryScope.NONE) {
            sb.append('_').append(m.scope().hsailName());
        }
        if (m.equivalence() != 0 && op != Opcode.LD && op != Opcode.ST) {
            sb.append("_equiv(").append(m.equivalence()).append(')');
        }
        if (m.ftz()) {
            sb.append("_ftz");
        }
        if (m.rounding() != Rounding.DEFAULT) {
            sb.append('_').append(m.rounding().hsailName());
        }
        if (m.packing() != org.hsaj.hsail.ir.Packing.NONE) {
            sb.append('_').append(m.packing().hsailName());
        }
        if (m.nonull()) {
            sb.append("_nonull");
        }
        if (insn.type() != DataType.NONE) {
            sb.append('_').append(insn.type().hsailName());
        }
        if (insn.sourceType() != DataType.NONE) {
            sb.append('_').append(insn.sourceType().hsailName());
        }
        return sb.toString();
    }

    private static int vectorSize(Instruction insn) {
        int index = switch (insn.opcode()) {
            case LD, ST, EXPAND, ACTIVELANEMASK -> 0;
            case COMBINE -> 1;
            default -> -1;
        };
        if (index >= 0 && index < insn.operandCount() && insn.operand(index) instanceof Operand.VectorOperand v) {
            return v.elements().size();
        }
        return 0;
    }

    /** One operand in HSAIL syntax. */
    public static String operand(Operand o) {
        return switch (o) {
            case Operand.Register r -> "$" + r.registerClass().letter() + r.number();
            case Operand.Immediate i -> constant(i.type(), i.bits(), i.high());
            case Operand.WaveSize w -> "WAVESIZE";
            case Operand.Address a -> address(a);
            case Operand.VectorOperand v -> v.elements().stream().map(HsailPrinter::operand)
                    .collect(Collectors.joining(", ", "(", ")"));
            case Operand.LabelRef l -> l.name();
            case Operand.LabelList ls -> ls.labels().stream().map(Operand.LabelRef::name)
                    .collect(Collectors.joining(", ", "[", "]"));
            case Operand.FunctionRef f -> f.name();
            case Operand.FunctionList fs -> fs.functions().stream().map(Operand.FunctionRef::name)
                    .collect(Collectors.joining(", ", "[", "]"));
            case Operand.SignatureRef s -> s.name();
            case Operand.ArgumentList args -> args.variables().stream().map(Variable::name)
                    .collect(Collectors.joining(", ", "(", ")"));
        };
    }

    private static String address(Operand.Address a) {
        StringBuilder sb = new StringBuilder();
        if (a.symbol() != null) {
            sb.append('[').append(a.symbol().name()).append(']');
        }
        if (a.base() != null) {
            sb.append("[$").append(a.base().registerClass().letter()).append(a.base().number());
            if (a.offset() > 0) {
                sb.append(" + ").append(a.offset());
            } else if (a.offset() < 0) {
                sb.append(" - ").append(Long.toUnsignedString(-a.offset()));
            }
            sb.append(']');
        } else if (a.offset() != 0 || a.symbol() == null) {
            sb.append('[').append(a.offset() < 0 ? "-" + Long.toUnsignedString(-a.offset()) : Long.toString(a.offset()))
                    .append(']');
        }
        return sb.toString();
    }

    /** A constant of type {@code t} in an exact, re-readable form. */
    static String constant(DataType t, long bits, long high) {
        if (t.isPacked()) {
            DataType e = t.elementType();
            int n = t.elementCount();
            StringBuilder sb = new StringBuilder(t.hsailName()).append('(');
            for (int k = n - 1; k >= 0; k--) {
                int shift = k * e.bits();
                long v = shift >= 64 ? high >>> (shift - 64) : (bits >>> shift) | (shift + e.bits() > 64 && shift > 0
                        ? high << (64 - shift) : 0);
                if (e.bits() < 64) {
                    v &= (1L << e.bits()) - 1;
                }
                sb.append(constant(e, v, 0)).append(k == 0 ? ")" : ", ");
            }
            return sb.toString();
        }
        return switch (t) {
            case F16 -> String.format("0H%04x", bits & 0xffff);
            case F32 -> String.format("0F%08x", bits & 0xffffffffL);
            case F64 -> String.format("0D%016x", bits);
            case B128 -> "u64x2(" + Long.toUnsignedString(high) + ", " + Long.toUnsignedString(bits) + ")";
            case SIG32, SIG64, ROIMG, WOIMG, RWIMG, SAMP -> t.hsailName() + "(" + bits + ")";
            case S8, S16, S32, S64 -> Long.toString(org.hsaj.hsail.ir.Operand.Immediate.of(t, bits).longValue());
            case B8, B16, B32, B64 -> "0x" + Long.toHexString(bits);
            default -> Long.toUnsignedString(bits);
        };
    }
}
