package org.hsaj.gpu.code;

import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Variable;

/**
 * One kernarg parameter of a kernel, where the host writes it: {@code offset} bytes from the kernarg
 * segment's start, {@code size} bytes long.
 *
 * @param name with its sigil ({@code %in})
 * @param dimension 0 for a scalar, else the element count of an array parameter
 */
public record KernelArgument(String name, DataType type, long dimension, long offset, long size, int alignment) {
    static KernelArgument of(Variable parameter) {
        return new KernelArgument(parameter.name(), parameter.type(), parameter.dimension(), parameter.offset(),
                parameter.size(), parameter.alignment());
    }

    @Override
    public String toString() {
        return "kernarg_" + type.name().toLowerCase(java.util.Locale.ROOT) + " " + name
                + (dimension != 0 ? "[" + dimension + "]" : "") + " @" + offset;
    }
}
