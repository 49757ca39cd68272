package org.hsaj.cpu.linux;

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
import org.hsaj.cpu.HypercallHandler;
import org.hsaj.cpu.testing.Asm;
import org.hsaj.cpu.testing.ElfWriter;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * System calls through small hand-assembled programs: I/O on the standard streams, file access
 * confined to the root, memory management, unsupported calls and the HSA hypercall range.
 */
class LinuxSystemCallTest {
    static final long TEXT = 0x10000;
    static final long DATA = 0x20000;
    @TempDir
    Path root;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private static Asm syscall(Asm asm, long number) {
        return asm.li(A7, number).ecall();
    }

    /** exit(-a0): makes an errno the exit status. */
    private static Asm exitNegated(Asm asm) {
        return syscall(asm.op(0, 0x20, A0, 0, A0), 93);
    }

    private int run(Asm program, String data) throws Exception {
        return run(program, data, HypercallHandler.NONE);
    }

    private int run(Asm program, String data, HypercallHandler hypercalls) throws Exception {
        ElfWriter w = new ElfWriter();
        w.entry = TEXT;
        byte[] code = ElfWriter.code(program);
        w.segment(1, 5, TEXT, code, code.length);
        byte[] bytes = (data + "\0").getBytes(StandardCharsets.UTF_8);
        w.segment(1, 6, DATA, bytes, 0x1000);
        Path file = root.resolve("program");
        Files.write(file, w.build());
        try (SharedVirtualMemory memory = SharedVirtualMemory.reserve(1L << 30)) {
            return GuestRunner.run(new GuestLaunch(file, List.of("program"), Map.of(), root, ExecutionMode.TIERED,
                    new ByteArrayInputStream("input".getBytes(StandardCharsets.UTF_8)), stdout, new ByteArrayOutputStream()),
                    memory, hypercalls);
        }
    }

    @Test
    void writesToStandardOutput() throws Exception {
        Asm program = new Asm().addi(A0, 0, 1).li(A1, DATA).addi(A2, 0, 6);
        syscall(program, 64);
        assertEquals(6, run(syscall(program, 93), "hello\n"));
        assertEquals("hello\n", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readsStandardInput() throws Exception {
        Asm program = new Asm().addi(A0, 0, 0).li(A1, DATA).addi(A2, 0, 16);
        syscall(program, 63);                                         // read(0, DATA, 16) = 5
        program.op(0, 0, S0, A0, 0).addi(A0, 0, 1).li(A1, DATA).op(0, 0, A2, S0, 0);
        syscall(program, 64);                                         // write(1, DATA, 5)
        assertEquals(5, run(syscall(program, 93), ""));
        assertEquals("input", stdout.toString(StandardCharsets.UTF_8));
    }

    /** openat(AT_FDCWD, path, O_RDONLY), then read 64 bytes and write them to stdout; exits with -errno or 0. */
    private static Asm catFile() {
        Asm program = new Asm().addi(A0, 0, -100).li(A1, DATA).addi(A2, 0, 0);
        syscall(program, 56);
        Asm success = new Asm().li(A1, DATA + 512).addi(A2, 0, 64);
        syscall(success, 63);
        success.op(0, 0, A2, A0, 0).addi(A0, 0, 1);
        syscall(success, 64);
        success.addi(A0, 0, 0);
        program.branch(4, A0, 0, 4 + success.here()).append(success); // blt a0, zero, exit
        return exitNegated(program);
    }

    @Test
    void fileAccessIsConfinedToTheRoot() throws Exception {
        Files.writeString(root.resolve("inside.txt"), "confined\n");
        assertEquals(0, run(catFile(), "/inside.txt"));
        assertEquals("confined\n", stdout.toString(StandardCharsets.UTF_8));
        stdout.reset();
        assertEquals(0, run(catFile(), "../../../inside.txt"), "'..' stops at the root");
        assertEquals("confined\n", stdout.toString(StandardCharsets.UTF_8));
        assertEquals(2, run(catFile(), "/etc/hostname"), "host files outside the root do not exist: ENOENT");
        Path link = Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc"));
        try {
            assertEquals(13, run(catFile(), "/escape/hostname"), "a link leading out of the root: EACCES");
        } finally {
            Files.delete(link);
        }
    }

    /** openat(AT_FDCWD, DATA, flags, 0644) with the fd left in s0; a failed open exits with its errno. */
    private static Asm open(int flags) {
        Asm program = new Asm().addi(A0, 0, -100).li(A1, DATA).li(A2, flags).li(A3, 0644);
        syscall(program, 56);
        Asm failed = exitNegated(new Asm());
        program.branch(5, A0, 0, 4 + failed.here()).append(failed);   // bge a0, zero, past the exit
        return program.op(0, 0, S0, A0, 0);
    }

    @Test
    void aReadMovesWhatFitsBeforeTheFirstInaccessiblePage() throws Exception {
        Files.writeString(root.resolve("inside.txt"), "confined\n");
        // The data page ends at DATA + 0x1000 and nothing is mapped after it: 4 of the 64 bytes are usable.
        Asm program = open(0).op(0, 0, A0, S0, 0).li(A1, DATA + 0xffc).addi(A2, 0, 64);
        syscall(program, 63);
        program.op(0, 0, 9, A0, 0).addi(A0, 0, 1).li(A1, DATA + 0xffc).op(0, 0, A2, 9, 0);
        syscall(program, 64);                                      // write(1, what was read)
        program.op(0, 0, A0, 9, 0);
        assertEquals(4, run(syscall(program, 93), "/inside.txt"), "Linux returns the bytes copied before the fault");
        assertEquals("conf", stdout.toString(StandardCharsets.UTF_8));
        stdout.reset();
        Asm nothingUsable = open(0).op(0, 0, A0, S0, 0).li(A1, 0x30000).addi(A2, 0, 64);
        syscall(nothingUsable, 63);
        assertEquals(14, run(exitNegated(nothingUsable), "/inside.txt"), "no usable byte at all: EFAULT");
    }

    @Test
    void getdentsRefusesABufferTooSmallForOneEntry() throws Exception {
        Asm program = open(0200000).op(0, 0, A0, S0, 0).li(A1, DATA + 512).addi(A2, 0, 8);   // O_DIRECTORY
        syscall(program, 61);
        assertEquals(22, run(exitNegated(program), "/"), "EINVAL, as the kernel's filldir64 answers");
    }

    @Test
    void creatingThroughALinkThatLeadsOutOfTheRootIsRefused(@TempDir Path outside) throws Exception {
        Path target = outside.resolve("created-outside.txt");
        Path link = Files.createSymbolicLink(root.resolve("trap"), target);
        try {
            for (int flags : new int[] {0101, 0102, 0100}) {                      // O_CREAT with O_WRONLY, O_RDWR, O_RDONLY
                Asm program = open(flags).addi(A0, 0, 0);
                assertEquals(13, run(syscall(program, 93), "/trap"), "EACCES for flags " + Integer.toOctalString(flags));
                assertFalse(Files.exists(target), "nothing created outside the root");
            }
            Files.createSymbolicLink(root.resolve("chain"), Path.of("trap"));
            assertEquals(13, run(syscall(open(0101).addi(A0, 0, 0), 93), "/chain"), "through a chain of links too");
            assertFalse(Files.exists(target));
        } finally {
            Files.delete(link);
            Files.deleteIfExists(root.resolve("chain"));
        }
    }

    @Test
    void creatingThroughALinkThatStaysInsideCreatesItsTarget() throws Exception {
        Files.createDirectory(root.resolve("d"));
        Files.createSymbolicLink(root.resolve("alias"), Path.of("d/real.txt"));
        Asm program = open(0101).op(0, 0, A0, S0, 0).li(A1, DATA + 64).addi(A2, 0, 2);
        syscall(program, 64);                                           // write(fd, "ok", 2)
        assertEquals(2, run(exitStatus(program), "/alias\0" + "x".repeat(64 - 7) + "ok"));
        assertEquals("ok", Files.readString(root.resolve("d/real.txt")));
        assertTrue(Files.isSymbolicLink(root.resolve("alias")));
    }

    /** exit(a0). */
    private static Asm exitStatus(Asm asm) {
        return syscall(asm, 93);
    }

    @Test
    void programBreakGrowsIntoUsableMemory() throws Exception {
        Asm program = new Asm().addi(A0, 0, 0);
        syscall(program, 214);                                    // a0 = brk(0)
        program.op(0, 0, S0, A0, 0).li(A1, 0x20000).op(0, 0, A0, S0, A1);
        syscall(program, 214);                                    // brk(old + 128 KiB)
        program.op(0, 0x20, A0, A0, S0).li(A1, 0x1fff8).op(0, 0, A1, S0, A1).addi(A2, 0, 9).store(3, A1, A2, 0)
                .load(3, A3, A1, 0).op(0, 0, A0, A0, A3);          // (new - old) + value read back
        int status = run(syscall(program, 93), "");
        assertEquals((0x20000 + 9) & 0xff, status);
    }

    @Test
    void memoryMappedAgainReadsAsZeros() throws Exception {
        final int t0 = 5;
        final int t1 = 6;
        final int s1 = 9;
        Asm program = new Asm().addi(A0, 0, 0).li(A1, 0x10000).addi(A2, 0, 3).li(A3, 0x22);
        program.addi(14, 0, -1).addi(15, 0, 0);
        syscall(program, 222);                                    // s0 = mmap(0, 64 KiB, RW, PRIVATE|ANON, -1, 0)
        program.op(0, 0, S0, A0, 0).li(t1, 0x2000).op(0, 0, t1, S0, t1);   // t1 = s0 + 8 KiB
        program.addi(t0, 0, 77).store(3, S0, t0, 8);
        program.op(0, 0, A0, S0, 0).li(A1, 0x10000);
        syscall(program, 215);                                    // munmap(s0, 64 KiB)
        program.op(0, 0, A0, S0, 0).li(A1, 0x10000).addi(A2, 0, 3).li(A3, 0x32).addi(14, 0, -1).addi(15, 0, 0);
        syscall(program, 222);                                    // mmap(s0, ..., PRIVATE|ANON|FIXED): the same pages
        program.load(3, s1, S0, 8);                               // s1 = what is there now
        program.addi(t0, 0, 55).store(3, t1, t0, 8);
        program.op(0, 0, A0, t1, 0).li(A1, 0x1000).addi(A2, 0, 4);
        syscall(program, 233);                                    // madvise(t1, 4 KiB, MADV_DONTNEED)
        program.load(3, A0, t1, 8).op(0, 0, A0, A0, s1);          // exit(dropped page's word + s1)
        assertEquals(0, run(syscall(program, 93), ""), "a fresh mapping and a dropped page read as zeros");
        Asm misaligned = new Asm().li(A0, DATA + 8).li(A1, 0x1000).addi(A2, 0, 4);
        syscall(misaligned, 233);
        assertEquals(22, run(exitNegated(misaligned), ""), "madvise of an address inside a page: EINVAL");
    }

    /**
     * Code decoded from a page that madvise(MADV_DONTNEED) then zeroes is gone with it: calling there
     * again is an illegal instruction (SIGILL), as on Linux, not a second run of the old code.
     */
    @Test
    void codeOnAPageDroppedByMadviseIsGoneWithIt() throws Exception {
        final int t0 = 5;
        Asm program = new Asm().addi(A0, 0, 0).li(A1, 0x1000).addi(A2, 0, 7).li(A3, 0x22);
        program.addi(14, 0, -1).addi(15, 0, 0);
        syscall(program, 222);                                    // s0 = mmap(0, 4 KiB, RWX, PRIVATE|ANON, -1, 0)
        program.op(0, 0, S0, A0, 0);
        program.li(t0, 0x00150513).store(2, S0, t0, 0);           // addi a0, a0, 1
        program.li(t0, 0x00008067).store(2, S0, t0, 4);           // ret
        program.word(0x0000100f).addi(A0, 0, 0).jalr(1, S0, 0);   // fence.i; a0 = 1 after the call
        program.op(0, 0, 9, A0, 0);
        program.op(0, 0, A0, S0, 0).li(A1, 0x1000).addi(A2, 0, 4);
        syscall(program, 233);                                    // madvise(s0, 4 KiB, MADV_DONTNEED)
        program.op(0, 0, A0, 9, 0).jalr(1, S0, 0);                // calls the zeroed page
        syscall(program, 93);
        org.hsaj.cpu.GuestFault f = assertThrows(org.hsaj.cpu.GuestFault.class, () -> run(program, ""));
        assertTrue(f.getMessage().startsWith("illegal instruction 0x0000 at pc 0x"), f.getMessage());
    }

    @Test
    void unmappedMemoryFaultsAfterMunmap() throws Exception {
        Asm program = new Asm().addi(A0, 0, 0).li(A1, 0x10000).addi(A2, 0, 3).li(A3, 0x22);
        program.addi(14, 0, -1).addi(15, 0, 0);
        syscall(program, 222);                                    // mmap(0, 64 KiB, RW, PRIVATE|ANON, -1, 0)
        program.op(0, 0, S0, A0, 0).store(3, S0, A2, 8).li(A1, 0x10000);
        syscall(program, 215);                                    // munmap
        program.store(3, S0, A2, 8);
        GuestFault f = assertThrows(GuestFault.class, () -> run(syscall(program, 93), ""));
        assertTrue(f.getMessage().matches("segmentation fault at pc 0x[0-9a-f]+: write of 8 bytes at 0x[0-9a-f]+8: page 0x[0-9a-f]+ is not mapped"),
                f.getMessage());
    }

    /** System call {@code number} with {@code arguments} in a0..: the guest exits with -a0 (an errno, or 0). */
    private int errnoOf(long number, String data, long... arguments) throws Exception {
        Asm program = new Asm();
        for (int i = 0; i < arguments.length; i++) {
            program.li(A0 + i, arguments[i]);
        }
        return run(exitNegated(syscall(program, number)), data);
    }

    /**
     * Arguments found by random system calls (each threw a JVM exception, or hung, before): buffers and
     * ranges past the end of the address space or wrapping around it, ranges below the first page the
     * allocator books, and a number that only fits the dispatcher's switch when cut to 32 bits.
     */
    @Test
    @Timeout(60) // the mprotect below walked 2^50 pages
    void rangesOutsideTheAddressSpaceGetLinuxErrors() throws Exception {
        long far = 0x1a60_0000_0000_0000L;
        assertEquals(14, errnoOf(63, "", 0, far, 4096), "read into a buffer past the end: EFAULT");
        assertEquals(22, errnoOf(215, "", far, 0x1000), "munmap past the end of user space: EINVAL");
        assertEquals(0, errnoOf(215, "", 1L << 45, 0x23000), "munmap of user space this address space does not reach: 0");
        assertEquals(0, errnoOf(215, "", 0x1000, 0x1000), "munmap of the unmapped first pages: nothing to do");
        assertEquals(12, errnoOf(226, "", 1L << 54, 0x4b60_0000_0000_0000L, 3), "mprotect of a range past the end: ENOMEM");
        assertEquals(12, errnoOf(226, "", 0, 0x1000, 3), "mprotect of the unmapped first page: ENOMEM");
        assertEquals(0, errnoOf(226, "", DATA, 0, 1), "mprotect of nothing");
        assertEquals(14, errnoOf(216, "", 0, 0x42552, 4, 0), "mremap of nothing mapped: EFAULT");
        assertEquals(12, errnoOf(216, "", DATA, 0x1000, Long.MAX_VALUE - 0x2000, 1), "mremap past the end: ENOMEM");
        assertEquals(22, errnoOf(233, "", DATA, Long.MAX_VALUE - 0x2000, 4), "madvise whose end wraps around: EINVAL");
        assertEquals(12, errnoOf(233, "", far, 0x1000, 4), "madvise past the end: ENOMEM");
        assertEquals(0, errnoOf(226, "", far, 0, 1), "mprotect of nothing, wherever: 0");
        GuestFault f = assertThrows(GuestFault.class, () -> errnoOf((1L << 32) + 64, "", 1, DATA, 5));
        assertEquals("unsupported system call 'unknown' (4294967360) at pc 0x10018", f.getMessage());
    }

    /** The raw clock calls answer a negated errno like every system call (glibc's clock_nanosleep negates it). */
    @Test
    void clockCallsRefuseUnknownClocksAndBadTimes() throws Exception {
        // DATA holds "x..." : tv_sec = 0x7878787878787878 > 0 would sleep for ages, so use DATA + 16 = {0, 2e9}.
        Asm badTime = new Asm().li(S0, DATA + 16).store(3, S0, 0, 0).li(A1, 2_000_000_000L).store(3, S0, A1, 8)
                .addi(A0, 0, 1).addi(A1, 0, 0).li(A2, DATA + 16).addi(A3, 0, 0);
        assertEquals(22, run(exitNegated(syscall(badTime, 115)), ""), "clock_nanosleep with tv_nsec 2e9: -EINVAL");
        assertEquals(95, errnoOf(115, "", 3, 0, DATA, 0), "on the thread CPU clock (it has no sleep): -EOPNOTSUPP");
        assertEquals(95, errnoOf(115, "", 4, 0, DATA, 0), "on the raw monotonic clock: -EOPNOTSUPP");
        assertEquals(22, errnoOf(115, "", 912585, 0, DATA, 0), "on no clock at all: -EINVAL");
        assertEquals(22, errnoOf(113, "", 10, DATA), "clock_gettime of id 10: -EINVAL");
        assertEquals(0, errnoOf(113, "", (1L << 32) + 1, DATA), "an id is its low 32 bits, a clockid_t");
        assertEquals(0, errnoOf(113, "", 11, DATA), "CLOCK_TAI is a clock");
    }

    /** pipe2 at DATA, its read end closed, then one byte written to its write end. */
    private static Asm writeToAPipeWithoutReader(Asm before) {
        Asm program = new Asm().append(before).li(S0, DATA).li(A0, DATA).addi(A1, 0, 0);
        syscall(program, 59);
        program.load(2, A0, S0, 0);
        syscall(program, 57);
        program.load(2, A0, S0, 4).li(A1, DATA + 16).addi(A2, 0, 1);
        return syscall(program, 64);
    }

    @Test
    void aWriteWithoutReaderRaisesSigpipe() throws Exception {
        assertEquals(141, run(exitNegated(writeToAPipeWithoutReader(new Asm())), ""),
                "SIGPIPE's default action ends the process: 128 + 13");
        Asm ignore = new Asm().li(S0, DATA).addi(A1, 0, 1).store(3, S0, A1, 64)   // sa_handler = SIG_IGN
                .addi(A0, 0, 13).li(A1, DATA + 64).addi(A2, 0, 0).addi(A3, 0, 8);
        syscall(ignore, 134);
        assertEquals(32, run(exitNegated(writeToAPipeWithoutReader(ignore)), ""), "ignored: the write fails with EPIPE");
        Asm block = new Asm().li(S0, DATA).li(A1, 1L << 12).store(3, S0, A1, 64)   // the set holds SIGPIPE
                .addi(A0, 0, 0).li(A1, DATA + 64).addi(A2, 0, 0).addi(A3, 0, 8);
        syscall(block, 135);
        assertEquals(32, run(exitNegated(writeToAPipeWithoutReader(block)), ""), "blocked: the write fails with EPIPE");
    }

    /** kill, tkill and tgkill reach this process and its threads only, with Linux's errors. */
    @Test
    void signalsReachThisProcessOnly() throws Exception {
        assertEquals(3, errnoOf(129, "", 12345, 10), "kill of another pid: ESRCH");
        assertEquals(3, errnoOf(129, "", -1, 10), "kill(-1) is for every other process, and there is none: ESRCH");
        assertEquals(22, errnoOf(129, "", LinuxProcess.PID, 65), "signal 65: EINVAL");
        assertEquals(0, errnoOf(129, "", LinuxProcess.PID, 0), "signal 0 only checks");
        assertEquals(22, errnoOf(130, "", 0, 10), "tkill of tid 0: EINVAL");
        assertEquals(22, errnoOf(131, "", 0, LinuxProcess.PID, 10), "tgkill of thread group 0: EINVAL");
        assertEquals(3, errnoOf(131, "", 999, LinuxProcess.PID, 10), "tgkill in another thread group: ESRCH");
        assertEquals(3, errnoOf(131, "", LinuxProcess.PID, 1001, 10), "tgkill of a thread that does not exist: ESRCH");
        assertEquals(22, errnoOf(131, "", LinuxProcess.PID, LinuxProcess.PID, 65), "tgkill, signal 65: EINVAL");
        assertEquals(128 + 10, errnoOf(129, "", LinuxProcess.PID, 10), "SIGUSR1's default action ends the process");
        assertEquals(128 + 9, errnoOf(131, "", LinuxProcess.PID, LinuxProcess.PID, 9), "and SIGKILL's");
        assertEquals(0, errnoOf(129, "", 0, 17), "SIGCHLD's default action is nothing");
        assertEquals(0, errnoOf(130, "", LinuxProcess.PID, 20), "nor is SIGTSTP's, with nobody to continue the process");
        GuestFault f = assertThrows(GuestFault.class, () -> errnoOf(129, "", LinuxProcess.PID, 19));
        assertEquals("SIGSTOP at pc 0x10010 would stop the process until another process sends it SIGCONT, and "
                + "there is no other process", f.getMessage());
        assertEquals(128 + 19, f.exitStatus());
    }

    @Test
    void signalCallsCheckTheirArgumentsInLinuxsOrder() throws Exception {
        assertEquals(22, errnoOf(134, "", 9, DATA, 0, 8), "SIGKILL's action cannot be set");
        assertEquals(0, errnoOf(134, "", 9, 0, DATA, 8), "but it can be read");
        assertEquals(14, errnoOf(134, "", 9, 0x10, 0, 8), "the new action is read before the signal is checked");
        assertEquals(22, errnoOf(134, "", 65, 0, 0, 8), "signal 65");
        assertEquals(22, errnoOf(134, "", 10, 0, 0, 16), "rt_sigaction with a 16-byte set");
        assertEquals(22, errnoOf(135, "", 0, 0, 0, 4), "rt_sigprocmask with a 4-byte set");
        assertEquals(22, errnoOf(135, "", 3, DATA, 0, 8), "rt_sigprocmask with how = 3");
        assertEquals(14, errnoOf(135, "", 3, 0x10, 0, 8), "the new set is read before how is checked");
        assertEquals(22, errnoOf(136, "", DATA, 16), "rt_sigpending with a 16-byte set");
        assertEquals(0, errnoOf(136, "", DATA, 4), "or with a smaller one, which it fills");
        assertEquals(0, errnoOf(136, "", 0x10, 0), "or with none at all");
        Asm unknownFlag = new Asm().li(S0, DATA).li(A1, 0x0040_0004L).store(3, S0, A1, 72)   // SA_SIGINFO, bit 22
                .addi(A0, 0, 10).li(A1, DATA + 64).addi(A2, 0, 0).addi(A3, 0, 8);
        syscall(unknownFlag, 134);
        unknownFlag.addi(A0, 0, 10).addi(A1, 0, 0).li(A2, DATA + 128).addi(A3, 0, 8);
        syscall(unknownFlag, 134);
        unknownFlag.load(3, A0, S0, 136).word(Asm.i(0x13, 7, A1, A0, 0xff))          // old sa_flags & 0xff
                .word(Asm.i(0x13, 5, A0, A0, 16)).op(0, 0, A0, A0, A1);               // + (old sa_flags >> 16)
        assertEquals(4, run(syscall(unknownFlag, 93), ""), "SA_SIGINFO kept, a flag Linux does not know cleared");
    }

    /** A handler at TEXT + 4 (the program jumps over it), installed for SIGUSR1 by the code after it. */
    private static Asm withUsr1Handler(Asm handler, Asm then) {
        Asm install = new Asm().li(S0, DATA).li(A1, TEXT + 4).store(3, S0, A1, 64)   // sa_handler
                .addi(A0, 0, 10).li(A1, DATA + 64).addi(A2, 0, 0).addi(A3, 0, 8);
        syscall(install, 134);
        return new Asm().jal(0, 4 + handler.here()).append(handler).append(install).append(then);
    }

    /** kill(pid, SIGUSR1), then exit(a0 + 7). */
    private static Asm killSelfThenExit() {
        Asm program = new Asm().li(A0, LinuxProcess.PID).addi(A1, 0, 10);
        syscall(program, 129);
        return syscall(program.addi(A0, A0, 7), 93);
    }

    @Test
    void aHandlerRunsWithTheSignalInA0AndReturnsThroughRa() throws Exception {
        Asm exits = syscall(new Asm().addi(A0, A0, 100), 93);                  // exit(signal + 100)
        assertEquals(110, run(withUsr1Handler(exits, killSelfThenExit()), ""));
        Asm returns = new Asm().jalr(0, 1, 0);                                // ret: to the trampoline
        assertEquals(7, run(withUsr1Handler(returns, killSelfThenExit()), ""), "kill returned 0 after the handler");
    }

    @Test
    void aFrameThatCannotBePushedOrPoppedEndsTheProcess() throws Exception {
        Asm noStack = new Asm().li(2, 0x2000).append(killSelfThenExit());
        GuestFault push = assertThrows(GuestFault.class, () -> run(withUsr1Handler(new Asm().jalr(0, 1, 0), noStack), ""));
        assertTrue(push.getMessage().matches("cannot run the SIGUSR1 handler at pc 0x[0-9a-f]+: no room for its frame "
                + "below sp 0x2000: write of 1088 bytes at 0x1bc0: .*"), push.getMessage());
        assertEquals(128 + 11, push.exitStatus(), "SIGSEGV, as Linux answers a frame it cannot write");
        Asm sigreturn = syscall(new Asm().li(2, 0x2000), 139);
        GuestFault pop = assertThrows(GuestFault.class, () -> run(sigreturn, ""));
        assertTrue(pop.getMessage().matches("rt_sigreturn at pc 0x10008 finds no signal frame at sp 0x2000: read of "
                + "1088 bytes at 0x2000: .*"), pop.getMessage());
        assertEquals(128 + 11, pop.exitStatus());
    }

    /**
     * Answers where hsaj differed from the kernel (found by comparing seeded random system calls with
     * qemu-riscv64, whose calls reach the host kernel): which check comes first, and flags NIO ignores.
     */
    @Test
    void cornersAnswerAsTheKernelDoes() throws Exception {
        Files.writeString(root.resolve("f"), "x");
        Files.createDirectory(root.resolve("d"));
        long o = 0100;     // O_CREAT
        assertEquals(22, errnoOf(24, "", 5, 5, 0), "dup3 onto itself: EINVAL before EBADF");
        assertEquals(22, errnoOf(62, "", 0, 0, 5), "lseek with whence 5: EINVAL before ESPIPE");
        assertEquals(22, errnoOf(25, "", 0, 0, 5000), "F_DUPFD at or past RLIMIT_NOFILE: EINVAL");
        assertEquals(22, errnoOf(56, "x", -100, DATA, o | 0200000, 0644), "O_CREAT with O_DIRECTORY: EINVAL");
        assertEquals(20, errnoOf(48, "f/x", -100, DATA, 0), "access below a regular file: ENOTDIR");
        assertEquals(16, errnoOf(38, ".\0d", -100, DATA, -100, DATA + 2), "rename of '.': EBUSY");
        assertEquals(20, errnoOf(38, "f\0d/", -100, DATA, -100, DATA + 2), "a file renamed to 'd/': ENOTDIR");
        assertEquals(22, errnoOf(59, "", DATA, 040000), "pipe2 with O_DIRECT: packet mode is not emulated, EINVAL");
        assertEquals(2, errnoOf(79, "missing/../f", -100, DATA, DATA + 256, 0), "'..' after nothing: ENOENT");
        assertEquals(20, errnoOf(79, "f/../f", -100, DATA, DATA + 256, 0), "'..' after a file: ENOTDIR");
        assertEquals(0, errnoOf(79, "d/../f", -100, DATA, DATA + 256, 0), "'..' after a directory");
        assertEquals(22, errnoOf(35, ".", -100, DATA, 0x200), "rmdir '.': EINVAL");
        assertEquals(39, errnoOf(35, "d/..", -100, DATA, 0x200), "rmdir '..': ENOTEMPTY");
        assertEquals(21, errnoOf(35, ".", -100, DATA, 0), "unlink '.': EISDIR");
        assertEquals(17, errnoOf(34, "d/.", -100, DATA, 0755), "mkdir 'd/.': EEXIST");
        assertEquals(2, errnoOf(38, ".\0missing/x", -100, DATA, -100, DATA + 2), "rename: the walks come before EBUSY");
        assertEquals(20, errnoOf(78, "f/x", -100, DATA, DATA + 256, 64), "readlink below a file: ENOTDIR");
        assertEquals(20, errnoOf(79, "f/", -100, DATA, DATA + 256, 0), "a file named with a trailing slash: ENOTDIR");
        assertEquals(0, errnoOf(79, "d/", -100, DATA, DATA + 256, 0), "a directory with one");
        assertEquals(21, errnoOf(56, "new/", -100, DATA, 0101, 0644), "O_CREAT of 'new/': EISDIR, nothing created");
        assertFalse(Files.exists(root.resolve("new")));
        assertEquals(21, errnoOf(56, "f/", -100, DATA, 0101, 0644), "O_CREAT of 'f/', a file: EISDIR all the same");
        assertEquals(17, errnoOf(34, "f/", -100, DATA, 0755), "mkdir 'f/', a file: EEXIST, as for any existing name");
    }

    @Test
    void readOnlyOpensCreateAndRespectExclusive() throws Exception {
        long created = 0100;   // O_RDONLY | O_CREAT
        Asm program = new Asm().addi(A0, 0, -100).li(A1, DATA).li(A2, created).li(A3, 0644);
        syscall(program, 56);
        program.op(0, 0, S0, A0, 0).addi(A0, 0, -100).li(A1, DATA).li(A2, created | 0200).li(A3, 0644);
        syscall(program, 56);                                   // again with O_EXCL: EEXIST
        assertEquals(17, run(exitNegated(program), "made.txt"));
        assertTrue(Files.isRegularFile(root.resolve("made.txt")), "O_RDONLY | O_CREAT created the file");
    }

    @Test
    void anEmptyNonblockingPipeAnswersEagain() throws Exception {
        Asm program = new Asm().li(S0, DATA).li(A0, DATA).li(A1, 04000);   // pipe2(fds, O_NONBLOCK)
        syscall(program, 59);
        program.load(2, A0, S0, 0).li(A1, DATA + 16).addi(A2, 0, 8);
        syscall(program, 63);                                   // read of the empty pipe
        assertEquals(11, run(exitNegated(program), ""), "EAGAIN instead of waiting forever");
    }

    @Test
    void aBreakPastTheEndOfTheAddressSpaceIsRefused() throws Exception {
        Asm program = new Asm().addi(A0, 0, 0);
        syscall(program, 214);                                     // brk(0): the current break
        program.op(0, 0, S0, A0, 0).li(A0, Long.MAX_VALUE - 100);
        syscall(program, 214);                                     // brk(huge): refused, the current break
        program.op(0, 0x20, A0, A0, S0);                           // a0 - s0: 0 when unchanged
        assertEquals(0, run(syscall(program, 93), ""));
    }

    @Test
    void vectorTransfersAsLinuxCountsThem() throws Exception {
        // iovec[0] = {DATA + 64, 5} ("hello"); iovec[1] = {0x30000 (unmapped), 100000}; at DATA + 32 one
        // iovec of length -1; at DATA + 48 one whose buffer lies past the end of the address space.
        Asm vector = new Asm().li(S0, DATA).li(A1, DATA + 64).store(3, S0, A1, 0).addi(A1, 0, 5).store(3, S0, A1, 8)
                .li(A1, 0x30000).store(3, S0, A1, 16).li(A1, 100000).store(3, S0, A1, 24)
                .addi(A1, 0, -1).store(3, S0, A1, 40)
                .li(A1, 0x1a60_0000_0000_0000L).store(3, S0, A1, 48).addi(A1, 0, 5).store(3, S0, A1, 56);
        String data = "x".repeat(64) + "hello";
        Asm write = new Asm().append(vector).addi(A0, 0, 1).li(A1, DATA).addi(A2, 0, 2);
        syscall(write, 66);
        assertEquals(5, run(syscall(write, 93), data), "writev moves what lies before the first fault");
        assertEquals("hello", stdout.toString(StandardCharsets.UTF_8));
        stdout.reset();
        Asm far = new Asm().append(vector).addi(A0, 0, 1).li(A1, DATA + 48).addi(A2, 0, 1);
        syscall(far, 66);
        assertEquals(14, run(exitNegated(far), data), "a buffer past the end of the address space: EFAULT");
        assertEquals("", stdout.toString(StandardCharsets.UTF_8), "and nothing written");
        Asm toStdin = new Asm().append(vector).addi(A0, 0, 0).li(A1, DATA).addi(A2, 0, 2);
        syscall(toStdin, 66);
        assertEquals(9, run(exitNegated(toStdin), data), "writev to a descriptor not open for writing: EBADF");
        Asm badDescriptor = new Asm().append(vector).addi(A0, 0, -1).li(A1, DATA + 32).addi(A2, 0, 1);
        syscall(badDescriptor, 65);
        assertEquals(9, run(exitNegated(badDescriptor), data), "readv: EBADF before looking at the vector");
        Asm negative = new Asm().append(vector).addi(A0, 0, 0).li(A1, DATA + 32).addi(A2, 0, 1);
        syscall(negative, 65);
        assertEquals(22, run(exitNegated(negative), data), "readv of a negative length: EINVAL");
    }

    @Test
    void theFileRefusesBeforeTheVectorIsLookedAt() throws Exception {
        // readv of a pipe's write end through an iovec whose buffer lies past the address space: EBADF.
        Asm program = new Asm().li(S0, DATA).li(A0, DATA).addi(A1, 0, 0);
        syscall(program, 59);
        program.li(A1, 0x1a60_0000_0000_0000L).store(3, S0, A1, 128).addi(A1, 0, 5).store(3, S0, A1, 136)
                .load(2, A0, S0, 4).li(A1, DATA + 128).addi(A2, 0, 1);
        syscall(program, 65);
        assertEquals(9, run(exitNegated(program), ""));
    }

    @Test
    void anUnalignedHintIsRoundedNotRefused() throws Exception {
        // mmap(0x12345, 4096, RW, PRIVATE | ANONYMOUS, -1, 0): an address, whose negation ends in 0x00.
        assertEquals(0, errnoOf(222, "", 0x12345, 4096, 3, 0x22, -1, 0));
        assertEquals(22, errnoOf(222, "", 0x12345, 4096, 3, 0x32, -1, 0), "with MAP_FIXED: EINVAL");
    }

    @Test
    void readvOfAPipeTakesWhatIsThereAcrossItsBuffers() throws Exception {
        // pipe2 at DATA; 8 bytes written; readv into {DATA + 256, 4} and {DATA + 512, 4}: 8, without waiting.
        Asm program = new Asm().li(S0, DATA).li(A0, DATA).addi(A1, 0, 0);
        syscall(program, 59);
        program.load(2, A0, S0, 4).li(A1, DATA + 64).addi(A2, 0, 8);
        syscall(program, 64);
        program.li(A1, DATA + 256).store(3, S0, A1, 128).addi(A1, 0, 4).store(3, S0, A1, 136)
                .li(A1, DATA + 512).store(3, S0, A1, 144).addi(A1, 0, 4).store(3, S0, A1, 152)
                .load(2, A0, S0, 0).li(A1, DATA + 128).addi(A2, 0, 2);
        syscall(program, 65);
        assertEquals(8, run(syscall(program, 93), "x".repeat(64) + "abcdefgh"));
    }

    @Test
    void unsupportedCallsAreNamedOrAnsweredEnosys() throws Exception {
        GuestFault f = assertThrows(GuestFault.class, () -> run(syscall(new Asm(), 425), ""));
        assertEquals("unsupported system call 'io_uring_setup' (425) at pc 0x10004", f.getMessage());
        assertEquals(GuestFault.UNSUPPORTED_STATUS, f.exitStatus());
        f = assertThrows(GuestFault.class, () -> run(syscall(new Asm(), 9999), ""));
        assertEquals("unsupported system call 'unknown' (9999) at pc 0x10008", f.getMessage());
        assertEquals(38, run(exitNegated(syscall(new Asm(), 293)), ""), "rseq: ENOSYS, the C library copes");
    }

    @Test
    void hypercallsGoToTheHandler() throws Exception {
        Asm program = new Asm().addi(A0, 0, 5).addi(A1, 0, 6);
        syscall(program, HypercallHandler.FIRST + 1);
        Asm exit = syscall(program, 93);
        GuestFault f = assertThrows(GuestFault.class, () -> run(exit, ""));
        assertEquals("hypercall 0x48534101: no HSA runtime attached (at pc 0x10010)", f.getMessage());
        long[] seen = new long[3];
        int status = run(exit, "", (function, arguments, memory) -> {
            seen[0] = function;
            seen[1] = arguments[0];
            seen[2] = arguments[1];
            return 77;
        });
        assertEquals(77, status);
        assertArrayEquals(new long[] {1, 5, 6}, seen);
    }
}
