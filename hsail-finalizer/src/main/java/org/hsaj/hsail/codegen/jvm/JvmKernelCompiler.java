package org.hsaj.hsail.codegen.jvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.interp.VariableAddresses;

/**
 * The {@code jvm} back end: finalizes an HSAIL kernel into a hidden class whose generated code runs a
 * whole work-group as loops over its work-items (see {@link KernelClassGenerator}), with HSAIL
 * registers in JVM locals, memory accesses on the shared memory's {@code MemorySegment}, barriers as
 * points where every work-item stops and the group resumes together.
 *
 * <p>Checked mode (the default, {@code -Dhsaj.gpu.checked=true}) checks every access against the page
 * table or the segment's bounds and reports a bad one as a {@code KernelFault} naming the kernel,
 * work-item, work-group and source line; fast mode ({@code false}) relies on the memory segment's own
 * bounds check. {@code -Dhsaj.dump=DIR} writes every generated class file to DIR.
 *
 * <p>Limits, each reported at compile time with an {@code HsailException} naming the instruction:
 * images, fine-grain barriers, exception detection instructions, indirect calls, barriers and
 * cross-lane operations inside functions, 128-bit cross-lane permutes, and global or readonly
 * variables when no loader placed them. Recursion gets 16 KiB of private stack per work-item and
 * alloca 4 KiB; running out is a kernel fault.
 *
 * <p>Thread-safe: compiling is stateless apart from the dump file counter.
 */
public final class JvmKernelCompiler implements KernelCompiler {
    private static final AtomicInteger DUMPED = new AtomicInteger();
    private final JvmCompilerOptions options;

    /** A compiler with options from the system properties. */
    public JvmKernelCompiler() {
        this(JvmCompilerOptions.fromSystemProperties());
    }

    public JvmKernelCompiler(JvmCompilerOptions options) {
        this.options = options;
    }

    public JvmCompilerOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "jvm";
    }

    /**
     * Compiles {@code kernel}; its code may not take the address of global or readonly variables (there
     * is no loader to place them). See {@link #compile(Module, Kernel, VariableAddresses)}.
     */
    @Override
    public CompiledKernel compile(Module module, Kernel kernel) {
        return compile(module, kernel, null);
    }

    /**
     * Compiles {@code kernel} for an executable whose loader placed the module's global and readonly
     * variables at {@code globals} (the addresses become constants of the generated code).
     */
    public CompiledKernel compile(Module module, Kernel kernel, VariableAddresses globals) {
        KernelClassGenerator.Generated g = KernelClassGenerator.generate(module, kernel, options, globals);
        options.dumpDirectory().ifPresent(dir -> dump(dir, g));
        WorkGroupProgram program;
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(g.bytes(), true);
            program = (WorkGroupProgram) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class))
                    .invoke();
        } catch (Throwable t) {
            throw new IllegalStateException("generated class for kernel " + kernel.name() + " failed to load: " + t, t);
        }
        return new JvmCompiledKernel(kernel, program, g);
    }

    private static void dump(Path dir, KernelClassGenerator.Generated g) {
        try {
            Files.createDirectories(dir);
            String simple = g.className().substring(g.className().lastIndexOf('/') + 1);
            Files.write(dir.resolve(simple + "_" + DUMPED.incrementAndGet() + ".class"), g.bytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot dump generated class to " + dir, e);
        }
    }
}
