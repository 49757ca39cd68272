package org.hsaj.hsail.text;

import java.util.List;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.SourcePosition;

/** A constant as written in the text, before it is given the type its use expects (PRM 4.8). */
sealed interface Constant {
    SourcePosition position();

    /** Text for messages. */
    String text();

    /** An integer constant: 64 bits, already negated when written with '-'. */
    record Integer(long value, String text, SourcePosition position) implements Constant {
    }

    /** A float constant of 16, 32 or 64 bits: its IEEE bits, sign already applied. */
    record Float(int bits, long value, String text, SourcePosition position) implements Constant {
    }

    /**
     * A typed constant {@code u32(5)}, {@code f32(1.0f)}, {@code u8x4(1,2,3,4)} (elements as written,
     * most significant first), {@code sig64(0)}, or an array {@code u32[](1, 2, 3)}.
     */
    record Typed(DataType type, boolean array, List<Constant> elements, String text, SourcePosition position)
            implements Constant {
    }

    /** An aggregate {@code {...}} of typed constants and {@code align(n)} requests (n as an Integer). */
    record Aggregate(List<Constant> items, String text, SourcePosition position) implements Constant {
    }

    /** {@code align(n)} inside an aggregate. */
    record AlignRequest(int alignment, String text, SourcePosition position) implements Constant {
    }
}
