package org.hsaj.hsail.ir;

import java.util.List;
import java.util.Objects;

/**
 * An HSAIL module (PRM 4.3, 14): header, extensions, and its top-level statements in source order.
 * Immutable and safe to share between threads.
 *
 * @param name       with its sigil ({@code &m})
 * @param extensions the names of {@code extension} directives ({@code "IMAGE"})
 * @param statements variables, kernels, functions and signatures in source order; a name may appear
 *                   several times (declarations, then one definition)
 */
public record Module(String name, int majorVersion, int minorVersion, Profile profile, MachineModel machineModel,
                     FloatRoundingMode defaultFloatRounding, List<String> extensions,
                     List<ModuleStatement> statements) {

    /** {@code $base} or {@code $full} (PRM 16). */
    public enum Profile { BASE, FULL }

    /** {@code $small} (32-bit addresses) or {@code $large} (64-bit addresses). */
    public enum MachineModel {
        SMALL, LARGE;

        /** The type of a flat or global address in this model. */
        public DataType addressType() {
            return this == LARGE ? DataType.U64 : DataType.U32;
        }
    }

    /** {@code $default}, {@code $zero} or {@code $near}: the default rounding of float results. */
    public enum FloatRoundingMode { DEFAULT, ZERO, NEAR }

    public Module {
        Objects.requireNonNull(name);
        Objects.requireNonNull(profile);
        Objects.requireNonNull(machineModel);
        Objects.requireNonNull(defaultFloatRounding);
        extensions = List.copyOf(extensions);
        statements = List.copyOf(statements);
    }

    public List<Kernel> kernels() {
        return statements.stream().filter(Kernel.class::isInstance).map(Kernel.class::cast).toList();
    }

    public List<Function> functions() {
        return statements.stream().filter(Function.class::isInstance).map(Function.class::cast).toList();
    }

    public List<Variable> variables() {
        return statements.stream().filter(Variable.class::isInstance).map(Variable.class::cast).toList();
    }

    public List<Signature> signatures() {
        return statements.stream().filter(Signature.class::isInstance).map(Signature.class::cast).toList();
    }

    /** The kernel named {@code kernelName} ({@code &k}), its definition if there is one; else null. */
    public Kernel kernel(String kernelName) {
        return pick(kernels(), kernelName, Kernel::isDefinition);
    }

    /** The function named {@code functionName}, its definition if there is one; else null. */
    public Function function(String functionName) {
        return pick(functions(), functionName, Function::isDefinition);
    }

    /** The module variable named {@code variableName}, its definition if there is one; else null. */
    public Variable variable(String variableName) {
        return pick(variables(), variableName, Variable::isDefinition);
    }

    public Signature signature(String signatureName) {
        return pick(signatures(), signatureName, s -> true);
    }

    private static <T extends ModuleStatement> T pick(List<T> all, String wanted,
                                                      java.util.function.Predicate<T> isDefinition) {
        T found = null;
        for (T t : all) {
            if (t.name().equals(wanted)) {
                if (isDefinition.test(t)) {
                    return t;
                }
                found = found == null ? t : found;
            }
        }
        return found;
    }
}
