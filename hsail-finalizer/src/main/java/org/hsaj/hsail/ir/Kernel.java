package org.hsaj.hsail.ir;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A kernel declaration or definition (PRM 4.3.2).
 *
 * @param parameters             kernarg variables, in order, with their offsets in the kernarg segment
 * @param kernargSegmentSize     bytes of kernarg the dispatch must provide: parameters and padding,
 *                               rounded up to a multiple of 16 (PRM 4.21)
 * @param kernargSegmentAlignment the larger of 16 and the largest parameter alignment
 * @param body                   the code block; empty for a declaration
 */
public record Kernel(String name, Linkage linkage, List<Variable> parameters, long kernargSegmentSize,
                     int kernargSegmentAlignment, ControlDirectives controls, Optional<Body> body,
                     SourcePosition position) implements ModuleStatement {
    public Kernel {
        Objects.requireNonNull(name);
        parameters = List.copyOf(parameters);
        Objects.requireNonNull(controls);
        Objects.requireNonNull(body);
    }

    public boolean isDefinition() {
        return body.isPresent();
    }

    /** The parameter named {@code name} ({@code %in}), or null. */
    public Variable parameter(String paramName) {
        return parameters.stream().filter(p -> p.name().equals(paramName)).findFirst().orElse(null);
    }

    /** Bytes of group memory the kernel's own variables need (0 for a declaration). */
    public long groupSegmentSize() {
        return body.map(Body::groupSegmentSize).orElse(0L);
    }

    /** Bytes of private memory per work-item the kernel's own code block needs (not its callees'). */
    public long privateSegmentSize() {
        return body.map(Body::privateSegmentSize).orElse(0L);
    }
}
