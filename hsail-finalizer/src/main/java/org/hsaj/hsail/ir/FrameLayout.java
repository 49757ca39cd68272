package org.hsaj.hsail.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays variables out one after another in a frame, each at the next offset that honours its
 * alignment, with no other padding: the rule of the kernarg segment (PRM 4.21) that this project
 * also uses for group, private, spill and arg frames. Every front end uses it so that offsets agree.
 */
public final class FrameLayout {
    private long size;
    private int alignment = 1;
    private final List<Variable> placed = new ArrayList<>();

    /** Places {@code v} and returns the placed copy. */
    public Variable place(Variable v) {
        long offset = alignUp(size, v.alignment());
        Variable p = v.withOffset(offset);
        size = offset + v.size();
        alignment = Math.max(alignment, v.alignment());
        placed.add(p);
        return p;
    }

    /** Bytes used so far (end of the last variable). */
    public long size() {
        return size;
    }

    /** The largest alignment placed so far (at least 1). */
    public int alignment() {
        return alignment;
    }

    public List<Variable> placed() {
        return List.copyOf(placed);
    }

    /** {@code value} rounded up to a multiple of {@code alignment} (a power of two). */
    public static long alignUp(long value, long alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
