package org.hsaj.hsail.text;

import java.util.ArrayList;
import java.util.List;
import org.hsaj.hsail.analysis.Diagnostic;
import org.hsaj.hsail.ir.SourcePosition;

/**
 * Splits HSAIL text into {@link Token}s (PRM 19.1). Comments are skipped. Malformed input (an
 * unterminated comment or string, a bad number, a stray character) is reported as a diagnostic and
 * lexing goes on, so one pass reports every lexical error.
 *
 * <p>Opcodes carry parenthesised modifiers ({@code ld_global_align(8)_u32}, {@code barrier_width(all)}):
 * a word ending in {@code _align}, {@code _width} or {@code _equiv} directly followed by {@code (}
 * swallows the parenthesised part and whatever word characters follow, so the parser sees one word.
 */
final class Lexer {
    private final String file;
    private final String src;
    private final List<Diagnostic> diagnostics;
    private int pos;
    private int line = 1;
    private int lineStart;

    Lexer(String file, String src, List<Diagnostic> diagnostics) {
        this.file = file;
        this.src = src;
        this.diagnostics = diagnostics;
    }

    List<Token> tokenize() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= src.length()) {
                tokens.add(new Token(Token.Kind.EOF, "", 0, here()));
                return tokens;
            }
            Token t = next();
            if (t != null) {
                tokens.add(t);
            }
        }
    }

    private SourcePosition here() {
        return new SourcePosition(file, line, pos - lineStart + 1);
    }

    private SourcePosition at(int offset, int atLine, int atLineStart) {
        return new SourcePosition(file, atLine, offset - atLineStart + 1);
    }

    private void error(SourcePosition p, String message) {
        diagnostics.add(Diagnostic.error(p, message));
    }

    private void newline() {
        line++;
        lineStart = pos + 1;
    }

    private void skipSpaceAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                newline();
                pos++;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '/' && peek(1) == '/') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && peek(1) == '*') {
                SourcePosition start = here();
                pos += 2;
                while (pos < src.length() && !(src.charAt(pos) == '*' && peek(1) == '/')) {
                    if (src.charAt(pos) == '\n') {
                        newline();
                    }
                    pos++;
                }
                if (pos >= src.length()) {
                    error(start, "unterminated comment: expected '*/' before end of file");
                    return;
                }
                pos += 2;
            } else {
                return;
            }
        }
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < src.length() ? src.charAt(i) : '\0';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '.';
    }

    private static boolean isWordPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }

    private Token next() {
        SourcePosition p = here();
        char c = src.charAt(pos);
        switch (c) {
            case '(' -> { pos++; return new Token(Token.Kind.LPAREN, "(", 0, p); }
            case ')' -> { pos++; return new Token(Token.Kind.RPAREN, ")", 0, p); }
            case '[' -> { pos++; return new Token(Token.Kind.LBRACKET, "[", 0, p); }
            case ']' -> { pos++; return new Token(Token.Kind.RBRACKET, "]", 0, p); }
            case '{' -> { pos++; return new Token(Token.Kind.LBRACE, "{", 0, p); }
            case '}' -> { pos++; return new Token(Token.Kind.RBRACE, "}", 0, p); }
            case ',' -> { pos++; return new Token(Token.Kind.COMMA, ",", 0, p); }
            case ';' -> { pos++; return new Token(Token.Kind.SEMICOLON, ";", 0, p); }
            case ':' -> { pos++; return new Token(Token.Kind.COLON, ":", 0, p); }
            case '+' -> { pos++; return new Token(Token.Kind.PLUS, "+", 0, p); }
            case '-' -> { pos++; return new Token(Token.Kind.MINUS, "-", 0, p); }
            case '=' -> { pos++; return new Token(Token.Kind.EQUALS, "=", 0, p); }
            case '"' -> { return string(p); }
            case '&', '%', '@' -> { return identifier(p, c); }
            case '$' -> { return dollar(p); }
            default -> {
                if (c >= '0' && c <= '9' || (c == '.' && Character.isDigit(peek(1)))) {
                    return number(p);
                }
                if (isIdentStart(c)) {
                    return word(p);
                }
                pos++;
                error(p, "unexpected character '" + c + "'");
                return null;
            }
        }
    }

    private Token identifier(SourcePosition p, char sigil) {
        int start = pos++;
        if (pos >= src.length() || !isIdentStart(src.charAt(pos))) {
            error(p, "expected an identifier after '" + sigil + "'");
            return null;
        }
        while (pos < src.length() && isIdentPart(src.charAt(pos))) {
            pos++;
        }
        Token.Kind kind = sigil == '&' ? Token.Kind.GLOBAL_ID : sigil == '%' ? Token.Kind.LOCAL_ID : Token.Kind.LABEL_ID;
        return new Token(kind, src.substring(start, pos), 0, p);
    }

    private Token dollar(SourcePosition p) {
        int start = pos++;
        while (pos < src.length() && isWordPart(src.charAt(pos))) {
            pos++;
        }
        String text = src.substring(start, pos);
        if (text.matches("\\$[csdq](0|[1-9][0-9]*)")) {
            return new Token(Token.Kind.REGISTER, text, 0, p);
        }
        if (text.matches("\\$[csdq][0-9]+")) {
            error(p, "bad register '" + text + "': a register number has no leading zeros");
            return null;
        }
        if (text.length() == 1) {
            error(p, "expected a register or '$' keyword after '$'");
            return null;
        }
        return new Token(Token.Kind.DOLLAR_WORD, text, 0, p);
    }

    private Token word(SourcePosition p) {
        int start = pos;
        while (true) {
            while (pos < src.length() && isWordPart(src.charAt(pos))) {
                pos++;
            }
            String sofar = src.substring(start, pos);
            if (pos < src.length() && src.charAt(pos) == '(' && (sofar.endsWith("_align") || sofar.endsWith("_width")
                    || sofar.endsWith("_equiv"))) {
                int close = src.indexOf(')', pos);
                int nl = src.indexOf('\n', pos);
                if (close < 0 || (nl >= 0 && nl < close)) {
                    error(p, "expected ')' to close '" + sofar.substring(sofar.lastIndexOf('_') + 1) + "('");
                    return new Token(Token.Kind.WORD, sofar, 0, p);
                }
                pos = close + 1;
                continue;
            }
            return new Token(Token.Kind.WORD, sofar, 0, p);
        }
    }

    private Token string(SourcePosition p) {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                return new Token(Token.Kind.STRING, sb.toString(), 0, p);
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                pos++;
                char e = src.charAt(pos);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'a' -> sb.append('\u0007');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'v' -> sb.append('\u000b');
                    case '"', '\\', '\'', '?' -> sb.append(e);
                    case 'x' -> {
                        int s = pos + 1;
                        int q = s;
                        while (q < src.length() && Character.digit(src.charAt(q), 16) >= 0) {
                            q++;
                        }
                        if (q == s) {
                            error(here(), "expected hex digits after '\\x'");
                        } else {
                            sb.append((char) (Integer.parseInt(src.substring(s, Math.min(q, s + 2)), 16)));
                        }
                        pos = q - 1;
                    }
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int q = pos;
                            while (q < src.length() && q < pos + 3 && src.charAt(q) >= '0' && src.charAt(q) <= '7') {
                                q++;
                            }
                            sb.append((char) Integer.parseInt(src.substring(pos, q), 8));
                            pos = q - 1;
                        } else {
                            error(here(), "unknown escape '\\" + e + "' in string");
                        }
                    }
                }
                pos++;
                continue;
            }
            sb.append(c);
            pos++;
        }
        error(p, "unterminated string: expected '\"' before end of line");
        return new Token(Token.Kind.STRING, sb.toString(), 0, p);
    }

    private Token number(SourcePosition p) {
        int start = pos;
        char c0 = src.charAt(pos);
        char c1 = peek(1);
        // IEEE bit patterns: 0h/0H + 4, 0f/0F + 8, 0d/0D + 16 hex digits.
        if (c0 == '0' && (c1 == 'h' || c1 == 'H' || c1 == 'f' || c1 == 'F' || c1 == 'd' || c1 == 'D')) {
            int q = pos + 2;
            while (q < src.length() && isWordPart(src.charAt(q))) {
                q++;
            }
            String digits = src.substring(pos + 2, q);
            char k = Character.toLowerCase(c1);
            int want = k == 'h' ? 4 : k == 'f' ? 8 : 16;
            pos = q;
            String text = src.substring(start, q);
            if (digits.length() != want || !digits.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
                error(p, "bad IEEE constant '" + text + "': expected " + want + " hex digits after '0" + c1 + "'");
                return new Token(Token.Kind.INTEGER, text, 0, p);
            }
            long bits = Long.parseUnsignedLong(digits, 16);
            Token.Kind kind = k == 'h' ? Token.Kind.HALF : k == 'f' ? Token.Kind.SINGLE : Token.Kind.DOUBLE;
            return new Token(kind, text, bits, p);
        }
        int q = pos;
        boolean hex = c0 == '0' && (c1 == 'x' || c1 == 'X');
        if (hex) {
            q += 2;
        }
        boolean isFloat = false;
        boolean inExponent = false;
        while (q < src.length()) {
            char c = src.charAt(q);
            if (hex && !inExponent ? Character.digit(c, 16) >= 0 : Character.isDigit(c)) {
                q++;
            } else if (c == '.' && !inExponent) {
                isFloat = true;
                q++;
            } else if (!inExponent && ((hex && (c == 'p' || c == 'P')) || (!hex && (c == 'e' || c == 'E')))) {
                isFloat = true;
                inExponent = true;
                q++;
                if (q < src.length() && (src.charAt(q) == '+' || src.charAt(q) == '-')) {
                    q++;
                }
            } else {
                break;
            }
        }
        char suffix = q < src.length() ? src.charAt(q) : '\0';
        String body = src.substring(start, q);
        if (isFloat) {
            Token.Kind kind = Token.Kind.DOUBLE;
            if (suffix == 'h' || suffix == 'H') {
                kind = Token.Kind.HALF;
                q++;
            } else if (suffix == 'f' || suffix == 'F') {
                kind = Token.Kind.SINGLE;
                q++;
            } else if (suffix == 'd' || suffix == 'D') {
                q++;
            }
            pos = q;
            String text = src.substring(start, q);
            if (pos < src.length() && isWordPart(src.charAt(pos))) {
                return badNumber(p, start);
            }
            if (hex && !body.contains("p") && !body.contains("P")) {
                error(p, "bad hexadecimal float '" + text + "': expected a 'p' exponent");
                return new Token(kind, text, 0, p);
            }
            try {
                double d = Double.parseDouble(body);
                long bits = switch (kind) {
                    case HALF -> org.hsaj.hsail.ir.Float16.fromDouble(d);
                    case SINGLE -> Float.floatToRawIntBits(Float.parseFloat(body)) & 0xffffffffL;
                    default -> Double.doubleToRawLongBits(d);
                };
                return new Token(kind, text, bits, p);
            } catch (NumberFormatException e) {
                error(p, "bad float constant '" + text + "'");
                return new Token(kind, text, 0, p);
            }
        }
        pos = q;
        if (pos < src.length() && isWordPart(src.charAt(pos))) {
            return badNumber(p, start);
        }
        try {
            long value;
            if (hex) {
                if (body.length() == 2) {
                    error(p, "bad hexadecimal constant '0x': expected hex digits after '0x'");
                    return new Token(Token.Kind.INTEGER, body, 0, p);
                }
                value = Long.parseUnsignedLong(body.substring(2), 16);
            } else if (body.length() > 1 && body.charAt(0) == '0') {
                if (!body.chars().allMatch(ch -> ch >= '0' && ch <= '7')) {
                    error(p, "bad octal constant '" + body + "': octal digits are 0 to 7");
                    return new Token(Token.Kind.INTEGER, body, 0, p);
                }
                value = Long.parseUnsignedLong(body.substring(1), 8);
            } else {
                value = Long.parseUnsignedLong(body);
            }
            return new Token(Token.Kind.INTEGER, body, value, p);
        } catch (NumberFormatException e) {
            error(p, "integer constant '" + body + "' does not fit in 64 bits");
            return new Token(Token.Kind.INTEGER, body, 0, p);
        }
    }

    private Token badNumber(SourcePosition p, int start) {
        while (pos < src.length() && isWordPart(src.charAt(pos))) {
            pos++;
        }
        String text = src.substring(start, pos);
        if (text.matches("[123]d[a-z]*")) {
            return new Token(Token.Kind.WORD, text, 0, p); // an image geometry such as 2d or 2dadepth
        }
        error(p, "bad number '" + text + "'");
        return new Token(Token.Kind.INTEGER, text, 0, p);
    }
}
