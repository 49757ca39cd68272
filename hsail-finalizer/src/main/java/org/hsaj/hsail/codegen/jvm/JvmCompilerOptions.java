package org.hsaj.hsail.codegen.jvm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of the JVM back end.
 *
 * @param checked       checked mode: flat, global, readonly and kernarg accesses consult the page
 *                      table and group and private accesses are bounds-checked, so a bad access is a
 *                      {@link org.hsaj.hsail.exec.KernelFault} naming the work-item and source line.
 *                      Otherwise (fast mode) only the shared memory segment's own bounds check guards
 *                      accesses; unmapped pages inside it read as zero
 * @param dumpDirectory where to write every generated class file, if anywhere
 */
public record JvmCompilerOptions(boolean checked, Optional<Path> dumpDirectory) {
    /** System property choosing checked ({@code true}, the default) or fast ({@code false}) mode. */
    public static final String CHECKED_PROPERTY = "hsaj.gpu.checked";
    /** System property naming a directory to dump generated class files into. */
    public static final String DUMP_PROPERTY = "hsaj.dump";

    public JvmCompilerOptions {
        java.util.Objects.requireNonNull(dumpDirectory);
    }

    /** Options from the system properties {@value #CHECKED_PROPERTY} and {@value #DUMP_PROPERTY}. */
    public static JvmCompilerOptions fromSystemProperties() {
        boolean checked = !"false".equalsIgnoreCase(System.getProperty(CHECKED_PROPERTY, "true").strip());
        String dump = System.getProperty(DUMP_PROPERTY);
        return new JvmCompilerOptions(checked, dump == null || dump.isBlank() ? Optional.empty()
                : Optional.of(Path.of(dump)));
    }

    public static JvmCompilerOptions checkedMode() {
        return new JvmCompilerOptions(true, Optional.empty());
    }

    public static JvmCompilerOptions fastMode() {
        return new JvmCompilerOptions(false, Optional.empty());
    }

    public JvmCompilerOptions withDumpDirectory(Path dir) {
        return new JvmCompilerOptions(checked, Optional.of(dir));
    }
}
