package org.hsaj.hsail.exec;

import org.hsaj.hsail.ir.Variable;

/**
 * Where the global and readonly variables of a loaded module live in shared virtual memory: the
 * executable loader's answer, which a back end consults when it finalizes a kernel (see
 * {@link KernelCompiler#compile(org.hsaj.hsail.ir.Module, org.hsaj.hsail.ir.Kernel, VariableAddresses)}).
 *
 * <p>Implementations are immutable once handed to a back end and safe to query from any thread.
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
