package org.hsaj.hsail.ir;

/** A top-level element of a {@link Module}, kept in source order. */
public sealed interface ModuleStatement permits Variable, Kernel, Function, Signature {
    String name();

    SourcePosition position();
}
