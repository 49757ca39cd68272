package org.hsaj.hsail.analysis;

import java.util.Objects;
import org.hsaj.hsail.ir.SourcePosition;

/**
 * One problem found in an HSAIL module: where ({@code file:line:column}) and what, written so that a
 * user can fix it ("expected ..., found ...").
 */
public record Diagnostic(Severity severity, SourcePosition position, String message) {
    public enum Severity { ERROR, WARNING }

    public Diagnostic {
        Objects.requireNonNull(severity);
        Objects.requireNonNull(position);
        Objects.requireNonNull(message);
    }

    public static Diagnostic error(SourcePosition position, String message) {
        return new Diagnostic(Severity.ERROR, position, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:column: error: message}, the form compilers print. */
    @Override
    public String toString() {
        return position + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
