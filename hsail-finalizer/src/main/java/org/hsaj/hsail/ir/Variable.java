package org.hsaj.hsail.ir;

import java.util.Objects;
import java.util.Optional;

/**
 * A variable in any segment: a module variable, a kernel's kernarg parameter, a function's formal
 * argument, a code block variable or an arg block variable (PRM 4.3.8).
 *
 * <p>{@code offset} places the variable in its segment's frame, computed by the front end with
 * {@link FrameLayout}:
 * <ul>
 * <li>kernarg: offset from the kernarg segment base (the dispatch's kernarg address);</li>
 * <li>group: offset from the work-group's group segment base (kernel code block variables);</li>
 * <li>private and spill: offset in the private frame of the kernel or function that defines it
 *     (private and spill variables share one frame, in definition order);</li>
 * <li>arg, function formal argument: offset in the function's input or output argument frame;</li>
 * <li>arg, arg block variable: offset in the arg block's frame;</li>
 * <li>global and readonly: {@link #UNALLOCATED} (placed by the loader).</li>
 * </ul>
 *
 * @param name        with its sigil: {@code &global} or {@code %local}
 * @param dimension   0 when not an array; the element count of an array; {@link #FLEXIBLE} for
 *                    {@code []} without size (declarations and a function's last formal argument)
 * @param alignment   effective alignment in bytes: natural unless {@code align(n)} asked for more
 * @param initializer the initial bytes (global and readonly definitions only)
 * @param allocAgent  {@code alloc(agent)}: one copy per agent rather than per program
 */
public record Variable(String name, Segment segment, DataType type, long dimension, int alignment,
                       boolean isConst, Linkage linkage, boolean isDefinition, boolean allocAgent,
                       Optional<Initializer> initializer, long offset, SourcePosition position)
        implements ModuleStatement {

    public static final long FLEXIBLE = -1;
    public static final long UNALLOCATED = -1;

    public Variable {
        Objects.requireNonNull(name);
        Objects.requireNonNull(segment);
        Objects.requireNonNull(type);
        Objects.requireNonNull(linkage);
        Objects.requireNonNull(initializer);
        Objects.requireNonNull(position);
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two: " + alignment);
        }
    }

    public boolean isArray() {
        return dimension != 0;
    }

    /** Size in bytes: element size times dimension (0 for a flexible array). */
    public long size() {
        if (dimension == FLEXIBLE) {
            return 0;
        }
        return (long) type.bytes() * Math.max(1, dimension);
    }

    /** A copy with linkage {@code newLinkage}. */
    public Variable withLinkage(Linkage newLinkage) {
        return new Variable(name, segment, type, dimension, alignment, isConst, newLinkage, isDefinition, allocAgent,
                initializer, offset, position);
    }

    /** A copy placed at {@code newOffset}. */
    public Variable withOffset(long newOffset) {
        return new Variable(name, segment, type, dimension, alignment, isConst, linkage, isDefinition, allocAgent,
                initializer, newOffset, position);
    }
}
