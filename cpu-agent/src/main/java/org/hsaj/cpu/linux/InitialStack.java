package org.hsaj.cpu.linux;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.hsaj.cpu.elf.LoadedImage;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Lays out the stack a Linux RISC-V process starts with: from sp upwards argc, argv pointers, NULL,
 * envp pointers, NULL, the auxiliary vector (type/value pairs ending with AT_NULL), then the strings
 * and AT_RANDOM's 16 bytes at the top. sp is 16-byte aligned.
 */
public final class InitialStack {
    static final int AT_NULL = 0;
    static final int AT_PHDR = 3;
    static final int AT_PHENT = 4;
    static final int AT_PHNUM = 5;
    static final int AT_PAGESZ = 6;
    static final int AT_BASE = 7;
    static final int AT_FLAGS = 8;
    static final int AT_ENTRY = 9;
    static final int AT_UID = 11;
    static final int AT_EUID = 12;
    static final int AT_GID = 13;
    static final int AT_EGID = 14;
    static final int AT_PLATFORM = 15;
    static final int AT_HWCAP = 16;
    static final int AT_CLKTCK = 17;
    static final int AT_SECURE = 23;
    static final int AT_RANDOM = 25;
    static final int AT_HWCAP2 = 26;
    static final int AT_EXECFN = 31;
    /** One bit per single-letter extension: I, M, A, F, D, C. */
    public static final long HWCAP_RV64GC = bit('I') | bit('M') | bit('A') | bit('F') | bit('D') | bit('C');

    private static long bit(char extension) {
        return 1L << (extension - 'A');
    }

    private InitialStack() {
    }

    /** Writes the initial stack below {@code top}; returns the initial sp. */
    public static long build(SharedVirtualMemory memory, long top, LoadedImage image, List<String> argv,
                             List<String> envp, String execFn) {
        long at = top;
        at = pushString(memory, at, "riscv64");
        long platform = at;
        at = pushString(memory, at, execFn);
        long execFnAddress = at;
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        at -= 16;
        memory.write(at, random, 0, 16);
        long randomAddress = at;
        List<Long> argPointers = new ArrayList<>();
        for (String s : argv) {
            at = pushString(memory, at, s);
            argPointers.add(at);
        }
        List<Long> envPointers = new ArrayList<>();
        for (String s : envp) {
            at = pushString(memory, at, s);
            envPointers.add(at);
        }
        long[] auxv = {
            AT_PHDR, image.programHeaders(), AT_PHENT, 56, AT_PHNUM, image.programHeaderCount(),
            AT_PAGESZ, 4096, AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, image.entry(),
            AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0, AT_PLATFORM, platform, AT_HWCAP, HWCAP_RV64GC,
            AT_CLKTCK, 100, AT_SECURE, 0, AT_RANDOM, randomAddress, AT_HWCAP2, 0, AT_EXECFN, execFnAddress,
            AT_NULL, 0};
        int words = 1 + argPointers.size() + 1 + envPointers.size() + 1 + auxv.length;
        long sp = (at - 8L * words) & -16L;
        long p = sp;
        memory.storeLong(p, argv.size());
        p += 8;
        for (long a : argPointers) {
            memory.storeLong(p, a);
            p += 8;
        }
        memory.storeLong(p, 0);
        p += 8;
        for (long e : envPointers) {
            memory.storeLong(p, e);
            p += 8;
        }
        memory.storeLong(p, 0);
        p += 8;
        for (long v : auxv) {
            memory.storeLong(p, v);
            p += 8;
        }
        return sp;
    }

    private static long pushString(SharedVirtualMemory memory, long at, String s) {
        byte[] bytes = (s + "\0").getBytes(StandardCharsets.UTF_8);
        long start = at - bytes.length;
        memory.write(start, bytes, 0, bytes.length);
        return start;
    }
}
