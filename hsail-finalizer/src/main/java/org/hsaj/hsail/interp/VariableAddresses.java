package org.hsaj.hsail.interp;

/**
 * The parameter type through which the JVM back end still takes a loader's variable addresses.
 *
 * @deprecated moved to {@link org.hsaj.hsail.exec.VariableAddresses}; kept only until the JVM back end
 *     takes that one, then removed
 */
@Deprecated(forRemoval = true)
@FunctionalInterface
public interface VariableAddresses extends org.hsaj.hsail.exec.VariableAddresses {
}
