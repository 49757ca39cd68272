package org.hsaj.hsail.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hsaj.hsail.analysis.Diagnostic;
import org.hsaj.hsail.analysis.HsailException;
import org.hsaj.hsail.analysis.Validator;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.SourcePosition;

/**
 * The HSAIL text front end: text in, validated {@link Module} out, or every problem found.
 *
 * <p>Stateless and thread-safe: each call parses independently.
 */
public final class HsailParser {
    private HsailParser() {
    }

    /** Parses and validates {@code file}; throws {@link HsailException} listing every error. */
    public static Module parse(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses and validates {@code text}, reporting positions in {@code fileName}. */
    public static Module parse(String fileName, String text) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        Module m = parse(fileName, text, diagnostics);
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            throw new HsailException(diagnostics);
        }
        return m;
    }

    /**
     * Every diagnostic for {@code file}, in source order; empty when it is a valid module. This is what
     * {@code hsaj finalize} prints. An unreadable file gives one diagnostic saying why.
     */
    public static List<Diagnostic> check(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of(Diagnostic.error(new SourcePosition(file.toString(), 0, 0), "cannot read the file: "
                    + e.getMessage()));
        }
        return check(file.toString(), text);
    }

    /** Every diagnostic for {@code text}, in source order. */
    public static List<Diagnostic> check(String fileName, String text) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        parse(fileName, text, diagnostics);
        return diagnostics;
    }

    private static Module parse(String fileName, String text, List<Diagnostic> diagnostics) {
        List<Token> tokens = new Lexer(fileName, text, diagnostics).tokenize();
        Module module = new Parser(tokens, diagnostics).parseModule();
        diagnostics.addAll(Validator.validate(module, diagnostics.isEmpty()));
        diagnostics.sort(Comparator.comparingInt((Diagnostic d) -> d.position().line())
                .thenComparingInt(d -> d.position().column()));
        return module;
    }
}
