package org.hsaj.hsail.ir;

/**
 * Everything an HSAIL instruction says between its opcode and its types, as one immutable value.
 * Each opcode uses only some fields; the others keep their defaults ({@link #NONE}). Use the
 * {@code with*} methods to derive a value.
 *
 * @param rounding  float or integer rounding ({@link Rounding#DEFAULT} when absent)
 * @param ftz       {@code _ftz}: flush subnormal sources and results to zero
 * @param packing   packing control of packed instructions
 * @param compare   comparison of {@code cmp}; null for other opcodes
 * @param segment   segment of memory, lda, nullptr, segment conversion and queue instructions;
 *                  {@link Segment#FLAT} when absent
 * @param align     alignment in bytes of a memory access or alloca; 0 when not applicable. For ld/st
 *                  and atomics it is the effective alignment: the natural one unless {@code _align(n)}
 *                  said otherwise
 * @param constant  {@code _const} on ld
 * @param equivalence {@code _equiv(n)} class (0 when absent)
 * @param width     {@code _width(...)}
 * @param order     memory order of atomics, signals, memfence and queue operations
 * @param scope     memory scope of atomics and memfence
 * @param atomic    operation of atomic/atomicnoret/signal/signalnoret
 * @param nonull    {@code _nonull} on ftos/stof/segmentp
 */
public record Modifiers(Rounding rounding, boolean ftz, Packing packing, CompareOperation compare,
                        Segment segment, int align, boolean constant, int equivalence, Width width,
                        MemoryOrder order, MemoryScope scope, AtomicOperation atomic, boolean nonull) {

    public static final Modifiers NONE = new Modifiers(Rounding.DEFAULT, false, Packing.NONE, null, Segment.FLAT,
            0, false, 0, Width.DEFAULT, MemoryOrder.NONE, MemoryScope.NONE, AtomicOperation.NONE, false);

    public Modifiers {
        java.util.Objects.requireNonNull(rounding);
        java.util.Objects.requireNonNull(packing);
        java.util.Objects.requireNonNull(segment);
        java.util.Objects.requireNonNull(width);
        java.util.Objects.requireNonNull(order);
        java.util.Objects.requireNonNull(scope);
        java.util.Objects.requireNonNull(atomic);
    }

    public Modifiers withRounding(Rounding r) {
        return new Modifiers(r, ftz, packing, compare, segment, align, constant, equivalence, width, order, scope, atomic, nonull);
    }

    public Modifiers withFtz(boolean f) {
        return new Modifiers(rounding, f, packing, compare, segment, align, constant, equivalence, width, order, scope, atomic, nonull);
    }

    public Modifiers withPacking(Packing p) {
        return new Modifiers(rounding, ftz, p, compare, segment, align, constant, equivalence, width, order, scope, atomic, nonull);
    }

    public Modifiers withCompare(CompareOperation c) {
        return new Modifiers(rounding, ftz, packing, c, segment, align, constant, equivalence, width, order, scope, atomic, nonull);
    }

    public Modifiers withSegment(Segment s) {
        return new Modifiers(rounding, ftz, packing, compare, s, align, constant, equivalence, width, order, scope, atomic, nonull);
    }

    public Modifiers withAlign(int a) {
        return new Modifiers(rounding, ftz, packing, compare, segment, a, constant, equivalence, width, order, scope, atomic, nonull);
    }

    public Modifiers withConstant(boolean c) {
        return new Modifiers(rounding, ftz, packing, compare, segment, align, c, equivalence, width, order, scope, atomic, nonull);
    }

    public Modifiers withEquivalence(int e) {
        return new Modifiers(rounding, ftz, packing, compare, segment, align, constant, e, width, order, scope, atomic, nonull);
    }

    public Modifiers withWidth(Width w) {
        return new Modifiers(rounding, ftz, packing, compare, segment, align, constant, equivalence, w, order, scope, atomic, nonull);
    }

    public Modifiers withOrder(MemoryOrder o) {
        return new Modifiers(rounding, ftz, packing, compare, segment, align, constant, equivalence, width, o, scope, atomic, nonull);
    }

    public Modifiers withScope(MemoryScope s) {
        return new Modifiers(rounding, ftz, packing, compare, segment, align, constant, equivalence, width, order, s, atomic, nonull);
    }

    public Modifiers withAtomic(AtomicOperation a) {
        return new Modifiers(rounding, ftz, packing, compare, segment, align, constant, equivalence, width, order, scope, a, nonull);
    }

    public Modifiers withNonull(boolean n) {
        return new Modifiers(rounding, ftz, packing, compare, segment, align, constant, equivalence, width, order, scope, atomic, n);
    }
}
