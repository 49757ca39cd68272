package org.hsaj.hsail.analysis;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hsaj.hsail.ir.AtomicOperation;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Linkage;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.ModuleStatement;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.OperandRules;
import org.hsaj.hsail.ir.Packing;
import org.hsaj.hsail.ir.RegisterClass;
import org.hsaj.hsail.ir.Rounding;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.SourcePosition;
import org.hsaj.hsail.ir.Variable;
import org.hsaj.hsail.print.HsailPrinter;

/**
 * Checks a module against the rules of the PRM that the IR's shape does not already enforce: operand
 * counts and kinds, types allowed per opcode, register classes per operand type, immediates, segment
 * use, calls, register limits, registers read but never written, profile and machine model
 * restrictions. Works on the IR alone, so it serves every front end.
 *
 * <p>Stateless and thread-safe. Each problem is reported at its instruction's position, naming the
 * instruction as written ({@code ld_global_u32}) and the operand by number (1 is the first).
 */
public final class Validator {
    /** Most {@code $c} registers a code block may use (PRM 4.7). */
    public static final int MAX_C_REGISTERS = 128;
    /** Most 32-bit register slots ($s + 2·$d + 4·$q) a code block may use (PRM 4.7). */
    public static final int MAX_REGISTER_SLOTS = 2048;

    private final Module module;
    private final boolean complete;
    private final List<Diagnostic> out = new ArrayList<>();

    private Validator(Module module, boolean complete) {
        this.module = module;
        this.complete = complete;
    }

    /** Every problem found, in no particular order (callers sort by position). */
    public static List<Diagnostic> validate(Module module) {
        return validate(module, true);
    }

    /**
     * As {@link #validate(Module)}; with {@code complete == false} (a front end dropped statements it
     * could not read) the checks that would only echo those errors, such as registers read but never
     * written, are skipped.
     */
    public static List<Diagnostic> validate(Module module, boolean complete) {
        Validator v = new Validator(module, complete);
        v.run();
        return v.out;
    }

    private void error(SourcePosition p, String message) {
        out.add(Diagnostic.error(p, message));
    }

    private void run() {
        if (module.machineModel() == Module.MachineModel.SMALL) {
            error(new SourcePosition(firstFile(), 1, 1), "unsupported feature: the small machine model ($small);"
                    + " this platform runs $large modules");
        }
        for (ModuleStatement s : module.statements()) {
            switch (s) {
                case Variable v -> {
                    baseProfileType(v.type(), v.position(), "variable " + v.name());
                    declaredButNotDefined(s, v.isDefinition(), v.linkage());
                }
                case Kernel k -> {
                    k.parameters().forEach(p -> baseProfileType(p.type(), p.position(), "argument " + p.name()));
                    declaredButNotDefined(s, k.isDefinition(), k.linkage());
                    k.body().ifPresent(b -> body(k.name(), b));
                }
                case Function f -> {
                    declaredButNotDefined(s, f.isDefinition(), f.linkage());
                    f.body().ifPresent(b -> body(f.name(), b));
                }
                default -> {
                }
            }
        }
    }

    private String firstFile() {
        return module.statements().isEmpty() ? "<module>" : module.statements().getFirst().position().file();
    }

    private void declaredButNotDefined(ModuleStatement s, boolean isDefinition, Linkage linkage) {
        if (isDefinition || linkage == Linkage.PROGRAM) {
            return;
        }
        boolean defined = module.statements().stream().anyMatch(o -> o.name().equals(s.name()) && switch (o) {
            case Variable v -> v.isDefinition();
            case Kernel k -> k.isDefinition();
            case Function f -> f.isDefinition();
            default -> false;
        });
        if (!defined) {
            error(s.position(), s.name() + " is declared with module linkage but never defined in this module");
        }
    }

    private void baseProfileType(DataType t, SourcePosition p, String what) {
        if (module.profile() == Module.Profile.BASE && (t == DataType.F64 || t == DataType.F64X2)) {
            error(p, what + ": type " + t.hsailName() + " is not supported by the base profile");
        }
    }

    // ---- code blocks ------------------------------------------------------------------------------

    private void body(String owner, Body body) {
        Map<RegisterClass, BitSet> written = new EnumMap<>(RegisterClass.class);
        Map<RegisterClass, Map<Integer, Instruction>> firstRead = new EnumMap<>(RegisterClass.class);
        for (RegisterClass rc : RegisterClass.values()) {
            written.put(rc, new BitSet());
            firstRead.put(rc, new java.util.TreeMap<>());
        }
        for (Instruction insn : body.instructions()) {
            instruction(owner, insn);
            int dests = OperandRules.destinationCount(insn.opcode());
            for (int i = 0; i < insn.operandCount(); i++) {
                boolean isDest = i < dests;
                forEachRegister(insn.operand(i), r -> {
                    if (isDest) {
                        written.get(r.registerClass()).set(r.number());
                    } else {
                        firstRead.get(r.registerClass()).putIfAbsent(r.number(), insn);
                    }
                });
            }
        }
        for (RegisterClass rc : complete ? RegisterClass.values() : new RegisterClass[0]) {
            for (Map.Entry<Integer, Instruction> e : firstRead.get(rc).entrySet()) {
                if (!written.get(rc).get(e.getKey())) {
                    // Legal HSAIL whose value is undefined: a warning, not an error.
                    out.add(new Diagnostic(Diagnostic.Severity.WARNING, e.getValue().position(), "register $"
                            + rc.letter() + e.getKey() + " is read by '" + HsailPrinter.mnemonic(e.getValue())
                            + "' but never written in " + owner + "; its value is undefined"));
                }
            }
        }
        var r = body.registers();
        if (r.c() > MAX_C_REGISTERS) {
            error(firstPosition(body), owner + " uses $c" + (r.c() - 1) + ": at most " + MAX_C_REGISTERS
                    + " $c registers are allowed");
        }
        int slots = r.s() + 2 * r.d() + 4 * r.q();
        if (slots > MAX_REGISTER_SLOTS) {
            error(firstPosition(body), owner + " needs " + slots + " register slots ($s + 2*$d + 4*$q): at most "
                    + MAX_REGISTER_SLOTS + " are allowed");
        }
    }

    private static SourcePosition firstPosition(Body body) {
        List<Instruction> all = body.instructions();
        return all.isEmpty() ? SourcePosition.UNKNOWN : all.getFirst().position();
    }

    private static void forEachRegister(Operand o, java.util.function.Consumer<Operand.Register> f) {
        switch (o) {
            case Operand.Register r -> f.accept(r);
            case Operand.Address a -> {
                if (a.base() != null) {
                    f.accept(a.base());
                }
            }
            case Operand.VectorOperand v -> v.elements().forEach(e -> forEachRegister(e, f));
            default -> {
            }
        }
    }

    /**
     * Operand shapes: d destination register (or vector of registers for ld/expand/activelanemask),
     * s value (register, constant, WAVESIZE; vector for st), i constant, v vector source, a address,
     * l label, L label list, f function, F function list, g signature, A argument list.
     */
    private static String shape(Instruction insn) {
        AtomicOperation a = insn.modifiers().atomic();
        return switch (insn.opcode()) {
            case ABS, NEG, NOT, BITREV, CEIL, FLOOR, FRACT, RINT, SQRT, TRUNC, NCOS, NEXP2, NLOG2, NRCP, NRSQRT, NSIN,
                 NSQRT, MOV, POPCOUNT, FIRSTBIT, LASTBIT, CVT, SEGMENTP, FTOS, STOF, ALLOCA, ACTIVELANECOUNT -> "ds";
            case ADD, SUB, MUL, DIV, REM, MAX, MIN, MULHI, BORROW, CARRY, MUL24, MUL24HI, SHL, SHR, AND, OR, XOR,
                 COPYSIGN, UNPACKHI, UNPACKLO, BITMASK, CLASS, CMP, UNPACK -> "dss";
            case MAD, MAD24, MAD24HI, FMA, NFMA, BITEXTRACT, BITSELECT, CMOV, BITALIGN, BYTEALIGN, LERP, SAD, SADHI,
                 PACK -> "dsss";
            case SHUFFLE -> "dssi";
            case UNPACKCVT -> "dsi";
            case BITINSERT, PACKCVT -> "dssss";
            case ACTIVELANEPERMUTE -> "dssss";
            case COMBINE -> "dv";
            case EXPAND, ACTIVELANEMASK -> "ds";
            case LDA -> "da";
            case LD -> "da";
            case ST -> "sa";
            case ATOMIC -> a == AtomicOperation.LD ? "da" : a == AtomicOperation.CAS ? "dass" : "das";
            case ATOMICNORET -> "as";
            case SIGNAL -> a == AtomicOperation.LD ? "ds" : a == AtomicOperation.CAS || a.hasTimeout() ? "dsss"
                    : "dss";
            case SIGNALNORET -> "ss";
            case BR -> "l";
            case CBR -> "sl";
            case SBR -> "sL";
            case CALL -> "fAA";
            case SCALL -> "sAAF";
            case ICALL -> "sAAg";
            case ARG_BLOCK_START -> "A";
            case CURRENTWORKGROUPSIZE, GRIDGROUPS, GRIDSIZE, WORKGROUPID, WORKGROUPSIZE, WORKITEMABSID, WORKITEMID ->
                    "di";
            case DIM, CURRENTWORKITEMFLATID, WORKITEMFLATABSID, WORKITEMFLATID, PACKETCOMPLETIONSIG, PACKETID, CUID,
                 GROUPBASEPTR, KERNARGBASEPTR, LANEID, MAXCUID, MAXWAVEID, NULLPTR, WAVEID, CLOCK, GETDETECTEXCEPT,
                 ACTIVELANEID -> "d";
            case CLEARDETECTEXCEPT, SETDETECTEXCEPT, DEBUGTRAP -> "s";
            case ADDQUEUEWRITEINDEX -> "das";
            case CASQUEUEWRITEINDEX -> "dass";
            case LDQUEUEREADINDEX, LDQUEUEWRITEINDEX -> "da";
            case STQUEUEREADINDEX, STQUEUEWRITEINDEX -> "as";
            default -> "";
        };
    }

    private static String kindWord(char k) {
        return switch (k) {
            case 'd' -> "a destination register";
            case 's' -> "a register or constant";
            case 'i' -> "a constant";
            case 'v' -> "a vector operand such as ($s0, $s1)";
            case 'a' -> "an address such as [$d0] or [%x]";
            case 'l' -> "a label";
            case 'L' -> "a list of labels [@a, @b]";
            case 'f' -> "a function";
            case 'F' -> "a list of functions";
            case 'g' -> "a signature";
            default -> "a list of arg variables";
        };
    }

    private static String describe(Operand o) {
        return switch (o) {
            case Operand.Register r -> r.toString();
            case Operand.Immediate i -> "constant " + HsailPrinter.operand(i);
            case Operand.WaveSize w -> "WAVESIZE";
            case Operand.Address a -> "address " + HsailPrinter.operand(a);
            case Operand.VectorOperand v -> "vector " + HsailPrinter.operand(v);
            case Operand.LabelRef l -> "label " + l.name();
            case Operand.LabelList l -> "label list";
            case Operand.FunctionRef f -> "function " + f.name();
            case Operand.FunctionList f -> "function list";
            case Operand.SignatureRef s -> "signature " + s.name();
            case Operand.ArgumentList a -> "argument list";
        };
    }

    private void instruction(String owner, Instruction insn) {
        String name = HsailPrinter.mnemonic(insn);
        SourcePosition p = insn.position();
        String shape = shape(insn);
        if (insn.operandCount() != shape.length()) {
            error(p, "'" + name + "' takes " + shape.length() + " operand" + (shape.length() == 1 ? "" : "s")
                    + ", found " + insn.operandCount());
            return;
        }
        if (!types(insn, name)) {
            return;
        }
        modifiers(insn, name);
        for (int i = 0; i < shape.length(); i++) {
            operand(insn, name, i, shape.charAt(i));
        }
        segments(owner, insn, name);
        if (insn.opcode() == Opcode.CALL || insn.opcode() == Opcode.SCALL || insn.opcode() == Opcode.ICALL) {
            call(insn, name);
        }
    }

    private boolean types(Instruction insn, String name) {
        Set<DataType> allowed = TypeRules.allowedTypes(insn);
        if (!allowed.contains(insn.type())) {
            error(insn.position(), "'" + name + "' is not valid: " + insn.opcode().hsailName() + " takes type "
                    + list(allowed) + ", found " + (insn.type() == DataType.NONE ? "none" : insn.type().hsailName()));
            return false;
        }
        Set<DataType> sources = TypeRules.allowedSourceTypes(insn);
        if (sources != null && !sources.contains(insn.sourceType())) {
            error(insn.position(), "'" + name + "' is not valid: the source type of " + insn.opcode().hsailName()
                    + " must be " + list(sources) + ", found " + insn.sourceType().hsailName());
            return false;
        }
        baseProfileType(insn.type(), insn.position(), "'" + name + "'");
        baseProfileType(insn.sourceType(), insn.position(), "'" + name + "'");
        if (insn.opcode() == Opcode.CVT && cvtSameKind(insn.type(), insn.sourceType())) {
            error(insn.position(), "'" + name + "' converts nothing: use mov for " + insn.sourceType().hsailName()
                    + " to " + insn.type().hsailName());
            return false;
        }
        return true;
    }

    private static boolean cvtSameKind(DataType d, DataType s) {
        return d == s || (d.isInteger() && s.isInteger() && d.bits() == s.bits());
    }

    private static String list(Set<DataType> types) {
        List<String> names = types.stream().filter(t -> t != DataType.NONE).map(DataType::hsailName).toList();
        if (names.size() > 12) {
            return names.subList(0, 12).stream().collect(Collectors.joining(", ")) + ", ...";
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private void modifiers(Instruction insn, String name) {
        var m = insn.modifiers();
        DataType t = insn.opcode() == Opcode.CVT || insn.opcode() == Opcode.CMP ? insn.sourceType() : insn.type();
        boolean floating = t.isFloatingPoint() || (insn.opcode() == Opcode.CVT && insn.type().isFloat());
        if (m.ftz() && !t.isFloatingPoint()) {
            error(insn.position(), "'" + name + "': _ftz is only allowed on floating-point operations");
        }
        if (m.rounding() != Rounding.DEFAULT) {
            if (m.rounding().isFloatRounding() && !floating) {
                error(insn.position(), "'" + name + "': rounding _" + m.rounding().hsailName()
                        + " is only allowed on floating-point operations");
            } else if (m.rounding().isIntegerRounding() && !(insn.sourceType().isFloat() && insn.type().isInteger())) {
                error(insn.position(), "'" + name + "': integer rounding _" + m.rounding().hsailName()
                        + " is only allowed converting a float to an integer");
            } else if (module.profile() == Module.Profile.BASE && m.rounding().isFloatRounding()) {
                error(insn.position(), "'" + name + "': the base profile does not allow a rounding modifier");
            }
        }
        boolean packedOp = insn.type().isPacked() && switch (insn.opcode()) {
            case ADD, SUB, MUL, DIV, MAX, MIN, MULHI, ABS, NEG, CEIL, FLOOR, FRACT, RINT, SQRT, TRUNC, COPYSIGN,
                 CMP -> true;
            default -> false;
        } || (insn.opcode() == Opcode.CMP && insn.sourceType().isPacked());
        if (packedOp && m.packing() == Packing.NONE) {
            error(insn.position(), "'" + name + "': packed type " + (insn.opcode() == Opcode.CMP
                    ? insn.sourceType() : insn.type()).hsailName() + " needs a packing control such as _pp");
        } else if (!packedOp && m.packing() != Packing.NONE) {
            error(insn.position(), "'" + name + "': packing control _" + m.packing().hsailName()
                    + " is only allowed with a packed type");
        } else if (packedOp) {
            int sources = switch (insn.opcode()) {
                case ABS, NEG, CEIL, FLOOR, FRACT, RINT, SQRT, TRUNC -> 1;
                default -> 2;
            };
            if (m.packing().sourceCount() != sources) {
                error(insn.position(), "'" + name + "': packing control _" + m.packing().hsailName() + " does not fit an"
                        + " instruction with " + sources + " source" + (sources == 1 ? " (use _p or _s)"
                        : "s (use _pp, _ps, _sp or _ss)"));
            }
            if (m.packing().isSaturating() && t.isFloatingPoint()) {
                error(insn.position(), "'" + name + "': saturation is not allowed on floating-point packed types");
            }
        }
        if (module.profile() == Module.Profile.BASE && !m.ftz() && floatArithmetic(insn)) {
            error(insn.position(), "'" + name + "': the base profile requires _ftz on floating-point operations");
        }
    }

    private static boolean floatArithmetic(Instruction insn) {
        return switch (insn.opcode()) {
            case ADD, SUB, MUL, DIV, MAX, MIN, FMA, MAD, FRACT, SQRT, CEIL, FLOOR, RINT, TRUNC -> insn.type()
                    .isFloatingPoint();
            case CVT -> insn.sourceType().isFloat();
            case CMP -> insn.sourceType().isFloatingPoint();
            default -> false;
        };
    }

    private void operand(Instruction insn, String name, int index, char kind) {
        Operand o = insn.operand(index);
        String which = "operand " + (index + 1) + " of '" + name + "'";
        DataType t = OperandRules.operandType(insn, index);
        boolean ok = switch (kind) {
            case 'd' -> o instanceof Operand.Register || (o instanceof Operand.VectorOperand v
                    && v.elements().stream().allMatch(e -> e instanceof Operand.Register));
            case 's' -> o instanceof Operand.Register || o instanceof Operand.Immediate || o instanceof Operand.WaveSize
                    || (o instanceof Operand.VectorOperand && insn.opcode() == Opcode.ST);
            case 'i' -> o instanceof Operand.Immediate;
            case 'v' -> o instanceof Operand.VectorOperand;
            case 'a' -> o instanceof Operand.Address;
            case 'l' -> o instanceof Operand.LabelRef;
            case 'L' -> o instanceof Operand.LabelList;
            case 'f' -> o instanceof Operand.FunctionRef;
            case 'F' -> o instanceof Operand.FunctionList;
            case 'g' -> o instanceof Operand.SignatureRef;
            default -> o instanceof Operand.ArgumentList;
        };
        if (!ok) {
            error(insn.position(), which + " must be " + kindWord(kind) + ", found " + describe(o));
            return;
        }
        if (kind == 'd' && o instanceof Operand.VectorOperand v) {
            long distinct = v.elements().stream().distinct().count();
            if (distinct != v.elements().size()) {
                error(insn.position(), which + ": a destination vector must not repeat a register");
            }
        }
        value(insn, which, o, t);
        if (kind == 'i' && o instanceof Operand.Immediate imm) {
            long max = switch (insn.opcode()) {
                case UNPACKCVT -> 3;
                case SHUFFLE -> Long.MAX_VALUE;
                default -> 2;
            };
            if (imm.bits() < 0 || imm.bits() > max) {
                error(insn.position(), which + " must be a constant from 0 to " + max + ", found " + imm.bits());
            }
        }
    }

    /** Register class and constant type of a value operand (or each element of a vector). */
    private void value(Instruction insn, String which, Operand o, DataType t) {
        if (t == DataType.NONE) {
            return;
        }
        switch (o) {
            case Operand.Register r -> {
                RegisterClass want = t.registerClass();
                if (r.registerClass() != want) {
                    error(insn.position(), which + ": expected a $" + want.letter() + " register for type "
                            + t.hsailName() + ", found " + r);
                }
            }
            case Operand.Immediate imm -> {
                if (imm.type().bits() != t.bits()) {
                    error(insn.position(), which + ": constant of type " + imm.type().hsailName() + " does not fit the "
                            + t.bits() + "-bit " + t.hsailName() + " operand");
                }
            }
            case Operand.WaveSize w -> {
                if (!(t.isInteger() || t.isBit())) {
                    error(insn.position(), which + ": WAVESIZE is only allowed for integer and bit types, not "
                            + t.hsailName());
                }
            }
            case Operand.VectorOperand v -> v.elements().forEach(e -> value(insn, which, e, t));
            default -> {
            }
        }
    }

    private void segments(String owner, Instruction insn, String name) {
        Segment seg = insn.modifiers().segment();
        Opcode op = insn.opcode();
        if (op == Opcode.ST && (seg == Segment.KERNARG || seg == Segment.READONLY)) {
            error(insn.position(), "'" + name + "' cannot store to the " + seg.hsailName() + " segment: it is"
                    + " read-only for kernels");
        }
        if ((op == Opcode.ATOMIC || op == Opcode.ATOMICNORET)
                && !(seg == Segment.FLAT || seg == Segment.GLOBAL || seg == Segment.GROUP)) {
            error(insn.position(), "'" + name + "': atomic operations are only allowed on flat, global and group"
                    + " addresses, not " + seg.hsailName());
        }
        if (op == Opcode.LDA && (seg == Segment.ARG || seg == Segment.SPILL)) {
            error(insn.position(), "'" + name + "': lda cannot take the address of a " + seg.hsailName()
                    + " variable");
        }
        if (op == Opcode.SEGMENTP && !(seg == Segment.GLOBAL || seg == Segment.GROUP || seg == Segment.PRIVATE)) {
            error(insn.position(), "'" + name + "': segmentp checks the global, group or private segment, not "
                    + seg.hsailName());
        }
        if ((op == Opcode.FTOS || op == Opcode.STOF) && !(seg == Segment.GROUP || seg == Segment.PRIVATE)) {
            error(insn.position(), "'" + name + "': segment conversion needs the group or private segment, not "
                    + seg.hsailName());
        }
        if ((op == Opcode.LDA || op == Opcode.NULLPTR || op == Opcode.STOF) && insn.operandCount() > 0) {
            DataType want = addressType(op == Opcode.STOF ? Segment.FLAT : seg);
            if (insn.type() != want) {
                error(insn.position(), "'" + name + "': a " + (seg == Segment.FLAT || op == Opcode.STOF ? "flat"
                        : seg.hsailName()) + " address is " + want.hsailName() + " in the large model, found type "
                        + insn.type().hsailName());
            }
        }
        for (Operand o : insn.operands()) {
            if (o instanceof Operand.Address a) {
                address(owner, insn, name, seg, a);
            }
        }
    }

    private DataType addressType(Segment seg) {
        return switch (seg) {
            case GROUP, PRIVATE, SPILL, ARG -> DataType.U32;
            default -> module.machineModel().addressType();
        };
    }

    private void address(String owner, Instruction insn, String name, Segment seg, Operand.Address a) {
        if (a.symbol() != null) {
            Variable v = a.symbol();
            if (seg == Segment.FLAT) {
                error(insn.position(), "'" + name + "' uses a flat address, which cannot name a variable: "
                        + v.name() + " is in the " + v.segment().hsailName() + " segment (write '"
                        + insn.opcode().hsailName() + "_" + v.segment().hsailName() + "_...')");
            } else if (v.segment() != seg) {
                error(insn.position(), "'" + name + "' addresses the " + seg.hsailName() + " segment but "
                        + v.name() + " is a " + v.segment().hsailName() + " variable");
            }
        }
        if (a.base() != null) {
            DataType at = addressType(seg);
            RegisterClass want = at.registerClass();
            if (a.base().registerClass() != want) {
                error(insn.position(), "'" + name + "': " + (seg == Segment.FLAT ? "flat" : seg.hsailName())
                        + " addresses are " + at.bits() + "-bit, so the address register must be a $" + want.letter()
                        + " register, found " + a.base());
            }
        }
    }

    private void call(Instruction insn, String name) {
        List<Variable> outs = ((Operand.ArgumentList) insn.operand(1)).variables();
        List<Variable> ins = ((Operand.ArgumentList) insn.operand(2)).variables();
        List<String> targets = switch (insn.operand(insn.opcode() == Opcode.CALL ? 0 : 3)) {
            case Operand.FunctionRef f -> List.of(f.name());
            case Operand.FunctionList fs -> fs.functions().stream().map(Operand.FunctionRef::name).toList();
            case Operand.SignatureRef s -> List.of(s.name());
            default -> List.of();
        };
        for (String target : targets) {
            List<Variable> formalOuts;
            List<Variable> formalIns;
            Function f = module.function(target);
            if (f != null) {
                formalOuts = f.outputs();
                formalIns = f.inputs();
            } else if (module.signature(target) != null) {
                formalOuts = module.signature(target).outputs();
                formalIns = module.signature(target).inputs();
            } else {
                error(insn.position(), "'" + name + "': undefined function " + target);
                continue;
            }
            matchArguments(insn, name, target, "output", outs, formalOuts);
            matchArguments(insn, name, target, "input", ins, formalIns);
        }
    }

    private void matchArguments(Instruction insn, String name, String target, String which, List<Variable> actual,
                                List<Variable> formal) {
        boolean variadic = !formal.isEmpty() && formal.getLast().dimension() == Variable.FLEXIBLE;
        if (actual.size() != formal.size()) {
            error(insn.position(), "'" + name + "' passes " + actual.size() + " " + which + " argument"
                    + (actual.size() == 1 ? "" : "s") + " but " + target + " takes " + formal.size());
            return;
        }
        for (int i = 0; i < actual.size(); i++) {
            Variable a = actual.get(i);
            Variable f = formal.get(i);
            boolean flexible = variadic && i == formal.size() - 1;
            if (a.type() != f.type() || (!flexible && a.dimension() != f.dimension())) {
                error(insn.position(), "'" + name + "': " + which + " argument " + a.name() + " is "
                        + a.type().hsailName() + dims(a) + " but " + target + " expects " + f.type().hsailName()
                        + dims(f));
            }
        }
    }

    private static String dims(Variable v) {
        return v.dimension() == 0 ? "" : v.dimension() == Variable.FLEXIBLE ? "[]" : "[" + v.dimension() + "]";
    }
}
