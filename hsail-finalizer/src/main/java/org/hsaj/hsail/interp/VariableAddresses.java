package org.hsaj.hsail.interp;

import org.hsaj.hsail.ir.Variable;

/**
 * Where the global and readonly variables of a loaded module live in shared virtual memory: the
 * executable loader's answer, consulted by the interpreter (and by generated code when it is set up).
 */
@FunctionalInterface
public interface VariableAddresses {
    /**
     * The flat address of global or readonly variable {@code v}; for a module variable {@code v} may
     * be any declaration of it.
     *
     * @throws IllegalArgumentException when the variable has no allocation
     */
    long addressOf(Variable v);
}
