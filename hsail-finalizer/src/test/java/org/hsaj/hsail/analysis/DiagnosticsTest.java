package org.hsaj.hsail.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hsaj.hsail.text.HsailParser;
import org.hsaj.runtime.api.HsaStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each class of error, with its exact message and position. */
class DiagnosticsTest {
    private static final String HEADER = "module &m:1:0:$full:$large:$default;\n";

    /** The diagnostics of a kernel whose body is {@code body}, as strings. */
    private static List<String> kernel(String body) {
        return check(HEADER + "kernel &k(kernarg_u64 %p, kernarg_u32 %n)\n{\n" + body + "};\n");
    }

    private static List<String> check(String text) {
        return HsailParser.check("t.hsail", text).stream().map(Diagnostic::toString).toList();
    }

    @Test
    void missingModuleHeader() {
        assertEquals(List.of("t.hsail:1:1: error: missing module header: expected"
                + " 'module &name:1:0:$full:$large:$default;' before 'kernel'"),
                check("kernel &k()\n{\n\tret;\n};\n"));
    }

    @Test
    void badModuleHeader() {
        assertEquals(List.of("t.hsail:1:15: error: expected a profile ($full or $base), found '$fast'"),
                check("module &m:1:0:$fast:$large:$default;\n"));
        assertEquals(List.of("t.hsail:1:11: error: unsupported HSAIL version 2:0: this finalizer reads version 1:0"),
                check("module &m:2:0:$full:$large:$default;\n"));
    }

    @Test
    void registerReadButNeverWrittenIsAWarning() {
        assertEquals(List.of("t.hsail:5:2: warning: register $s7 is read by 'add_u32' but never written in &k; its"
                + " value is undefined"), kernel("\tmov_b32 $s1, 1;\n\tadd_u32 $s2, $s1, $s7;\n\tret;\n"));
        // A warning does not stop the module from being used.
        HsailParser.parse("t.hsail", HEADER + "kernel &k()\n{\n\tadd_u32 $s2, $s1, $s7;\n\tret;\n};\n");
    }

    @Test
    void annotationsMayPrecedeTheHeader() {
        assertEquals(List.of(), check("pragma \"x\";\nloc 1 \"a.cl\";\n" + HEADER + "kernel &k() { ret; };\n"));
    }

    @Test
    void controlDirectiveValuesOutOfRange() {
        // Found by random edits: a 64-bit group size printed as -1, which did not parse back.
        assertEquals(List.of("t.hsail:4:22: error: expected a 32-bit unsigned value, found 18446744073709551615"),
                kernel("\tmaxdynamicgroupsize 18446744073709551615;\n\tret;\n"));
        assertEquals(List.of("t.hsail:4:24: error: expected a 32-bit unsigned value, found 4294967296"),
                kernel("\tenablebreakexceptions 4294967296;\n\tret;\n"));
        assertEquals(List.of("t.hsail:4:31: error: expected a 32-bit unsigned value, found 4294967296"),
                kernel("\trequiredworkgroupsize 64, 1, 4294967296;\n\tret;\n"));
        assertEquals(List.of("t.hsail:4:18: error: unsupported feature: the size 18446744073709551615 (2^64 - 1) is not"
                + " supported by this finalizer"), kernel("\tmaxflatgridsize 18446744073709551615;\n\tret;\n"));
        assertEquals(List.of(), kernel("\tmaxflatgridsize 18446744073709551614;\n\tenabledetectexceptions 4294967295;\n"
                + "\trequiredgridsize 4294967296, 1, WAVESIZE;\n\tret;\n"));
    }

    @Test
    void initializedArraysTooLargeToHoldInMemory() {
        // 2^31 floats: their 8 GiB image once wrapped to an empty array (an ArrayIndexOutOfBoundsException).
        assertEquals(List.of("t.hsail:2:12: error: unsupported feature: initialized array &f of 8589934592 bytes: this"
                + " finalizer keeps the image of an initialized variable in memory, up to 1073741824 bytes"),
                check(HEADER + "global_f32 &f[2147483648] = f32[](1.5f, 2.0f);\n"));
        assertEquals(List.of("t.hsail:2:11: error: unsupported feature: initialized array &b of 1073741825 bytes: this"
                + " finalizer keeps the image of an initialized variable in memory, up to 1073741824 bytes"),
                check(HEADER + "global_u8 &b[1073741825] = u8[](7);\n"));
        assertEquals(List.of(), check(HEADER + "global_u8 &ok[4096] = u8[](7);\n"));
    }

    @Test
    void unsupportedHugeArraysAndImageConstants() {
        assertEquals(List.of("t.hsail:2:14: error: unsupported feature: an array of 18446744073709551615 elements does"
                + " not fit a 64-bit address space"), check(HEADER + "global_s8 &x[18446744073709551615];\n"));
        assertEquals(List.of("t.hsail:2:21: error: unsupported feature: roimg constants (images and samplers) are not"
                + " supported by this finalizer"), check(HEADER + "global_roimg &img = roimg(geometry = 2d);\n"));
    }

    @Test
    void undefinedLabel() {
        assertEquals(List.of("t.hsail:4:5: error: undefined label @nowhere in &k"), kernel("\tbr @nowhere;\n\tret;\n"));
    }

    @Test
    void undefinedVariableAndFunction() {
        assertEquals(List.of("t.hsail:4:22: error: undefined variable %missing"),
                kernel("\tld_global_u32 $s0, [%missing];\n\tret;\n"));
        assertEquals(List.of("t.hsail:5:7: error: undefined function &f: declare or define it before the call"),
                kernel("\t{\n\tcall &f () ();\n\t}\n\tret;\n"));
    }

    @Test
    void callOutsideAnArgBlockAndUndefinedArgument() {
        String fn = HEADER + "function &f(arg_u32 %r)(arg_u32 %a)\n{\n\tst_arg_u32 1, [%r];\n\tret;\n};\n";
        assertEquals(List.of("t.hsail:9:2: error: 'call' must be inside an arg block { ... } that defines its"
                + " arguments"), check(fn + "kernel &k()\n{\n\tcall &f (%r) (%a);\n\tret;\n};\n"));
        assertEquals(List.of("t.hsail:11:16: error: undefined arg variable %a: call arguments must be defined in the"
                + " enclosing arg block"),
                check(fn + "kernel &k()\n{\n\t{\n\targ_u32 %r;\n\tcall &f (%r) (%a);\n\t}\n\tret;\n};\n"));
        assertEquals(List.of("t.hsail:12:2: error: 'call': input argument %b is u64 but &f expects u32"),
                check(fn + "kernel &k()\n{\n\t{\n\targ_u32 %r;\n\targ_u64 %b;\n\tcall &f (%r) (%b);\n\t}\n"
                        + "\tret;\n};\n"));
        assertEquals(List.of("t.hsail:11:2: error: 'call' passes 0 input arguments but &f takes 1"),
                check(fn + "kernel &k()\n{\n\t{\n\targ_u32 %r;\n\tcall &f (%r) ();\n\t}\n\tret;\n};\n"));
    }

    @Test
    void wrongOperandCount() {
        assertEquals(List.of("t.hsail:4:2: error: 'add_u32' takes 3 operands, found 2"),
                kernel("\tadd_u32 $s1, 2;\n\tret;\n"));
    }

    @Test
    void wrongOperandKind() {
        assertEquals(List.of("t.hsail:4:2: error: operand 2 of 'add_u64' must be a register or constant, found address"
                + " [$d1]"), kernel("\tadd_u64 $d0, [$d1], 1;\n\tret;\n").subList(0, 1));
    }

    @Test
    void typeNotAllowedForTheOpcode() {
        assertEquals(List.of("t.hsail:4:2: error: 'add_u8' is not valid: add takes type u32, u64, s32, s64, f16, f32,"
                + " f64, u8x4, s8x4, u16x2, s16x2, f16x2, ..., found u8"), kernel("\tadd_u8 $s0, 1, 2;\n\tret;\n"));
    }

    @Test
    void registerClassMismatch() {
        assertEquals(List.of("t.hsail:4:2: error: operand 1 of 'add_u64': expected a $d register for type u64, found $s0"),
                kernel("\tadd_u64 $s0, 1, 2;\n\tret;\n"));
        assertEquals(List.of("t.hsail:5:2: error: 'ld_global_u32': global addresses are 64-bit, so the address"
                + " register must be a $d register, found $s1"),
                kernel("\tmov_b32 $s1, 0;\n\tld_global_u32 $s0, [$s1];\n\tret;\n"));
    }

    @Test
    void segmentMisuse() {
        assertEquals(List.of("t.hsail:4:2: error: 'st_kernarg_u32' cannot store to the kernarg segment: it is"
                + " read-only for kernels"), kernel("\tst_kernarg_u32 1, [%n];\n\tret;\n"));
        assertEquals(List.of("t.hsail:5:2: error: 'atomicnoret_add_private_rlx_wg_u32': atomic operations are only"
                + " allowed on flat, global and group addresses, not private"),
                kernel("\tprivate_u32 %x;\n\tatomicnoret_add_private_rlx_wg_u32 [%x], 1;\n\tret;\n"));
        assertEquals(List.of("t.hsail:4:2: error: 'ld_global_u32' addresses the global segment but %n is a kernarg"
                + " variable"), kernel("\tld_global_u32 $s0, [%n];\n\tret;\n"));
        assertEquals(List.of("t.hsail:4:2: error: 'ld_u32' uses a flat address, which cannot name a variable: %n is in"
                + " the kernarg segment (write 'ld_kernarg_...')"), kernel("\tld_u32 $s0, [%n];\n\tret;\n"));
    }

    @Test
    void badImmediates() {
        assertEquals(List.of("t.hsail:4:15: error: 64-bit float constant 1.0 does not match the 32-bit f32 operand:"
                + " write 1.0f"), kernel("\tmov_f32 $s0, 1.0;\n\tret;\n"));
        assertEquals(List.of("t.hsail:4:16: error: integer constant 5 cannot be a 128-bit b128 operand: write a packed"
                + " constant such as u32x4(1, 2, 3, 4)"), kernel("\tmov_b128 $q0, 5;\n\tret;\n"));
        assertEquals(List.of("t.hsail:4:18: error: float constant 1.5f cannot be a u32 value"),
                kernel("\tadd_u32 $s0, 7, 1.5f;\n\tret;\n"));
        assertEquals(List.of("t.hsail:4:22: error: u8x4 constant u8x4(...) needs 4 elements, found 3"),
                kernel("\tadd_pp_u8x4 $s0, 1, u8x4(1, 2, 3);\n\tret;\n"));
    }

    @Test
    void duplicateDefinitions() {
        assertEquals(List.of("t.hsail:5:14: error: duplicate definition of %x in &k (first defined at t.hsail:4:14)"),
                kernel("\tprivate_u32 %x;\n\tprivate_u32 %x;\n\tret;\n"));
        assertEquals(List.of("t.hsail:5:1: error: duplicate label @a in &k (first defined at t.hsail:4:1)"),
                kernel("@a:\n@a:\n\tret;\n"));
        assertEquals(List.of("t.hsail:3:8: error: duplicate definition of &k (first defined at t.hsail:2:8)"),
                check(HEADER + "kernel &k() { ret; };\nkernel &k() { ret; };\n"));
    }

    @Test
    void unsupportedFeatures() {
        assertEquals(List.of("t.hsail:2:1: error: unsupported feature: fbarrier (fine-grain barriers) is not supported"
                + " by this finalizer"), check(HEADER + "fbarrier &fb;\n"));
        assertEquals(List.of("t.hsail:4:2: error: unsupported feature: 'rdimage' (images) is not supported by this"
                + " finalizer"), kernel("\trdimage_v4_2d_f32_roimg_f32 ($s0, $s1, $s2, $s3), $d0, $d1, ($s4, $s5);\n"
                + "\tret;\n"));
        assertEquals(List.of("t.hsail:1:1: error: unsupported feature: the small machine model ($small); this platform"
                + " runs $large modules"), check("module &m:1:0:$full:$small:$default;\n\nkernel &k() { ret; };\n"));
    }

    @Test
    void modifierErrors() {
        assertEquals(List.of("t.hsail:4:2: error: modifier '_ftz' is not allowed on 'shl'"),
                kernel("\tshl_ftz_u32 $s0, 1, 2;\n\tret;\n"));
        assertEquals(List.of("t.hsail:4:2: error: unknown modifier '_fast' in 'add_fast_u32'"),
                kernel("\tadd_fast_u32 $s0, 1, 2;\n\tret;\n"));
        assertEquals(List.of("t.hsail:4:2: error: 'atomic_add_global_u32' needs a memory order (_rlx, _scacq, _screl,"
                + " _scar) and a memory scope (_wave, _wg, _agent, _system)"),
                kernel("\tatomic_add_global_u32 $s0, [$d0], 1;\n\tret;\n"));
        assertEquals(List.of("t.hsail:4:2: error: 'add_up_u32': rounding _up is only allowed on floating-point operations"),
                kernel("\tadd_up_u32 $s0, 1, 2;\n\tret;\n"));
        assertEquals(List.of("t.hsail:4:2: error: 'add_u8x4': packed type u8x4 needs a packing control such as _pp"),
                kernel("\tadd_u8x4 $s0, 1, 2;\n\tret;\n"));
    }

    @Test
    void lexicalErrors() {
        assertEquals(List.of("t.hsail:4:15: error: unexpected character '#'"),
                kernel("\tmov_b32 $s0, #1;\n\tret;\n"));
        assertEquals(List.of("t.hsail:4:15: error: bad octal constant '09': octal digits are 0 to 7"),
                kernel("\tmov_b32 $s0, 09;\n\tret;\n"));
        assertEquals("t.hsail:2:8: error: unterminated string: expected '\"' before end of line",
                check(HEADER + "pragma \"abc;\n").getFirst());
        assertEquals("t.hsail:2:1: error: unterminated comment: expected '*/' before end of file",
                check(HEADER + "/* never closed").getFirst());
    }

    @Test
    void syntaxErrorsAreReportedAndParsingGoesOn() {
        assertEquals(List.of("t.hsail:5:2: error: expected ';' after the operands of 'mov_b32', found 'mov_b32'",
                "t.hsail:6:2: error: unknown instruction 'frobnicate'",
                "t.hsail:7:2: error: 'add_u64' takes 3 operands, found 1"),
                kernel("\tmov_b32 $s0, 1\n\tmov_b32 $s1, 2;\n\tfrobnicate $s0;\n\tadd_u64 $d0;\n\tret;\n"));
    }

    @Test
    void parseThrowsWithEveryDiagnostic() {
        HsailException e = assertThrows(HsailException.class, () -> HsailParser.parse("t.hsail",
                HEADER + "kernel &k()\n{\n\tbr @a;\n\tbr @b;\n};\n"));
        assertEquals(HsaStatus.EXT_ERROR_INVALID_MODULE, e.status());
        assertEquals(List.of("t.hsail:4:5: error: undefined label @a in &k", "t.hsail:5:5: error: undefined label @b in &k"),
                e.diagnostics().stream().map(Diagnostic::toString).toList());
        assertEquals("HSA_STATUS_EXT_ERROR_INVALID_MODULE (0x2001): t.hsail:4:5: error: undefined label @a in &k\n"
                + "t.hsail:5:5: error: undefined label @b in &k", e.getMessage());
    }

    @Test
    void checkReadsAFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("k.hsail");
        Files.writeString(file, HEADER + "kernel &k()\n{\n\tret\n};\n");
        assertEquals(List.of(file + ":5:1: error: expected ';' after 'ret', found '}'"),
                HsailParser.check(file).stream().map(Diagnostic::toString).toList());
        Path missing = dir.resolve("missing.hsail");
        assertEquals(1, HsailParser.check(missing).size());
        assertEquals(missing + ":0:0: error: cannot read the file: " + missing,
                HsailParser.check(missing).getFirst().toString());
    }
}
