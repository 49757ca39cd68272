package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.junit.jupiter.api.Test;

class VectorAddTest {
    static final String VECTOR_ADD = """
            module &m:1:0:$full:$large:$default;
            prog kernel &vector_add(kernarg_u64 %a, kernarg_u64 %b, kernarg_u64 %c, kernarg_u32 %n)
            {
                workitemabsid_u32 $s0, 0;
                ld_kernarg_u32 $s1, [%n];
                cmp_ge_b1_u32 $c0, $s0, $s1;
                cbr_b1 $c0, @done;
                cvt_u64_u32 $d0, $s0;
                shl_u64 $d0, $d0, 2;
                ld_kernarg_u64 $d1, [%a];
                add_u64 $d1, $d1, $d0;
                ld_global_f32 $s2, [$d1];
                ld_kernarg_u64 $d2, [%b];
                add_u64 $d2, $d2, $d0;
                ld_global_f32 $s3, [$d2];
                add_f32 $s4, $s2, $s3;
                ld_kernarg_u64 $d3, [%c];
                add_u64 $d3, $d3, $d0;
                st_global_f32 $s4, [$d3];
            @done:
                ret;
            };
            """;

    @Test
    void addsTwoVectorsWithAPartialLastWorkGroup() {
        for (JvmCompilerOptions options : new JvmCompilerOptions[] {JvmCompilerOptions.checkedMode(),
                JvmCompilerOptions.fastMode()}) {
            try (KernelRunner r = new KernelRunner()) {
                int n = 1000;
                long a = r.allocate(4L * n);
                long b = r.allocate(4L * n);
                long c = r.allocate(4L * n);
                for (int i = 0; i < n; i++) {
                    r.memory.storeFloat(a + 4L * i, i * 0.5f);
                    r.memory.storeFloat(b + 4L * i, 1000 - i);
                    r.memory.storeFloat(c + 4L * i, -1);
                }
                CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(options), VECTOR_ADD);
                r.run(k, DispatchGeometry.of1D(n - 3, 64), r.kernarg(a, b, c, n - 5));
                for (int i = 0; i < n; i++) {
                    float expected = i < n - 5 ? i * 0.5f + (1000 - i) : -1;
                    assertEquals(expected, r.memory.loadFloat(c + 4L * i), "element " + i);
                }
            }
        }
    }
}
