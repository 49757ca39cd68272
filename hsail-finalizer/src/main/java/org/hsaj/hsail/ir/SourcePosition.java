package org.hsaj.hsail.ir;

/**
 * Where a piece of a module came from: a file (or any name a front end gives its input), a 1-based
 * line and a 1-based column. A front end that has no text (a BRIG reader) uses its own coordinates,
 * for example the section name as file and the entry offset as line; {@link #UNKNOWN} when it has none.
 */
public record SourcePosition(String file, int line, int column) {
    public static final SourcePosition UNKNOWN = new SourcePosition("<unknown>", 0, 0);

    public SourcePosition {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
