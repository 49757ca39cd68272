package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Big kernels are spread over several methods, each under the JIT's 8,000-byte limit; class dumps. */
class MethodSplittingTest {
    /**
     * A kernel with a long straight-line stretch, a loop whose body holds a barrier and a long
     * stretch, and values live across all of it.
     */
    static String bigKernel(int stretch) {
        StringBuilder b = new StringBuilder("""
                module &m:1:0:$full:$large:$default;
                prog kernel &big(kernarg_u64 %out)
                {
                    group_u32 %g[64];
                    workitemabsid_u32 $s0, 0;
                    workitemid_u32 $s1, 0;
                    mov_b32 $s2, 1;
                    mov_b32 $s3, 2;
                """);
        for (int i = 0; i < stretch; i++) {
            b.append("    mad_u32 $s2, $s2, ").append(3 + i % 7).append(", $s0;\n");
            b.append("    xor_b32 $s3, $s3, $s2;\n");
            b.append("    shr_u32 $s4, $s3, ").append(i % 13).append(";\n");
            b.append("    add_u32 $s2, $s2, $s4;\n");
        }
        b.append("    mov_b32 $s5, 0;\n@loop:\n");
        b.append("    shl_u32 $s6, $s1, 2;\n    st_group_u32 $s2, [%g][$s6];\n    barrier;\n");
        b.append("    xor_b32 $s6, $s1, 1;\n    shl_u32 $s6, $s6, 2;\n    ld_group_u32 $s7, [%g][$s6];\n");
        b.append("    barrier;\n    add_u32 $s2, $s2, $s7;\n");
        for (int i = 0; i < stretch; i++) {
            b.append("    mad_u32 $s3, $s3, ").append(5 + i % 11).append(", $s2;\n");
            b.append("    rem_u32 $s8, $s3, ").append(7 + i).append(";\n");
            b.append("    add_u32 $s2, $s2, $s8;\n");
        }
        b.append("""
                    add_u32 $s5, $s5, 1;
                    cmp_lt_b1_u32 $c0, $s5, 3;
                    cbr_b1 $c0, @loop;
                    cvt_u64_u32 $d0, $s0;
                    shl_u64 $d0, $d0, 3;
                    ld_kernarg_u64 $d1, [%out];
                    add_u64 $d1, $d1, $d0;
                    st_v2_global_u32 ($s2, $s3), [$d1];
                    ret;
                };
                """);
        return b.toString();
    }

    @Test
    void aKernelTooBigForOneMethodIsSplitAndStillMatchesTheInterpreter() {
        String hsail = bigKernel(700);
        Module m = KernelRunner.parse(hsail);
        Kernel k = m.kernels().getFirst();
        JvmCompiledKernel ck = (JvmCompiledKernel) new JvmKernelCompiler(JvmCompilerOptions.checkedMode()).compile(m, k);
        List<Integer> sizes = ck.generated().methodSizes();
        assertTrue(sizes.size() > 2, "expected several parts, got method sizes " + sizes);
        for (int s : sizes) {
            assertTrue(s <= 8000, "method of " + s + " bytes in " + sizes);
        }
        Differential.assertSameAsInterpreter(new Differential.Case(hsail, DispatchGeometry.of1D(96, 32),
                List.of(new byte[8 * 96]), a -> new Object[] {a[0]}));
    }

    @Test
    void dumpWritesEveryGeneratedClassAndTheClassesVerify(@TempDir Path dir) throws Exception {
        JvmKernelCompiler compiler = new JvmKernelCompiler(JvmCompilerOptions.fastMode().withDumpDirectory(dir));
        KernelRunner.compile(compiler, Resources.kernel("reduction.hsail"));
        KernelRunner.compile(compiler, Resources.kernel("functions.hsail"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> classes = files.sorted().toList();
            assertEquals(2, classes.size(), "dumped " + classes);
            for (Path p : classes) {
                assertTrue(p.getFileName().toString().startsWith("HsailKernel_"), p.toString());
                KernelRunner.verify(Files.readAllBytes(p));
            }
        }
    }

    @Test
    void theSystemPropertiesChooseTheModeAndTheDumpDirectory(@TempDir Path dir) {
        String checked = System.getProperty(JvmCompilerOptions.CHECKED_PROPERTY);
        String dump = System.getProperty(JvmCompilerOptions.DUMP_PROPERTY);
        try {
            System.setProperty(JvmCompilerOptions.CHECKED_PROPERTY, "false");
            System.setProperty(JvmCompilerOptions.DUMP_PROPERTY, dir.toString());
            JvmCompilerOptions o = new JvmKernelCompiler().options();
            assertEquals(false, o.checked());
            assertEquals(dir, o.dumpDirectory().orElseThrow());
            System.clearProperty(JvmCompilerOptions.CHECKED_PROPERTY);
            System.clearProperty(JvmCompilerOptions.DUMP_PROPERTY);
            assertEquals(JvmCompilerOptions.checkedMode(), new JvmKernelCompiler().options());
        } finally {
            restore(JvmCompilerOptions.CHECKED_PROPERTY, checked);
            restore(JvmCompilerOptions.DUMP_PROPERTY, dump);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
