package org.hsaj.hsail.text;

import org.hsaj.hsail.ir.SourcePosition;

/**
 * One lexical token of HSAIL text (PRM 19.1).
 *
 * @param text     the exact source text; for {@link Kind#STRING} the unescaped value
 * @param value    for integers the 64-bit value, for float kinds the IEEE bits of the constant's size
 */
record Token(Kind kind, String text, long value, SourcePosition position) {
    enum Kind {
        /** An opcode, keyword or type name, with any {@code _align(n)}/{@code _width(x)}/{@code _equiv(n)} folded in. */
        WORD,
        /** {@code &name}. */
        GLOBAL_ID,
        /** {@code %name}. */
        LOCAL_ID,
        /** {@code @name}. */
        LABEL_ID,
        /** {@code $c0}, {@code $s1}, {@code $d2}, {@code $q3}. */
        REGISTER,
        /** {@code $full}, {@code $large}, {@code $default}, ... */
        DOLLAR_WORD,
        INTEGER, HALF, SINGLE, DOUBLE, STRING,
        LPAREN, RPAREN, LBRACKET, RBRACKET, LBRACE, RBRACE, COMMA, SEMICOLON, COLON, PLUS, MINUS, EQUALS,
        EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equals(word);
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case EOF -> "end of file";
            case STRING -> "string \"" + text + "\"";
            default -> "'" + text + "'";
        };
    }
}
