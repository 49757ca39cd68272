package org.hsaj.hsail.ir;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A function or indirect function declaration or definition (PRM 4.3.3). Formal arguments are arg
 * segment variables; outputs and inputs each form a frame, laid out with {@link FrameLayout}, whose
 * offsets the {@code Variable.offset()} of each argument gives.
 *
 * @param outputs         output formal arguments (at most one in HSAIL 1.0)
 * @param inputs          input formal arguments; the last may be a flexible array (variadic)
 * @param outputFrameSize bytes of the output argument frame
 * @param inputFrameSize  bytes of the input argument frame (without a variadic tail)
 * @param body            the code block; empty for a declaration
 */
public record Function(String name, Linkage linkage, boolean indirect, List<Variable> outputs, List<Variable> inputs,
                       long outputFrameSize, long inputFrameSize, ControlDirectives controls, Optional<Body> body,
                       SourcePosition position) implements ModuleStatement {
    public Function {
        Objects.requireNonNull(name);
        outputs = List.copyOf(outputs);
        inputs = List.copyOf(inputs);
        Objects.requireNonNull(controls);
        Objects.requireNonNull(body);
    }

    public boolean isDefinition() {
        return body.isPresent();
    }
}
