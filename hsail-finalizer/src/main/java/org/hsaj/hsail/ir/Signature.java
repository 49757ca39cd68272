package org.hsaj.hsail.ir;

import java.util.List;
import java.util.Objects;

/**
 * A function signature (PRM 4.3.4), the type of an indirect call. Argument names are optional in
 * the text; unnamed arguments get empty names.
 */
public record Signature(String name, List<Variable> outputs, List<Variable> inputs, SourcePosition position)
        implements ModuleStatement {
    public Signature {
        Objects.requireNonNull(name);
        outputs = List.copyOf(outputs);
        inputs = List.copyOf(inputs);
    }
}
