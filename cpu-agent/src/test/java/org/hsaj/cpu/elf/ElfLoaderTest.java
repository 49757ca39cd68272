package org.hsaj.cpu.elf;

import static org.junit.jupiter.api.Assertions.*;
import static org.hsaj.cpu.testing.Registers.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hsaj.cpu.ExecutionMode;
import org.hsaj.cpu.GuestFault;
import org.hsaj.cpu.GuestLaunch;
import org.hsaj.cpu.GuestRunner;
import org.hsaj.cpu.testing.Asm;
import org.hsaj.cpu.testing.ElfWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading executables: the initial process state for good ones, a specific message for broken ones. */
class ElfLoaderTest {
    static final long TEXT = 0x10000;
    @TempDir
    Path dir;

    /** exit(a0) */
    static Asm exit(Asm asm) {
        return asm.addi(A7, 0, 93).ecall();
    }

    static ElfWriter executable(Asm program) {
        ElfWriter w = new ElfWriter();
        w.entry = TEXT;
        w.segment(1, 5, TEXT, ElfWriter.code(program), ElfWriter.code(program).length);
        return w;
    }

    private int run(byte[] elf, String... args) throws Exception {
        Path file = dir.resolve("program");
        Files.write(file, elf);
        List<String> argv = new java.util.ArrayList<>(List.of("program"));
        argv.addAll(List.of(args));
        return GuestRunner.run(new GuestLaunch(file, argv, Map.of("HOME", "/home/guest"), dir, ExecutionMode.TIERED,
                new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), new ByteArrayOutputStream()));
    }

    private String failure(byte[] elf) {
        GuestFault f = assertThrows(GuestFault.class, () -> run(elf));
        assertEquals(GuestRunner.CANNOT_EXECUTE_STATUS, f.exitStatus());
        return f.getMessage().replace(dir.resolve("program").toString(), "program");
    }

    @Test
    void runsAStaticExecutableToItsExitStatus() throws Exception {
        assertEquals(42, run(executable(exit(new Asm().addi(A0, 0, 42))).build()));
    }

    private static byte[] build(ElfWriter w) {
        return w.build();
    }

    @Test
    void stackHoldsArgcArgvEnvpAndAuxv() throws Exception {
        // exit(argc * 10 + argv[1][0] - '0')
        Asm argc = new Asm().load(3, A0, SP, 0).addi(A1, 0, 10).op(0, 1, A0, A0, A1)
                .load(3, 12, SP, 16).load(4, 12, 12, 0).addi(12, 12, -'0').op(0, 0, A0, A0, 12);
        assertEquals(37, run(build(executable(exit(argc))), "7", "x"));
        Asm alignment = new Asm().word(Asm.i(0x13, 7, A0, SP, 15)); // andi a0, sp, 15
        assertEquals(0, run(build(executable(exit(alignment)))), "sp is 16-byte aligned");
        // Walk past argv and envp to the auxiliary vector; exit with AT_PAGESZ / 256.
        Asm aux = new Asm().load(3, 5, SP, 0).addi(5, 5, 2).word(Asm.i(0x13, 1, 5, 5, 3)).op(0, 0, 5, 5, SP) // t0 = &envp[0]
                .load(3, 6, 5, 0).addi(5, 5, 8).branch(1, 6, 0, -8)       // skip envp up to its NULL
                .load(3, 6, 5, 0).addi(7, 0, 6).branch(0, 6, 7, 12).addi(5, 5, 16).jal(0, -16) // find AT_PAGESZ (6)
                .load(3, A0, 5, 8).word(Asm.i(0x13, 5, A0, A0, 8));
        assertEquals(16, run(build(executable(exit(aux)))));
    }

    @Test
    void bssIsMappedWritableAndZero() throws Exception {
        long data = 0x20000;
        Asm program = new Asm().li(5, data + 0x2000).load(3, A0, 5, 0).addi(6, 0, 9).store(3, 5, 6, 8)
                .load(3, A1, 5, 8).op(0, 0, A0, A0, A1);
        ElfWriter w = executable(exit(program));
        w.segment(1, 6, data, new byte[] {1, 2, 3, 4}, 0x4000);
        assertEquals(9, run(w.build()));
    }

    @Test
    void textIsNotWritable() {
        ElfWriter w = executable(exit(new Asm().li(5, TEXT).store(2, 5, 0, 0)));
        GuestFault f = assertThrows(GuestFault.class, () -> run(w.build()));
        assertEquals("segmentation fault at pc 0x10004: write of 4 bytes at 0x10000: page 0x10000 is mapped r-x", f.getMessage());
        assertEquals(139, f.exitStatus());
    }

    @Test
    void staticPieLoadsAtAChosenBase() throws Exception {
        // auipc finds its own address; exit with (pc >= 0x40000000) + 6.
        Asm program = new Asm().word(Asm.u(0x17, 5, 0)).li(6, 0x40000000L).op(3, 0, A0, 5, 6).addi(A0, A0, 6);
        ElfWriter w = new ElfWriter();
        w.type = ElfFile.ET_DYN;
        w.entry = 0;
        byte[] code = ElfWriter.code(exit(program));
        w.segment(1, 5, 0, code, code.length);
        assertEquals(6, run(w.build()));
    }

    @Test
    void brokenFilesAreRejectedWithTheReason() {
        ElfWriter w = executable(exit(new Asm()));
        w.ident = new byte[] {0x7f, 'E', 'L', 'G', 2, 1, 1, 0};
        assertEquals("program: not an ELF file (bad magic number)", failure(w.build()));

        w = executable(exit(new Asm()));
        w.ident[4] = 1;
        assertEquals("program: ELF class 1 is not ELFCLASS64 (2); only RV64 executables run", failure(w.build()));

        w = executable(exit(new Asm()));
        w.ident[5] = 2;
        assertEquals("program: ELF data encoding 2 is not little-endian (1)", failure(w.build()));

        w = executable(exit(new Asm()));
        w.machine = 62;
        assertEquals("program: machine 62 is not RISC-V (243)", failure(w.build()));

        w = executable(exit(new Asm()));
        w.type = 1;
        assertEquals("program: ELF type 1 is not an executable (ET_EXEC 2 or ET_DYN 3)", failure(w.build()));

        w = executable(exit(new Asm()));
        w.truncateTo = 40;
        assertEquals("program: truncated ELF header (40 of 64 bytes)", failure(w.build()));

        w = executable(exit(new Asm()));
        w.phoffOverride = 1 << 20;
        assertEquals("program: program headers [0x100000, 0x100038) lie outside the file of 8192 bytes", failure(w.build()));

        w = executable(exit(new Asm()));
        w.segments.get(0).fileSizeOverride = 1L << 20;
        assertEquals("program: segment 0 [file offset 0x1000, +0x100000) lies outside the file of 8192 bytes",
                failure(w.build()));

        w = executable(exit(new Asm()));
        w.segments.get(0).memorySize = 2;
        assertEquals("program: segment 0 has memory size 0x2 smaller than its file size 0x8", failure(w.build()));

        w = executable(exit(new Asm()));
        w.segment(3, 4, 0x30000, "/lib/ld-linux-riscv64-lp64d.so.1\0".getBytes(StandardCharsets.US_ASCII), 33);
        assertEquals("program: dynamically linked executable (needs the interpreter /lib/ld-linux-riscv64-lp64d.so.1); "
                + "only static executables are supported", failure(w.build()));

        w = executable(exit(new Asm()));
        w.segments.get(0).type = 4;
        assertEquals("program: no loadable (PT_LOAD) segment", failure(w.build()));

        w = executable(exit(new Asm()));
        w.segments.get(0).vaddr = 0x7_0000_0000_0000L;
        w.entry = 0x7_0000_0000_0000L;
        assertTrue(failure(w.build()).startsWith("program: cannot place segments at [0x7000000000000, 0x7000000001000)"));

        GuestFault missing = assertThrows(GuestFault.class, () -> GuestRunner.run(new GuestLaunch(dir.resolve("none"),
                List.of("none"), Map.of(), dir, ExecutionMode.TIERED, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream())));
        assertTrue(missing.getMessage().contains("cannot read the program"), missing.getMessage());
    }
}
