package org.hsaj.hsail.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hsaj.hsail.analysis.Diagnostic;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.ControlDirectives;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.FrameLayout;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Initializer;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Linkage;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.ModuleStatement;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.OperandRules;
import org.hsaj.hsail.ir.RegisterClass;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.Signature;
import org.hsaj.hsail.ir.SourcePosition;
import org.hsaj.hsail.ir.Variable;

/**
 * Recursive-descent parser of HSAIL text (PRM 1.0 grammar, chapter 19) that builds the IR directly,
 * resolving names and laying out frames as it goes. Errors are collected, not thrown: after a bad
 * statement the parser skips to the next ';' and goes on, so one run reports many problems.
 */
final class Parser {
    private static final Set<String> CONTROL_DIRECTIVES = Set.of("enablebreakexceptions", "enabledetectexceptions",
            "maxdynamicgroupsize", "maxflatgridsize", "maxflatworkgroupsize", "requireddim", "requiredgridsize",
            "requiredworkgroupsize", "requirenopartialworkgroups");
    private static final Set<String> VARIABLE_SEGMENTS = Set.of("global", "readonly", "group", "private", "spill",
            "arg", "kernarg");

    /** The largest initialized variable: its whole image (the initializer, then zeros) is kept in memory. */
    static final long MAX_INITIALIZED_BYTES = 1L << 30;

    /** A statement that cannot be parsed; reported, then the parser resynchronises. */
    private static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient SourcePosition position;

        SyntaxError(SourcePosition position, String message) {
            super(message, null, false, false);
            this.position = position;
        }
    }

    private final List<Token> tokens;
    private final List<Diagnostic> diagnostics;
    private int p;

    private String moduleName = "&module";
    private int major = 1;
    private int minor = 0;
    private Module.Profile profile = Module.Profile.FULL;
    private Module.MachineModel machineModel = Module.MachineModel.LARGE;
    private Module.FloatRoundingMode rounding = Module.FloatRoundingMode.DEFAULT;
    private final List<String> extensions = new ArrayList<>();
    private final List<ModuleStatement> statements = new ArrayList<>();
    /** Module-scope names: every declaration and definition of each. */
    private final Map<String, List<ModuleStatement>> moduleScope = new HashMap<>();
    private CodeBuilder code;

    Parser(List<Token> tokens, List<Diagnostic> diagnostics) {
        this.tokens = tokens;
        this.diagnostics = diagnostics;
    }

    // ---- token helpers ----------------------------------------------------------------------

    private Token peek() {
        return tokens.get(p);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(p);
        if (t.kind() != Token.Kind.EOF) {
            p++;
        }
        return t;
    }

    private boolean at(Token.Kind k) {
        return peek().kind() == k;
    }

    private boolean atWord(String w) {
        return peek().isWord(w);
    }

    private boolean accept(Token.Kind k) {
        if (at(k)) {
            next();
            return true;
        }
        return false;
    }

    private Token expect(Token.Kind k, String what) {
        if (!at(k)) {
            throw new SyntaxError(peek().position(), "expected " + what + ", found " + peek().describe());
        }
        return next();
    }

    private void expectWord(String w, String what) {
        if (!atWord(w)) {
            throw new SyntaxError(peek().position(), "expected " + what + ", found " + peek().describe());
        }
        next();
    }

    private void error(SourcePosition pos, String message) {
        diagnostics.add(Diagnostic.error(pos, message));
    }

    /** Skips to just after the next ';' outside braces, or to a '}' that closes the current block. */
    private void synchronize(boolean topLevel) {
        int depth = 0;
        while (!at(Token.Kind.EOF)) {
            Token t = peek();
            if (t.is(Token.Kind.LBRACE)) {
                depth++;
            } else if (t.is(Token.Kind.RBRACE)) {
                if (depth == 0 && !topLevel) {
                    return;
                }
                depth = Math.max(0, depth - 1);
            } else if (t.is(Token.Kind.SEMICOLON) && depth == 0) {
                next();
                return;
            }
            next();
        }
    }

    // ---- module -----------------------------------------------------------------------------

    Module parseModule() {
        while (atWord("pragma") || atWord("loc")) {
            try {
                skipAnnotation();
            } catch (SyntaxError e) {
                error(e.position, e.getMessage());
                synchronize(true);
            }
        }
        if (atWord("module")) {
            try {
                header();
            } catch (SyntaxError e) {
                error(e.position, e.getMessage());
                synchronize(true);
            }
        } else {
            error(peek().position(), "missing module header: expected 'module &name:1:0:$full:$large:$default;' before "
                    + peek().describe());
        }
        while (!at(Token.Kind.EOF)) {
            try {
                topLevelStatement();
            } catch (SyntaxError e) {
                error(e.position, e.getMessage());
                code = null;
                synchronize(true);
            }
        }
        return new Module(moduleName, major, minor, profile, machineModel, rounding, extensions, statements);
    }

    private void header() {
        next();
        moduleName = expect(Token.Kind.GLOBAL_ID, "the module name (&name) after 'module'").text();
        expect(Token.Kind.COLON, "':' after the module name");
        Token maj = expect(Token.Kind.INTEGER, "the major version number");
        expect(Token.Kind.COLON, "':' after the major version");
        Token min = expect(Token.Kind.INTEGER, "the minor version number");
        major = (int) maj.value();
        minor = (int) min.value();
        if (major != 1 || minor != 0) {
            error(maj.position(), "unsupported HSAIL version " + maj.text() + ":" + min.text()
                    + ": this finalizer reads version 1:0");
        }
        expect(Token.Kind.COLON, "':' after the minor version");
        Token prof = expect(Token.Kind.DOLLAR_WORD, "a profile ($full or $base)");
        switch (prof.text()) {
            case "$full" -> profile = Module.Profile.FULL;
            case "$base" -> profile = Module.Profile.BASE;
            default -> throw new SyntaxError(prof.position(), "expected a profile ($full or $base), found "
                    + prof.describe());
        }
        expect(Token.Kind.COLON, "':' after the profile");
        Token model = expect(Token.Kind.DOLLAR_WORD, "a machine model ($large or $small)");
        switch (model.text()) {
            case "$large" -> machineModel = Module.MachineModel.LARGE;
            case "$small" -> machineModel = Module.MachineModel.SMALL;
            default -> throw new SyntaxError(model.position(), "expected a machine model ($large or $small), found "
                    + model.describe());
        }
        expect(Token.Kind.COLON, "':' after the machine model");
        Token round = expect(Token.Kind.DOLLAR_WORD, "a default float rounding ($default, $near or $zero)");
        switch (round.text()) {
            case "$default" -> rounding = Module.FloatRoundingMode.DEFAULT;
            case "$near" -> rounding = Module.FloatRoundingMode.NEAR;
            case "$zero" -> rounding = Module.FloatRoundingMode.ZERO;
            default -> throw new SyntaxError(round.position(), "expected a default float rounding ($default, $near or"
                    + " $zero), found " + round.describe());
        }
        expect(Token.Kind.SEMICOLON, "';' after the module header");
    }

    private void topLevelStatement() {
        Token t = peek();
        if (t.isWord("module")) {
            throw new SyntaxError(t.position(), "a module has one header: found a second 'module'");
        }
        if (t.isWord("extension")) {
            next();
            extensions.add(expect(Token.Kind.STRING, "the extension name as a string").text());
            expect(Token.Kind.SEMICOLON, "';' after the extension");
            return;
        }
        if (t.isWord("pragma") || t.isWord("loc")) {
            skipAnnotation();
            return;
        }
        boolean decl = false;
        if (atWord("decl")) {
            next();
            decl = true;
        }
        Linkage linkage = Linkage.MODULE;
        if (atWord("prog")) {
            next();
            linkage = Linkage.PROGRAM;
        }
        Token k = peek();
        if (k.isWord("kernel")) {
            kernel(decl, linkage);
        } else if (k.isWord("function") || k.isWord("indirect")) {
            function(decl, linkage);
        } else if (k.isWord("signature")) {
            if (decl || linkage == Linkage.PROGRAM) {
                throw new SyntaxError(k.position(), "a signature takes neither 'decl' nor 'prog'");
            }
            signature();
        } else if (k.isWord("fbarrier")) {
            throw new SyntaxError(k.position(), "unsupported feature: fbarrier (fine-grain barriers) is not supported"
                    + " by this finalizer");
        } else if (k.is(Token.Kind.WORD) && isVariableStart(k)) {
            Variable v = variable(decl, linkage, false);
            registerModule(v);
        } else {
            throw new SyntaxError(k.position(), "expected a kernel, function, signature or variable at module level,"
                    + " found " + k.describe());
        }
    }

    private void skipAnnotation() {
        next();
        while (!at(Token.Kind.SEMICOLON) && !at(Token.Kind.EOF) && !at(Token.Kind.RBRACE)) {
            next();
        }
        expect(Token.Kind.SEMICOLON, "';' after the directive");
    }

    /** Adds a module statement, checking it against earlier ones of the same name. */
    private void registerModule(ModuleStatement s) {
        List<ModuleStatement> same = moduleScope.computeIfAbsent(s.name(), n -> new ArrayList<>());
        for (ModuleStatement old : same) {
            if (old.getClass() != s.getClass()) {
                error(s.position(), s.name() + " is already declared as a " + kindName(old) + " at " + old.position());
                return;
            }
            if (isDefinition(old) && isDefinition(s)) {
                error(s.position(), "duplicate definition of " + s.name() + " (first defined at " + old.position()
                        + ")");
                return;
            }
        }
        same.add(s);
        statements.add(s);
    }

    private static boolean isDefinition(ModuleStatement s) {
        return switch (s) {
            case Variable v -> v.isDefinition();
            case Kernel k -> k.isDefinition();
            case Function f -> f.isDefinition();
            case Signature sig -> true;
        };
    }

    private static String kindName(ModuleStatement s) {
        return switch (s) {
            case Variable v -> "variable";
            case Kernel k -> "kernel";
            case Function f -> "function";
            case Signature sig -> "signature";
        };
    }

    // ---- variables --------------------------------------------------------------------------

    private boolean isVariableStart(Token t) {
        String w = t.text();
        if (w.equals("align") || w.equals("const") || w.equals("alloc")) {
            return true;
        }
        int u = w.indexOf('_');
        return u > 0 && VARIABLE_SEGMENTS.contains(w.substring(0, u));
    }

    private record Qualifiers(int align, boolean isConst, boolean allocAgent) {
    }

    private Qualifiers qualifiers() {
        int align = 0;
        boolean isConst = false;
        boolean alloc = false;
        while (true) {
            if (atWord("align")) {
                Token a = next();
                expect(Token.Kind.LPAREN, "'(' after 'align'");
                Token n = expect(Token.Kind.INTEGER, "the alignment in bytes");
                expect(Token.Kind.RPAREN, "')' after the alignment");
                if (n.value() < 1 || n.value() > 256 || Long.bitCount(n.value()) != 1) {
                    throw new SyntaxError(n.position(), "bad alignment: expected 1, 2, 4, 8, 16, 32, 64, 128 or 256,"
                            + " found " + n.text());
                }
                if (align != 0) {
                    throw new SyntaxError(a.position(), "'align' is given twice");
                }
                align = (int) n.value();
            } else if (atWord("const")) {
                next();
                isConst = true;
            } else if (atWord("alloc")) {
                next();
                expect(Token.Kind.LPAREN, "'(' after 'alloc'");
                Token kind = expect(Token.Kind.WORD, "'agent' in alloc(agent)");
                if (!kind.text().equals("agent")) {
                    throw new SyntaxError(kind.position(), "expected 'agent' in alloc(...), found " + kind.describe());
                }
                expect(Token.Kind.RPAREN, "')' after 'agent'");
                alloc = true;
            } else {
                return new Qualifiers(align, isConst, alloc);
            }
        }
    }

    /** {@code segment_type} words: returns {segment, type} or throws. */
    private Object[] segmentAndType(Token w, String what) {
        String text = w.text();
        int u = text.indexOf('_');
        Segment seg = null;
        if (u > 0) {
            for (Segment s : Segment.values()) {
                if (s != Segment.FLAT && s.hsailName().equals(text.substring(0, u))) {
                    seg = s;
                }
            }
        }
        if (seg == null) {
            throw new SyntaxError(w.position(), "expected " + what + " such as 'global_u32', found " + w.describe());
        }
        DataType t = DataType.fromHsailName(text.substring(u + 1));
        if (t == null) {
            throw new SyntaxError(w.position(), "expected a type after '" + seg.hsailName() + "_' in " + w.describe());
        }
        if (t == DataType.B1) {
            throw new SyntaxError(w.position(), "variables cannot have type b1");
        }
        return new Object[] {seg, t};
    }

    /**
     * Parses a variable declaration or definition, module level ({@code inCode == false}) or in a code
     * or arg block. Code block variables are placed by the current {@link CodeBuilder}.
     */
    private Variable variable(boolean decl, Linkage linkage, boolean inCode) {
        SourcePosition start = peek().position();
        Qualifiers q = qualifiers();
        Token w = expect(Token.Kind.WORD, "a segment and type such as 'global_u32'");
        Object[] st = segmentAndType(w, "a segment and type");
        Segment seg = (Segment) st[0];
        DataType type = (DataType) st[1];
        Token name = next();
        if (!name.is(Token.Kind.GLOBAL_ID) && !name.is(Token.Kind.LOCAL_ID)) {
            throw new SyntaxError(name.position(), "expected the variable name (&name or %name), found "
                    + name.describe());
        }
        if (!inCode && name.is(Token.Kind.LOCAL_ID)) {
            throw new SyntaxError(name.position(), "module variables are named with '&', found " + name.describe());
        }
        if (seg == Segment.KERNARG) {
            throw new SyntaxError(w.position(), "kernarg variables can only be kernel formal arguments");
        }
        if (!inCode && (seg == Segment.SPILL || seg == Segment.ARG)) {
            throw new SyntaxError(w.position(), seg.hsailName() + " variables can only be defined in a code block");
        }
        if (inCode && seg == Segment.GROUP && !code.inKernel()) {
            // Reported, but still defined, so that its uses do not cascade into "undefined variable".
            error(w.position(), "unsupported feature: group variables in functions (an experimental HSAIL feature)"
                    + " are not supported by this finalizer; define them in the kernel");
        }
        if (!inCode && (seg == Segment.GROUP || seg == Segment.PRIVATE)) {
            // Reported, but still declared, so that its uses do not cascade into "undefined variable".
            error(w.position(), "unsupported feature: module-scope " + seg.hsailName()
                    + " variables (an experimental HSAIL feature) are not supported by this finalizer");
        }
        long dim = dimension();
        if (dim != Variable.FLEXIBLE && (dim < 0 || dim > Long.MAX_VALUE / type.bytes())) {
            throw new SyntaxError(name.position(), "unsupported feature: array " + name.text() + " of "
                    + Long.toUnsignedString(dim) + " elements does not fit a 64-bit address space");
        }
        Optional<Initializer> init = Optional.empty();
        if (accept(Token.Kind.EQUALS)) {
            Token eq = tokens.get(p - 1);
            Constant c = constant(true);
            if (decl) {
                throw new SyntaxError(eq.position(), "a declaration (decl) cannot have an initializer");
            }
            if (seg != Segment.GLOBAL && seg != Segment.READONLY) {
                throw new SyntaxError(eq.position(), "only global and readonly variables can have an initializer, "
                        + name.text() + " is " + seg.hsailName());
            }
            try {
                byte[] bytes = ConstantConversion.initializerBytes(c, type);
                if (bytes.length % type.bytes() != 0) {
                    throw new SyntaxError(c.position(), "initializer of " + name.text() + " is " + bytes.length
                            + " bytes, not a multiple of the " + type.bytes() + "-byte " + type.hsailName());
                }
                long elements = bytes.length / type.bytes();
                if (dim == Variable.FLEXIBLE) {
                    dim = elements;
                } else if (elements > Math.max(1, dim)) {
                    throw new SyntaxError(c.position(), "initializer of " + name.text() + " has " + elements
                            + " elements but the variable has " + Math.max(1, dim));
                } else if (dim == 0 && elements == 0) {
                    throw new SyntaxError(c.position(), "empty initializer for " + name.text());
                }
                long imageBytes = type.bytes() * Math.max(1, dim);
                if (imageBytes > MAX_INITIALIZED_BYTES) {
                    throw new SyntaxError(name.position(), "unsupported feature: initialized array " + name.text()
                            + " of " + imageBytes + " bytes: this finalizer keeps the image of an initialized variable"
                            + " in memory, up to " + MAX_INITIALIZED_BYTES + " bytes");
                }
                byte[] full = new byte[(int) imageBytes];
                System.arraycopy(bytes, 0, full, 0, bytes.length);
                init = Optional.of(new Initializer(full));
            } catch (ConstantConversion.Mismatch m) {
                throw new SyntaxError(c.position(), m.getMessage() + " (initializer of " + name.text() + ")");
            }
        }
        expect(Token.Kind.SEMICOLON, "';' after the variable " + name.text());
        if (q.isConst() && !decl && init.isEmpty() && (seg == Segment.GLOBAL || seg == Segment.READONLY)) {
            error(name.position(), "const variable " + name.text() + " must have an initializer");
        }
        if (q.isConst() && seg != Segment.GLOBAL && seg != Segment.READONLY) {
            error(start, "only global and readonly variables can be const, " + name.text() + " is "
                    + seg.hsailName());
        }
        if (dim == Variable.FLEXIBLE && !decl && (seg != Segment.GLOBAL && seg != Segment.READONLY || init.isEmpty())) {
            error(name.position(), "array " + name.text() + " needs a size: only declarations, and definitions with"
                    + " an initializer, may leave it empty");
        }
        int align = alignment(q.align(), type, start);
        Linkage l = inCode ? (code != null && code.inArgBlock() ? Linkage.ARG : Linkage.FUNCTION) : linkage;
        Variable v = new Variable(name.text(), seg, type, dim, align, q.isConst(), l, !decl, q.allocAgent(), init,
                Variable.UNALLOCATED, name.position());
        return inCode ? code.define(v) : v;
    }

    private int alignment(int requested, DataType type, SourcePosition where) {
        int natural = type.bytes();
        if (requested != 0 && requested < natural) {
            error(where, "align(" + requested + ") is less than the natural alignment " + natural + " of "
                    + type.hsailName());
        }
        return Math.max(requested, natural);
    }

    private long dimension() {
        if (!accept(Token.Kind.LBRACKET)) {
            return 0;
        }
        if (accept(Token.Kind.RBRACKET)) {
            return Variable.FLEXIBLE;
        }
        Token n = expect(Token.Kind.INTEGER, "the array size");
        if (n.value() == 0) {
            throw new SyntaxError(n.position(), "an array size must not be 0");
        }
        if (n.value() < 0) {
            throw new SyntaxError(n.position(), "unsupported feature: an array of " + Long.toUnsignedString(n.value())
                    + " elements does not fit a 64-bit address space");
        }
        expect(Token.Kind.RBRACKET, "']' after the array size");
        return n.value();
    }

    // ---- kernels, functions, signatures -------------------------------------------------------

    /** A formal argument: {@code [align(n)] kernarg_u32 %x[4]} (or arg_, name optional in signatures). */
    private Variable formal(Segment expected, boolean nameOptional, int index) {
        SourcePosition start = peek().position();
        Qualifiers q = qualifiers();
        if (q.isConst() || q.allocAgent()) {
            throw new SyntaxError(start, "formal arguments take only align(n)");
        }
        Token w = expect(Token.Kind.WORD, "a formal argument such as '" + expected.hsailName() + "_u32 %x'");
        Object[] st = segmentAndType(w, "a formal argument");
        if (st[0] != expected) {
            throw new SyntaxError(w.position(), "expected a " + expected.hsailName() + " formal argument, found "
                    + w.describe());
        }
        DataType type = (DataType) st[1];
        String name = "";
        SourcePosition pos = w.position();
        if (at(Token.Kind.LOCAL_ID)) {
            Token n = next();
            name = n.text();
            pos = n.position();
        } else if (!nameOptional) {
            throw new SyntaxError(peek().position(), "expected the argument name (%name), found " + peek().describe());
        }
        long dim = dimension();
        return new Variable(name, expected, type, dim, alignment(q.align(), type, start), expected == Segment.KERNARG,
                Linkage.NONE, true, false, Optional.empty(), Variable.UNALLOCATED, pos);
    }

    private List<Variable> formals(Segment seg, boolean nameOptional, String what) {
        expect(Token.Kind.LPAREN, "'(' to start the " + what);
        List<Variable> out = new ArrayList<>();
        if (!accept(Token.Kind.RPAREN)) {
            do {
                out.add(formal(seg, nameOptional, out.size()));
            } while (accept(Token.Kind.COMMA));
            expect(Token.Kind.RPAREN, "',' or ')' in the " + what);
        }
        return out;
    }

    private void kernel(boolean decl, Linkage linkage) {
        next();
        Token name = expect(Token.Kind.GLOBAL_ID, "the kernel name (&name)");
        List<Variable> params = formals(Segment.KERNARG, false, "kernel argument list");
        FrameLayout layout = new FrameLayout();
        List<Variable> placed = new ArrayList<>();
        for (Variable v : params) {
            if (v.dimension() == Variable.FLEXIBLE) {
                error(v.position(), "kernel argument " + v.name() + " needs an array size");
            }
            placed.add(layout.place(v.withLinkage(decl ? Linkage.NONE : Linkage.FUNCTION)));
        }
        long size = FrameLayout.alignUp(layout.size(), 16);
        int align = Math.max(16, layout.alignment());
        if (decl || at(Token.Kind.SEMICOLON)) {
            if (!decl) {
                error(name.position(), "kernel " + name.text() + " has no body: write 'decl' for a declaration");
            }
            expect(Token.Kind.SEMICOLON, "';' after the kernel declaration");
            registerModule(new Kernel(name.text(), linkage, placed, size, align, ControlDirectives.NONE,
                    Optional.empty(), name.position()));
            return;
        }
        code = new CodeBuilder(name.text(), true, diagnostics);
        placed.forEach(code::addFormal);
        ControlDirectives[] controls = {ControlDirectives.NONE};
        Body body = codeBlock(controls);
        code = null;
        registerModule(new Kernel(name.text(), linkage, placed, size, align, controls[0], Optional.of(body),
                name.position()));
    }

    private void function(boolean decl, Linkage linkage) {
        boolean indirect = false;
        if (atWord("indirect")) {
            next();
            indirect = true;
        }
        expectWord("function", "'function'");
        Token name = expect(Token.Kind.GLOBAL_ID, "the function name (&name)");
        List<Variable> outs = formals(Segment.ARG, false, "output argument list");
        List<Variable> ins = formals(Segment.ARG, false, "input argument list");
        if (outs.size() > 1) {
            error(outs.get(1).position(), "a function has at most one output argument");
        }
        Linkage argLinkage = decl ? Linkage.NONE : Linkage.FUNCTION;
        FrameLayout outFrame = new FrameLayout();
        FrameLayout inFrame = new FrameLayout();
        List<Variable> placedOuts = new ArrayList<>();
        List<Variable> placedIns = new ArrayList<>();
        for (Variable v : outs) {
            placedOuts.add(outFrame.place(v.withLinkage(argLinkage)));
        }
        for (int i = 0; i < ins.size(); i++) {
            Variable v = ins.get(i);
            if (v.dimension() == Variable.FLEXIBLE && i != ins.size() - 1) {
                error(v.position(), "only the last input argument may be an array without size");
            }
            placedIns.add(inFrame.place(v.withLinkage(argLinkage)));
        }
        if (decl || at(Token.Kind.SEMICOLON)) {
            if (!decl) {
                error(name.position(), "function " + name.text() + " has no body: write 'decl' for a declaration");
            }
            expect(Token.Kind.SEMICOLON, "';' after the function declaration");
            registerModule(new Function(name.text(), linkage, indirect, placedOuts, placedIns, outFrame.size(),
                    inFrame.size(), ControlDirectives.NONE, Optional.empty(), name.position()));
            return;
        }
        // Register before the body so that the function can call itself.
        Function declared = new Function(name.text(), linkage, indirect, placedOuts, placedIns, outFrame.size(),
                inFrame.size(), ControlDirectives.NONE, Optional.empty(), name.position());
        boolean wasKnown = moduleScope.containsKey(name.text());
        moduleScope.computeIfAbsent(name.text(), n -> new ArrayList<>());
        List<ModuleStatement> same = moduleScope.get(name.text());
        same.add(declared);
        code = new CodeBuilder(name.text(), false, diagnostics);
        placedOuts.forEach(code::addFormal);
        placedIns.forEach(code::addFormal);
        ControlDirectives[] controls = {ControlDirectives.NONE};
        Body body = codeBlock(controls);
        code = null;
        same.remove(declared);
        if (!wasKnown && same.isEmpty()) {
            moduleScope.remove(name.text());
        }
        registerModule(new Function(name.text(), linkage, indirect, placedOuts, placedIns, outFrame.size(),
                inFrame.size(), controls[0], Optional.of(body), name.position()));
    }

    private void signature() {
        next();
        Token name = expect(Token.Kind.GLOBAL_ID, "the signature name (&name)");
        List<Variable> outs = formals(Segment.ARG, true, "output argument list");
        List<Variable> ins = formals(Segment.ARG, true, "input argument list");
        expect(Token.Kind.SEMICOLON, "';' after the signature");
        FrameLayout outFrame = new FrameLayout();
        FrameLayout inFrame = new FrameLayout();
        registerModule(new Signature(name.text(), outs.stream().map(outFrame::place).toList(),
                ins.stream().map(inFrame::place).toList(), name.position()));
    }

    // ---- code blocks --------------------------------------------------------------------------

    private Body codeBlock(ControlDirectives[] controls) {
        expect(Token.Kind.LBRACE, "'{' to start the code block, or ';' for a declaration");
        while (!at(Token.Kind.RBRACE) && !at(Token.Kind.EOF)) {
            try {
                codeStatement(controls);
            } catch (SyntaxError e) {
                error(e.position, e.getMessage());
                synchronize(false);
                if (at(Token.Kind.RBRACE) && code.inArgBlock()) {
                    code.closeArgBlock(next().position());
                }
            }
        }
        expect(Token.Kind.RBRACE, "'}' to end the code block of " + code.owner());
        expect(Token.Kind.SEMICOLON, "';' after the code block of " + code.owner());
        return code.finish();
    }

    private void codeStatement(ControlDirectives[] controls) {
        Token t = peek();
        switch (t.kind()) {
            case LBRACE -> argBlock(controls);
            case LABEL_ID -> {
                next();
                expect(Token.Kind.COLON, "':' after the label " + t.text());
                code.label(t.text(), t.position());
            }
            case WORD -> {
                String w = t.text();
                if (w.equals("pragma") || w.equals("loc")) {
                    skipAnnotation();
                } else if (CONTROL_DIRECTIVES.contains(w)) {
                    controls[0] = control(controls[0]);
                } else if (w.equals("fbarrier")) {
                    throw new SyntaxError(t.position(), "unsupported feature: fbarrier (fine-grain barriers) is not"
                            + " supported by this finalizer");
                } else if (w.equals("decl") || w.equals("prog")) {
                    throw new SyntaxError(t.position(), "'" + w + "' is only allowed at module level");
                } else if (isVariableStart(t) && Mnemonic.opcodeOf(w) == null) {
                    variable(false, Linkage.FUNCTION, true);
                } else {
                    instruction();
                }
            }
            default -> throw new SyntaxError(t.position(), "expected an instruction, label, variable or directive in "
                    + code.owner() + ", found " + t.describe());
        }
    }

    private void argBlock(ControlDirectives[] controls) {
        Token open = next();
        code.openArgBlock(open.position());
        while (!at(Token.Kind.RBRACE) && !at(Token.Kind.EOF)) {
            if (at(Token.Kind.LBRACE)) {
                throw new SyntaxError(peek().position(), "arg blocks cannot be nested");
            }
            codeStatement(controls);
        }
        Token close = expect(Token.Kind.RBRACE, "'}' to end the arg block opened at " + open.position());
        code.closeArgBlock(close.position());
    }

    private ControlDirectives control(ControlDirectives c) {
        Token d = next();
        ControlDirectives r = switch (d.text()) {
            case "enablebreakexceptions" -> new ControlDirectives((int) controlValue(false, false),
                    c.enableDetectExceptions(), c.maxDynamicGroupSize(), c.maxFlatGridSize(), c.maxFlatWorkgroupSize(),
                    c.requiredDim(), c.requiredGridSize(), c.requiredWorkgroupSize(), c.requireNoPartialWorkgroups());
            case "enabledetectexceptions" -> new ControlDirectives(c.enableBreakExceptions(),
                    (int) controlValue(false, false), c.maxDynamicGroupSize(), c.maxFlatGridSize(),
                    c.maxFlatWorkgroupSize(), c.requiredDim(), c.requiredGridSize(), c.requiredWorkgroupSize(),
                    c.requireNoPartialWorkgroups());
            case "maxdynamicgroupsize" -> new ControlDirectives(c.enableBreakExceptions(), c.enableDetectExceptions(),
                    controlValue(false, false), c.maxFlatGridSize(), c.maxFlatWorkgroupSize(), c.requiredDim(),
                    c.requiredGridSize(), c.requiredWorkgroupSize(), c.requireNoPartialWorkgroups());
            case "maxflatgridsize" -> new ControlDirectives(c.enableBreakExceptions(), c.enableDetectExceptions(),
                    c.maxDynamicGroupSize(), controlValue(true, true), c.maxFlatWorkgroupSize(), c.requiredDim(),
                    c.requiredGridSize(), c.requiredWorkgroupSize(), c.requireNoPartialWorkgroups());
            case "maxflatworkgroupsize" -> new ControlDirectives(c.enableBreakExceptions(), c.enableDetectExceptions(),
                    c.maxDynamicGroupSize(), c.maxFlatGridSize(), controlValue(true, false), c.requiredDim(),
                    c.requiredGridSize(), c.requiredWorkgroupSize(), c.requireNoPartialWorkgroups());
            case "requireddim" -> {
                long dim = controlValue(false, false);
                if (dim < 1 || dim > 3) {
                    throw new SyntaxError(tokens.get(p - 1).position(), "requireddim must be 1, 2 or 3, found " + dim);
                }
                yield new ControlDirectives(c.enableBreakExceptions(), c.enableDetectExceptions(),
                        c.maxDynamicGroupSize(), c.maxFlatGridSize(), c.maxFlatWorkgroupSize(), (int) dim,
                        c.requiredGridSize(), c.requiredWorkgroupSize(), c.requireNoPartialWorkgroups());
            }
            case "requiredgridsize" -> new ControlDirectives(c.enableBreakExceptions(), c.enableDetectExceptions(),
                    c.maxDynamicGroupSize(), c.maxFlatGridSize(), c.maxFlatWorkgroupSize(), c.requiredDim(),
                    triple(true), c.requiredWorkgroupSize(), c.requireNoPartialWorkgroups());
            case "requiredworkgroupsize" -> new ControlDirectives(c.enableBreakExceptions(), c.enableDetectExceptions(),
                    c.maxDynamicGroupSize(), c.maxFlatGridSize(), c.maxFlatWorkgroupSize(), c.requiredDim(),
                    c.requiredGridSize(), triple(false), c.requireNoPartialWorkgroups());
            default -> new ControlDirectives(c.enableBreakExceptions(), c.enableDetectExceptions(),
                    c.maxDynamicGroupSize(), c.maxFlatGridSize(), c.maxFlatWorkgroupSize(), c.requiredDim(),
                    c.requiredGridSize(), c.requiredWorkgroupSize(), true);
        };
        expect(Token.Kind.SEMICOLON, "';' after " + d.text());
        return r;
    }

    /**
     * The operand of a control directive: a 32-bit unsigned value, or 64-bit where {@code wide} (grid
     * sizes); WAVESIZE where allowed, whose stand-in (all ones) a literal may therefore not spell.
     */
    private long controlValue(boolean wavesizeAllowed, boolean wide) {
        if (wavesizeAllowed && atWord("WAVESIZE")) {
            next();
            return ControlDirectives.WAVESIZE;
        }
        Token n = expect(Token.Kind.INTEGER, wavesizeAllowed ? "an integer or WAVESIZE" : "an integer");
        long v = n.value();
        if (!wide && (v >>> 32) != 0) {
            throw new SyntaxError(n.position(), "expected a 32-bit unsigned value, found " + Long.toUnsignedString(v));
        }
        if (wavesizeAllowed && v == ControlDirectives.WAVESIZE) {
            throw new SyntaxError(n.position(), "unsupported feature: the size " + Long.toUnsignedString(v)
                    + " (2^64 - 1) is not supported by this finalizer");
        }
        return v;
    }

    private List<Long> triple(boolean wide) {
        List<Long> out = new ArrayList<>();
        out.add(controlValue(true, wide));
        expect(Token.Kind.COMMA, "',' between the three sizes");
        out.add(controlValue(true, wide));
        expect(Token.Kind.COMMA, "',' between the three sizes");
        out.add(controlValue(true, wide));
        return out;
    }

    // ---- instructions -------------------------------------------------------------------------

    private void instruction() {
        Token w = next();
        Opcode first = Mnemonic.opcodeOf(w.text());
        if (first != null && Mnemonic.isUnsupported(first)) {
            throw new SyntaxError(w.position(), "unsupported feature: '" + first.hsailName() + "' ("
                    + (first.name().contains("IMAGE") || first.name().contains("SAMPLER")
                    ? "images" : "fine-grain barriers") + ") is not supported by this finalizer");
        }
        Mnemonic m;
        try {
            m = Mnemonic.decode(w.text());
        } catch (Mnemonic.BadMnemonic e) {
            throw new SyntaxError(w.position(), e.getMessage());
        }
        Opcode op = m.opcode();
        List<WrittenOperand> written = new ArrayList<>();
        if (op == Opcode.RET || op == Opcode.NOP || op == Opcode.BARRIER || op == Opcode.WAVEBARRIER
                || op == Opcode.MEMFENCE) {
            expect(Token.Kind.SEMICOLON, "';' after '" + w.text() + "'");
            code.add(new Instruction(op, m.modifiers(), m.type(), m.sourceType(), List.of(), w.position()));
            return;
        }
        if (op == Opcode.CALL || op == Opcode.SCALL || op == Opcode.ICALL) {
            if (!code.inArgBlock()) {
                throw new SyntaxError(w.position(), "'" + op.hsailName() + "' must be inside an arg block { ... }"
                        + " that defines its arguments");
            }
            callOperands(op, written);
        } else if (op == Opcode.SBR) {
            // sbr_u32 $s1 [@a, @b]: the label list follows the selector without a comma.
            written.add(operand());
            accept(Token.Kind.COMMA);
            written.add(operand());
        } else if (!at(Token.Kind.SEMICOLON)) {
            do {
                written.add(operand());
            } while (accept(Token.Kind.COMMA));
        }
        expect(Token.Kind.SEMICOLON, "';' after the operands of '" + w.text() + "'");
        Instruction proto = new Instruction(op, m.modifiers(), m.type(), m.sourceType(), List.of(), w.position());
        List<Operand> ops = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < written.size(); i++) {
            WrittenOperand wo = written.get(i);
            checkVector(m, w.text(), i, wo);
            Operand o = resolve(wo, OperandRules.operandType(proto, i), proto);
            if (o == null) {
                ok = false;
            } else {
                ops.add(o);
            }
        }
        if (ok) {
            code.add(proto.withOperands(ops));
        }
    }

    /** Checks that _vN on ld/st/combine/expand/activelanemask matches the vector operand. */
    private void checkVector(Mnemonic m, String word, int index, WrittenOperand wo) {
        int vectorIndex = switch (m.opcode()) {
            case LD, ST, EXPAND, ACTIVELANEMASK -> 0;
            case COMBINE -> 1;
            default -> -1;
        };
        if (index != vectorIndex) {
            if (wo instanceof WrittenOperand.Vector v && !(m.opcode() == Opcode.ST && index == 0)) {
                throw new SyntaxError(v.position(), "'" + word + "' does not take a vector operand here");
            }
            return;
        }
        if (m.vectorSize() == 0) {
            if (wo instanceof WrittenOperand.Vector v) {
                throw new SyntaxError(v.position(), "vector operand of " + v.elements().size() + " elements needs a '_v"
                        + v.elements().size() + "' modifier on '" + word + "'");
            }
            return;
        }
        if (!(wo instanceof WrittenOperand.Vector v) || v.elements().size() != m.vectorSize()) {
            throw new SyntaxError(wo.position(), "'" + word + "' needs a vector operand of " + m.vectorSize()
                    + " elements such as (" + "$s0, $s1, $s2, $s3".substring(0, 5 * m.vectorSize() - 2) + ")");
        }
    }

    private void callOperands(Opcode op, List<WrittenOperand> out) {
        if (op == Opcode.CALL) {
            Token f = expect(Token.Kind.GLOBAL_ID, "the function to call (&name)");
            out.add(new WrittenOperand.Ident(f));
        } else {
            out.add(operand());
        }
        out.add(callArguments("output"));
        out.add(callArguments("input"));
        if (op == Opcode.SCALL) {
            Token open = expect(Token.Kind.LBRACKET, "'[' and the list of functions scall chooses from");
            List<Token> fs = new ArrayList<>();
            do {
                fs.add(expect(Token.Kind.GLOBAL_ID, "a function (&name)"));
            } while (accept(Token.Kind.COMMA));
            expect(Token.Kind.RBRACKET, "',' or ']' in the function list");
            out.add(new WrittenOperand.Idents(fs, open.position()));
        } else if (op == Opcode.ICALL) {
            out.add(new WrittenOperand.Ident(expect(Token.Kind.GLOBAL_ID, "the signature of the call (&name)")));
        }
    }

    private WrittenOperand callArguments(String which) {
        Token open = expect(Token.Kind.LPAREN, "'(' and the " + which + " arguments of the call");
        List<Token> args = new ArrayList<>();
        if (!accept(Token.Kind.RPAREN)) {
            do {
                args.add(expect(Token.Kind.LOCAL_ID, "an arg variable (%name)"));
            } while (accept(Token.Kind.COMMA));
            expect(Token.Kind.RPAREN, "',' or ')' in the " + which + " arguments");
        }
        return new WrittenOperand.Idents(args, open.position());
    }

    private WrittenOperand operand() {
        Token t = peek();
        switch (t.kind()) {
            case REGISTER -> {
                return register(next());
            }
            case LBRACKET -> {
                if (peek(1).is(Token.Kind.LABEL_ID)) {
                    next();
                    List<WrittenOperand.Label> labels = new ArrayList<>();
                    do {
                        Token l = expect(Token.Kind.LABEL_ID, "a label (@name)");
                        labels.add(new WrittenOperand.Label(l.text(), l.position()));
                    } while (accept(Token.Kind.COMMA));
                    expect(Token.Kind.RBRACKET, "',' or ']' in the label list");
                    return new WrittenOperand.Labels(labels, t.position());
                }
                return address();
            }
            case LPAREN -> {
                next();
                List<WrittenOperand> elements = new ArrayList<>();
                do {
                    WrittenOperand e = operand();
                    if (!(e instanceof WrittenOperand.Reg || e instanceof WrittenOperand.Const
                            || e instanceof WrittenOperand.Wave)) {
                        throw new SyntaxError(e.position(), "a vector operand holds registers and constants only");
                    }
                    elements.add(e);
                } while (accept(Token.Kind.COMMA));
                expect(Token.Kind.RPAREN, "',' or ')' in the vector operand");
                if (elements.size() < 2 || elements.size() > 4) {
                    throw new SyntaxError(t.position(), "a vector operand has 2, 3 or 4 elements, found "
                            + elements.size());
                }
                return new WrittenOperand.Vector(elements, t.position());
            }
            case LABEL_ID -> {
                next();
                return new WrittenOperand.Label(t.text(), t.position());
            }
            case GLOBAL_ID, LOCAL_ID -> {
                next();
                return new WrittenOperand.Ident(t);
            }
            case WORD -> {
                if (t.text().equals("WAVESIZE")) {
                    next();
                    return new WrittenOperand.Wave(t.position());
                }
                return new WrittenOperand.Const(constant(false));
            }
            default -> {
                return new WrittenOperand.Const(constant(false));
            }
        }
    }

    private WrittenOperand.Reg register(Token t) {
        RegisterClass rc = switch (t.text().charAt(1)) {
            case 'c' -> RegisterClass.C;
            case 's' -> RegisterClass.S;
            case 'd' -> RegisterClass.D;
            default -> RegisterClass.Q;
        };
        int n;
        try {
            n = Integer.parseInt(t.text().substring(2));
        } catch (NumberFormatException e) {
            throw new SyntaxError(t.position(), "register number of " + t.text() + " is too large");
        }
        return new WrittenOperand.Reg(rc, n, t.position());
    }

    /** {@code [sym]}, {@code [reg+off]}, {@code [sym][reg-off]}, {@code [off]}. */
    private WrittenOperand.Addr address() {
        Token open = next();
        Token symbol = null;
        if (at(Token.Kind.GLOBAL_ID) || at(Token.Kind.LOCAL_ID)) {
            symbol = next();
            expect(Token.Kind.RBRACKET, "']' after " + symbol.text());
            if (!at(Token.Kind.LBRACKET)) {
                return new WrittenOperand.Addr(symbol, null, 0, open.position());
            }
            next();
        }
        WrittenOperand.Reg base = null;
        long offset = 0;
        if (at(Token.Kind.REGISTER)) {
            base = register(next());
            if (at(Token.Kind.PLUS) || at(Token.Kind.MINUS)) {
                boolean minus = next().is(Token.Kind.MINUS);
                Token n = expect(Token.Kind.INTEGER, "an integer offset");
                offset = minus ? -n.value() : n.value();
            }
        } else {
            boolean minus = false;
            if (at(Token.Kind.PLUS) || at(Token.Kind.MINUS)) {
                minus = next().is(Token.Kind.MINUS);
            }
            Token n = expect(Token.Kind.INTEGER, "a register, an offset or a variable in the address");
            offset = minus ? -n.value() : n.value();
        }
        expect(Token.Kind.RBRACKET, "']' to close the address");
        return new WrittenOperand.Addr(symbol, base, offset, open.position());
    }

    /** A constant: integer, float, typed ({@code u32(1)}, {@code u8x4(...)}, {@code u32[](...)}) or aggregate. */
    private Constant constant(boolean initializer) {
        Token t = peek();
        if (initializer && t.is(Token.Kind.LBRACE)) {
            next();
            List<Constant> items = new ArrayList<>();
            do {
                if (atWord("align")) {
                    Token a = next();
                    expect(Token.Kind.LPAREN, "'(' after 'align'");
                    Token n = expect(Token.Kind.INTEGER, "the alignment in bytes");
                    expect(Token.Kind.RPAREN, "')' after the alignment");
                    if (n.value() < 1 || n.value() > 256 || Long.bitCount(n.value()) != 1) {
                        throw new SyntaxError(n.position(), "bad alignment: expected 1, 2, 4, 8, 16, 32, 64, 128 or"
                                + " 256, found " + n.text());
                    }
                    items.add(new Constant.AlignRequest((int) n.value(), "align(" + n.text() + ")", a.position()));
                } else {
                    items.add(constant(false));
                }
            } while (accept(Token.Kind.COMMA));
            expect(Token.Kind.RBRACE, "',' or '}' in the aggregate constant");
            if (items.stream().allMatch(i -> i instanceof Constant.AlignRequest)) {
                throw new SyntaxError(t.position(), "an aggregate constant needs at least one value");
            }
            return new Constant.Aggregate(items, "{...}", t.position());
        }
        boolean minus = false;
        String sign = "";
        if (at(Token.Kind.PLUS) || at(Token.Kind.MINUS)) {
            minus = next().is(Token.Kind.MINUS);
            sign = minus ? "-" : "+";
        }
        Token n = peek();
        if (!(n.is(Token.Kind.INTEGER) || n.is(Token.Kind.HALF) || n.is(Token.Kind.SINGLE) || n.is(Token.Kind.DOUBLE)
                || n.is(Token.Kind.WORD))) {
            throw new SyntaxError(n.position(), "expected an operand (register, constant, address or label), found "
                    + n.describe());
        }
        next();
        switch (n.kind()) {
            case INTEGER -> {
                return new Constant.Integer(minus ? -n.value() : n.value(), sign + n.text(), t.position());
            }
            case HALF, SINGLE, DOUBLE -> {
                int bits = n.kind() == Token.Kind.HALF ? 16 : n.kind() == Token.Kind.SINGLE ? 32 : 64;
                long v = minus ? n.value() ^ (1L << (bits - 1)) : n.value();
                return new Constant.Float(bits, v, sign + n.text(), t.position());
            }
            case WORD -> {
                String name = n.text().startsWith("_") ? n.text().substring(1) : n.text();
                DataType type = DataType.fromHsailName(name);
                if (type == null || minus || !sign.isEmpty()) {
                    throw new SyntaxError(n.position(), "expected an operand (register, constant, address or label),"
                            + " found " + n.describe());
                }
                if (type == DataType.ROIMG || type == DataType.WOIMG || type == DataType.RWIMG
                        || type == DataType.SAMP) {
                    throw new SyntaxError(n.position(), "unsupported feature: " + name + " constants (images and"
                            + " samplers) are not supported by this finalizer");
                }
                boolean array = false;
                if (accept(Token.Kind.LBRACKET)) {
                    expect(Token.Kind.RBRACKET, "']' in '" + name + "[]'");
                    array = true;
                }
                expect(Token.Kind.LPAREN, "'(' after the type of a typed constant");
                List<Constant> elements = new ArrayList<>();
                do {
                    elements.add(constant(false));
                } while (accept(Token.Kind.COMMA));
                expect(Token.Kind.RPAREN, "',' or ')' in the " + name + " constant");
                return new Constant.Typed(type, array, elements, name + (array ? "[]" : "") + "(...)", n.position());
            }
            default -> throw new SyntaxError(n.position(), "expected an operand (register, constant, address or label),"
                    + " found " + n.describe());
        }
    }

    // ---- from written operands to IR operands -------------------------------------------------

    /** The IR operand, or null after reporting why it cannot be one. */
    private Operand resolve(WrittenOperand wo, DataType expected, Instruction insn) {
        switch (wo) {
            case WrittenOperand.Reg r -> {
                return new Operand.Register(r.registerClass(), r.number());
            }
            case WrittenOperand.Wave w -> {
                return Operand.WaveSize.INSTANCE;
            }
            case WrittenOperand.Const c -> {
                if (expected == DataType.NONE) {
                    error(c.position(), "'" + insn.opcode().hsailName() + "' does not take a constant here");
                    return null;
                }
                try {
                    long[] bits = ConstantConversion.toBits(c.constant(), expected);
                    return new Operand.Immediate(expected, bits[0], expected.bits() > 64 ? bits[1] : 0);
                } catch (ConstantConversion.Mismatch m) {
                    error(c.position(), m.getMessage());
                    return null;
                }
            }
            case WrittenOperand.Vector v -> {
                List<Operand> elements = new ArrayList<>();
                for (WrittenOperand e : v.elements()) {
                    Operand o = resolve(e, expected, insn);
                    if (o == null) {
                        return null;
                    }
                    elements.add(o);
                }
                return new Operand.VectorOperand(elements);
            }
            case WrittenOperand.Addr a -> {
                Variable symbol = null;
                if (a.symbol() != null) {
                    symbol = variableNamed(a.symbol());
                    if (symbol == null) {
                        return null;
                    }
                }
                Operand.Register base = a.base() == null ? null
                        : new Operand.Register(a.base().registerClass(), a.base().number());
                if (base != null && base.registerClass() != RegisterClass.S && base.registerClass() != RegisterClass.D) {
                    error(a.base().position(), "an address register must be $s or $d, found $"
                            + base.registerClass().letter() + base.number());
                    return null;
                }
                return new Operand.Address(symbol, base, a.offset());
            }
            case WrittenOperand.Label l -> {
                return code.labelUse(l.name(), l.position());
            }
            case WrittenOperand.Labels ls -> {
                return new Operand.LabelList(ls.labels().stream().map(l -> code.labelUse(l.name(), l.position()))
                        .toList());
            }
            case WrittenOperand.Ident id -> {
                Token t = id.token();
                if (insn.opcode() == Opcode.CALL && t.is(Token.Kind.GLOBAL_ID)) {
                    return functionNamed(t) == null ? null : new Operand.FunctionRef(t.text());
                }
                if (insn.opcode() == Opcode.ICALL && t.is(Token.Kind.GLOBAL_ID)) {
                    List<ModuleStatement> found = moduleScope.get(t.text());
                    if (found == null || !(found.getFirst() instanceof Signature)) {
                        error(t.position(), found == null ? "undefined signature " + t.text()
                                : t.text() + " is a " + kindName(found.getFirst()) + ", not a signature");
                        return null;
                    }
                    return new Operand.SignatureRef(t.text());
                }
                error(t.position(), "expected a register, constant or address, found " + t.describe()
                        + (t.is(Token.Kind.LOCAL_ID) || t.is(Token.Kind.GLOBAL_ID)
                        ? ": write [" + t.text() + "] for its address" : ""));
                return null;
            }
            case WrittenOperand.Idents ids -> {
                // scall's target list is the only list of &names; argument lists hold %names.
                if (insn.opcode() == Opcode.SCALL && !ids.tokens().isEmpty() && isFunctionList(ids)) {
                    List<Operand.FunctionRef> fs = new ArrayList<>();
                    for (Token t : ids.tokens()) {
                        if (functionNamed(t) == null) {
                            return null;
                        }
                        fs.add(new Operand.FunctionRef(t.text()));
                    }
                    return new Operand.FunctionList(fs);
                }
                List<Variable> vars = new ArrayList<>();
                for (Token t : ids.tokens()) {
                    Variable v = code.lookupArg(t.text());
                    if (v == null) {
                        error(t.position(), "undefined arg variable " + t.text()
                                + ": call arguments must be defined in the enclosing arg block");
                        return null;
                    }
                    vars.add(v);
                }
                return new Operand.ArgumentList(vars);
            }
        }
    }

    private static boolean isFunctionList(WrittenOperand.Idents ids) {
        return ids.tokens().stream().allMatch(t -> t.is(Token.Kind.GLOBAL_ID));
    }

    private Function functionNamed(Token t) {
        List<ModuleStatement> found = moduleScope.get(t.text());
        if (found == null) {
            error(t.position(), "undefined function " + t.text() + ": declare or define it before the call");
            return null;
        }
        if (!(found.getFirst() instanceof Function f)) {
            error(t.position(), t.text() + " is a " + kindName(found.getFirst()) + ", not a function"
                    + (found.getFirst() instanceof Kernel ? ": kernels cannot be called" : ""));
            return null;
        }
        return f;
    }

    private Variable variableNamed(Token t) {
        Variable v = code == null ? null : code.lookup(t.text());
        if (v != null) {
            return v;
        }
        List<ModuleStatement> found = moduleScope.get(t.text());
        if (found == null) {
            error(t.position(), "undefined variable " + t.text());
            return null;
        }
        if (!(found.getFirst() instanceof Variable mv)) {
            error(t.position(), t.text() + " is a " + kindName(found.getFirst()) + ", not a variable");
            return null;
        }
        return found.stream().map(Variable.class::cast).filter(Variable::isDefinition).findFirst().orElse(mv);
    }
}
