package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hsaj.hsail.analysis.HsailException;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.runtime.api.HsaException;
import org.junit.jupiter.api.Test;

/** What the back end cannot run fails at compile time with the instruction and its position; bad dispatches too. */
class UnsupportedInputTest {
    private static final String PREFIX = "HSA_STATUS_EXT_ERROR_INVALID_MODULE (0x2001): test.hsail:";

    private static String compileError(String hsail) {
        HsailException e = assertThrows(HsailException.class, () -> KernelRunner.compile(
                new JvmKernelCompiler(JvmCompilerOptions.checkedMode()), hsail));
        return e.getMessage();
    }

    @Test
    void indirectCallsAreRejectedAtTheCall() {
        String hsail = """
                module &m:1:0:$full:$large:$default;
                signature &unary(arg_u32)(arg_u32);
                prog kernel &k(kernarg_u64 %f)
                {
                    ld_kernarg_u64 $d0, [%f];
                    {
                        arg_u32 %o;
                        arg_u32 %i;
                        icall_u64 $d0 (%o) (%i) &unary;
                    }
                };
                """;
        assertEquals(PREFIX + "9:9: error: jvm back end: cannot compile 'icall_u64 $d0 (%o) (%i) &unary': indirect"
                + " calls (icall) are not supported", compileError(hsail));
    }

    @Test
    void barriersInsideFunctionsAreRejected() {
        String hsail = """
                module &m:1:0:$full:$large:$default;
                function &f()()
                {
                    barrier;
                };
                prog kernel &k()
                {
                    {
                        call &f () ();
                    }
                };
                """;
        assertEquals(PREFIX + "4:5: error: jvm back end: cannot compile 'barrier': barriers and cross-lane operations"
                + " inside functions are not supported (only in the kernel's own code)", compileError(hsail));
    }

    @Test
    void globalVariablesNeedTheLoadersAddresses() {
        String hsail = """
                module &m:1:0:$full:$large:$default;
                prog global_u32 &counter = 5;
                prog kernel &k()
                {
                    ld_global_u32 $s0, [&counter];
                };
                """;
        assertEquals(PREFIX + "5:5: error: jvm back end: cannot compile 'ld_global_u32 $s0, [&counter]': global"
                + " variable &counter has no address: compile with the loader's variable addresses",
                compileError(hsail));
    }

    @Test
    void exceptionDetectionInstructionsAreRejected() {
        String detect = """
                module &m:1:0:$full:$large:$default;
                prog kernel &k()
                {
                    getdetectexcept_u32 $s0;
                };
                """;
        assertEquals(PREFIX + "4:5: error: jvm back end: cannot compile 'getdetectexcept_u32 $s0': floating-point"
                + " exception detection is not modelled by the jvm back end", compileError(detect));
    }

    @Test
    void aDispatchWithTooLittlePrivateMemoryIsRefused() {
        String hsail = """
                module &m:1:0:$full:$large:$default;
                prog kernel &k()
                {
                    private_u32 %p[64];
                    st_private_u32 1, [%p];
                };
                """;
        try (KernelRunner r = new KernelRunner(256L << 20)) {
            var k = KernelRunner.compile(new JvmKernelCompiler(JvmCompilerOptions.checkedMode()), hsail);
            assertEquals(256, k.privateSegmentSize());
            var d = org.hsaj.hsail.exec.DispatchContext.standalone(r.memory, DispatchGeometry.of1D(4, 4), r.kernarg(0), 0,
                    16);
            HsaException e = assertThrows(HsaException.class, () -> r.run(k, d));
            assertEquals("HSA_STATUS_ERROR_INVALID_ARGUMENT (0x1001): kernel &k: the dispatch gives a private segment of"
                    + " 16 bytes per work-item, kernel needs 256", e.getMessage());
        }
    }
}
