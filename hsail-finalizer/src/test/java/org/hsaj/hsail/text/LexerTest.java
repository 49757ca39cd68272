package org.hsaj.hsail.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.hsaj.hsail.analysis.Diagnostic;
import org.junit.jupiter.api.Test;

class LexerTest {
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private List<Token> lex(String text) {
        List<Token> t = new Lexer("l.hsail", text, diagnostics).tokenize();
        return t.subList(0, t.size() - 1);
    }

    private Token one(String text) {
        List<Token> t = lex(text);
        assertEquals(1, t.size(), "tokens of " + text + ": " + t);
        return t.getFirst();
    }

    @Test
    void integers() {
        assertEquals(42, one("42").value());
        assertEquals(0x7f, one("0x7F").value());
        assertEquals(8, one("010").value());
        assertEquals(0, one("0").value());
        assertEquals(-1L, one("18446744073709551615").value());
        assertEquals(List.of(), diagnostics);
    }

    @Test
    void floats() {
        assertEquals(Token.Kind.SINGLE, one("1.5f").kind());
        assertEquals(Float.floatToIntBits(1.5f), one("1.5f").value());
        assertEquals(Double.doubleToLongBits(1.5), one("1.5").value());
        assertEquals(Double.doubleToLongBits(2.5e-3), one("2.5e-3").value());
        assertEquals(Double.doubleToLongBits(100.0), one("1e2").value());
        assertEquals(Float.floatToIntBits(3.0f), one("0x1.8p1f").value());
        assertEquals(Double.doubleToLongBits(0.25), one("0x1.0p-2").value());
        assertEquals(0x3c00, one("1.0h").value());
        assertEquals(0x3555, one("0.333333h").value());
        assertEquals(0x3f800000L, one("0F3f800000").value());
        assertEquals(Token.Kind.DOUBLE, one("0D400921fb54442d18").kind());
        assertEquals(0x3c00, one("0H3c00").value());
        assertEquals(List.of(), diagnostics);
    }

    @Test
    void wordsRegistersIdentifiersAndFoldedModifiers() {
        List<Token> t = lex("ld_global_align(8)_width(all)_u32 $s12, [&x.y][%z]; @L: $full WAVESIZE");
        assertEquals("ld_global_align(8)_width(all)_u32", t.get(0).text());
        assertEquals(Token.Kind.REGISTER, t.get(1).kind());
        assertEquals("$s12", t.get(1).text());
        assertEquals(Token.Kind.GLOBAL_ID, t.get(4).kind());
        assertEquals("&x.y", t.get(4).text());
        assertEquals(Token.Kind.LOCAL_ID, t.get(7).kind());
        assertEquals(Token.Kind.LABEL_ID, t.get(10).kind());
        assertEquals(Token.Kind.DOLLAR_WORD, t.get(12).kind());
        assertEquals(Token.Kind.WORD, t.get(13).kind());
        assertEquals(List.of(), diagnostics);
    }

    @Test
    void commentsAndPositions() {
        List<Token> t = lex("// line comment\n  /* block\n comment */ add_u32 /* inline */ $s0");
        assertEquals(2, t.size());
        assertEquals(3, t.get(0).position().line());
        assertEquals(13, t.get(0).position().column());
        assertEquals(34, t.get(1).position().column());
    }

    @Test
    void stringEscapes() {
        assertEquals("a\"b\\c\n\tA", one("\"a\\\"b\\\\c\\n\\t\\x41\"").text());
        assertEquals("\u0001", one("\"\\001\"").text());
    }

    @Test
    void errorsAreReportedWithPositions() {
        lex("$s01 0x 0F3f80 1.5q ` \"open");
        assertEquals(List.of(
                "l.hsail:1:1: error: bad register '$s01': a register number has no leading zeros",
                "l.hsail:1:6: error: bad hexadecimal constant '0x': expected hex digits after '0x'",
                "l.hsail:1:9: error: bad IEEE constant '0F3f80': expected 8 hex digits after '0F'",
                "l.hsail:1:16: error: bad number '1.5q'",
                "l.hsail:1:21: error: unexpected character '`'",
                "l.hsail:1:23: error: unterminated string: expected '\"' before end of line"),
                diagnostics.stream().map(Diagnostic::toString).toList());
    }
}
