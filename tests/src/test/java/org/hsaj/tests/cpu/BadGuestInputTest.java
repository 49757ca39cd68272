package org.hsaj.tests.cpu;

import static org.hsaj.tests.cpu.RvAssembler.ecall;
import static org.hsaj.tests.cpu.RvAssembler.load;
import static org.hsaj.tests.cpu.RvAssembler.regImm;
import static org.hsaj.tests.cpu.TinyElf.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hsaj.bench.cpu.GuestInvocation;
import org.hsaj.bench.cpu.GuestLauncher;
import org.hsaj.bench.cpu.HsajLauncher;
import org.hsaj.cpu.GuestFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broken executables and guests that do what the agent cannot: each must end in a {@link GuestFault} whose
 * message says what is wrong, where and why (the exact text is part of the contract), with the exit
 * status a shell would report.
 */
class BadGuestInputTest {
    private static final long LOAD = 0x10000;
    private static final int CANNOT_EXECUTE = 126;

    @TempDir
    Path dir;

    /** exit(0), the smallest valid program: every broken ELF below is this one with one field spoilt. */
    private static byte[] validProgram() {
        return program(LOAD, List.of(regImm("addi", 10, 0, 0), regImm("addi", 17, 0, 93), ecall()));
    }

    private static byte[] with(Consumer<ByteBuffer> spoil) {
        byte[] elf = validProgram();
        spoil.accept(ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN));
        return elf;
    }

    private Path write(byte[] bytes) throws Exception {
        return Files.write(dir.resolve("guest"), bytes);
    }

    private GuestFault fault(GuestLauncher launcher, Path program) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        return assertThrows(GuestFault.class,
                () -> launcher.launch(new GuestInvocation(program, List.of(), Map.of(), new byte[0], root)));
    }

    private void assertElfRejected(byte[] elf, String why) throws Exception {
        Path program = write(elf);
        GuestFault f = fault(HsajLauncher.interpreter(), program);
        assertEquals(program + ": " + why, f.getMessage());
        assertEquals(CANNOT_EXECUTE, f.exitStatus());
    }

    @Test
    void theValidProgramRuns() throws Exception {
        Path program = write(validProgram());
        Path root = Files.createDirectories(dir.resolve("root"));
        assertEquals(0, HsajLauncher.interpreter()
                .launch(new GuestInvocation(program, List.of(), Map.of(), new byte[0], root)).status());
    }

    @Test
    void notAnElfFile() throws Exception {
        assertElfRejected("#!/bin/sh\necho hello\n".getBytes(StandardCharsets.US_ASCII), "not an ELF file (bad magic number)");
    }

    @Test
    void truncatedElfHeader() throws Exception {
        assertElfRejected(Arrays.copyOf(validProgram(), 40), "truncated ELF header (40 of 64 bytes)");
    }

    @Test
    void thirtyTwoBitClass() throws Exception {
        assertElfRejected(with(b -> b.put(OFF_CLASS, (byte) 1)), "ELF class 1 is not ELFCLASS64 (2); only RV64 executables run");
    }

    @Test
    void bigEndian() throws Exception {
        assertElfRejected(with(b -> b.put(OFF_DATA, (byte) 2)), "ELF data encoding 2 is not little-endian (1)");
    }

    @Test
    void otherMachine() throws Exception {
        assertElfRejected(with(b -> b.putShort(OFF_MACHINE, (short) 62)), "machine 62 is not RISC-V (243)");
    }

    @Test
    void relocatableObjectIsNotAnExecutable() throws Exception {
        assertElfRejected(with(b -> b.putShort(OFF_TYPE, (short) 1)),
                "ELF type 1 is not an executable (ET_EXEC 2 or ET_DYN 3)");
    }

    @Test
    void noProgramHeaders() throws Exception {
        assertElfRejected(with(b -> b.putShort(OFF_PHNUM, (short) 0)), "no program headers");
    }

    @Test
    void wrongProgramHeaderSize() throws Exception {
        assertElfRejected(with(b -> b.putShort(OFF_PHENTSIZE, (short) 32)), "program header size 32 is not 56");
    }

    @Test
    void fileEndsInsideTheProgramHeaders() throws Exception {
        assertElfRejected(Arrays.copyOf(validProgram(), 100),
                "program headers [0x40, 0x78) lie outside the file of 100 bytes");
    }

    @Test
    void segmentReachesPastTheEndOfTheFile() throws Exception {
        int length = validProgram().length;
        assertElfRejected(with(b -> b.putLong(OFF_P_FILESZ, 0x10000)),
                "segment 0 [file offset 0x0, +0x10000) lies outside the file of " + length + " bytes");
    }

    @Test
    void segmentMemorySizeBelowFileSize() throws Exception {
        int length = validProgram().length;
        assertElfRejected(with(b -> b.putLong(OFF_P_MEMSZ, 0x10)),
                "segment 0 has memory size 0x10 smaller than its file size 0x" + Integer.toHexString(length));
    }

    @Test
    void missingProgram() throws Exception {
        GuestFault f = fault(HsajLauncher.interpreter(), dir.resolve("no-such-program"));
        assertEquals(CANNOT_EXECUTE, f.exitStatus());
        assertTrue(f.getMessage().startsWith(dir.resolve("no-such-program") + ": cannot read the program"), f.getMessage());
    }

    /** a7 = number; ecall; exit(0): the ecall sits at LOAD + HEADERS_END + 4. */
    private static byte[] systemCall(int number) {
        return program(LOAD, List.of(regImm("addi", 17, 0, number), ecall(), regImm("addi", 10, 0, 0),
                regImm("addi", 17, 0, 93), ecall()));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void unsupportedSystemCallIsNamedWithItsPc(boolean interpretOnly) throws Exception {
        GuestLauncher hsaj = interpretOnly ? HsajLauncher.interpreter() : HsajLauncher.translator();
        long ecallPc = LOAD + HEADERS_END + 4;
        GuestFault reboot = fault(hsaj, write(systemCall(142)));
        assertEquals(String.format("unsupported system call 'reboot' (142) at pc 0x%x", ecallPc), reboot.getMessage());
        assertEquals(127, reboot.exitStatus());
        GuestFault unknown = fault(hsaj, write(systemCall(2000)));
        assertEquals(String.format("unsupported system call 'unknown' (2000) at pc 0x%x", ecallPc), unknown.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void loadFromAnUnmappedAddressIsASegmentationFault(boolean interpretOnly) throws Exception {
        GuestLauncher hsaj = interpretOnly ? HsajLauncher.interpreter() : HsajLauncher.translator();
        byte[] elf = program(LOAD, List.of(regImm("addi", 5, 0, 16), load("ld", 6, 5, 8), ecall()));
        GuestFault f = fault(hsaj, write(elf));
        assertEquals(GuestFault.SIGSEGV_STATUS, f.exitStatus());
        assertSegmentationFault(f, LOAD + HEADERS_END + 4, "read of 8 bytes at 0x18");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void illegalInstructionIsReportedWithItsBitsAndPc(boolean interpretOnly) throws Exception {
        GuestLauncher hsaj = interpretOnly ? HsajLauncher.interpreter() : HsajLauncher.translator();
        byte[] elf = program(LOAD, List.of(regImm("addi", 5, 0, 1), new RvInstruction(0xFFFFFFFF, 4, ".word 0xffffffff")));
        GuestFault f = fault(hsaj, write(elf));
        assertEquals(GuestFault.SIGILL_STATUS, f.exitStatus());
        assertEquals(String.format("illegal instruction 0xffffffff at pc 0x%x", LOAD + HEADERS_END + 4), f.getMessage());
    }

    @Test
    void entryPointOutsideEverySegment() throws Exception {
        GuestFault f = fault(HsajLauncher.interpreter(), write(with(b -> b.putLong(OFF_ENTRY, 0x5000000L))));
        assertEquals(GuestFault.SIGSEGV_STATUS, f.exitStatus());
        assertSegmentationFault(f, 0x5000000L, "execute of 2 bytes at 0x5000000");
    }

    /** Says where (pc), what access and why (the page is not mapped). */
    private static void assertSegmentationFault(GuestFault f, long pc, String access) {
        String m = f.getMessage();
        assertTrue(m.startsWith(String.format("segmentation fault at pc 0x%x: ", pc)), m);
        assertTrue(m.contains(access), m);
        assertTrue(m.endsWith("is not mapped"), m);
    }
}
