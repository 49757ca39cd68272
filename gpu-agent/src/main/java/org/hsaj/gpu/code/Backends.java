package org.hsaj.gpu.code;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;

/**
 * The back ends that finalize HSAIL kernels, by the names settings and command lines use: {@code jvm}
 * (kernels become JVM bytecode, the default) and {@code interp} (the reference interpreter). The
 * system property {@value #PROPERTY} names the default.
 *
 * <p>Immutable and safe to share between threads; every lookup makes a new compiler.
 */
public final class Backends {
    /** The system property naming the default back end. */
    public static final String PROPERTY = "hsaj.gpu.backend";
    /** The JVM bytecode back end. */
    public static final String JVM = "jvm";
    /** The reference interpreter. */
    public static final String INTERP = "interp";

    private static final Backends STANDARD = new Backends(Map.of())
            .with(JVM, StandardBackends::jvm)
            .with(INTERP, StandardBackends::interpreter);

    private final Map<String, Supplier<KernelCompiler>> factories;

    private Backends(Map<String, Supplier<KernelCompiler>> factories) {
        this.factories = factories;
    }

    /** The back ends this build has: {@code jvm} and {@code interp}. */
    public static Backends standard() {
        return STANDARD;
    }

    /** These back ends and {@code name} (replacing one of that name). */
    public Backends with(String name, Supplier<KernelCompiler> factory) {
        Map<String, Supplier<KernelCompiler>> more = new LinkedHashMap<>(factories);
        more.put(name, factory);
        return new Backends(java.util.Collections.unmodifiableMap(more));
    }

    /** The names, default first. */
    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /**
     * A compiler of the back end {@code name}.
     *
     * @throws HsaException ERROR_INVALID_ARGUMENT naming the back ends that exist
     */
    public KernelCompiler compiler(String name) {
        Supplier<KernelCompiler> factory = factories.get(name);
        if (factory == null) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "no back end named '" + name + "' (have: "
                    + String.join(", ", names()) + ")");
        }
        return factory.get();
    }

    /** The compilers of {@code names}, in that order. */
    public List<KernelCompiler> compilers(List<String> names) {
        return names.stream().map(this::compiler).toList();
    }

    /**
     * The default back end: the value of {@value #PROPERTY}, else {@code jvm}.
     *
     * @throws HsaException ERROR_INVALID_ARGUMENT when the property names no back end
     */
    public String defaultName() {
        String name = System.getProperty(PROPERTY, JVM).trim();
        if (!factories.containsKey(name)) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, PROPERTY + "=" + name
                    + " names no back end (have: " + String.join(", ", names()) + ")");
        }
        return name;
    }
}
