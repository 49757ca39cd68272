package org.hsaj.cpu.translate;

import java.lang.foreign.MemorySegment;
import org.hsaj.cpu.exec.AccessWindows;
import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * The loads and stores translated code calls: small static methods the JIT inlines, taking the memory
 * segment and the permission mirror as arguments (constants at every call site). The fast path reads
 * one mirror byte and accesses the memory, by host address where {@link RawMemory} is available (the
 * segment's base address folds to a constant), through the segment elsewhere; anything else goes to
 * {@link SlowPath}. The {@code ...If}
 * variants are for accesses whose permission was checked for a whole group: {@code ok} is that outcome.
 * Keeping the code here rather than in each generated method keeps generated methods small, which is
 * what lets HotSpot compile and inline them.
 */
public final class MemoryAccess {
    /** Raw accesses: decided once, so the JIT folds the choice away. */
    private static final boolean RAW = RawMemory.AVAILABLE;

    private MemoryAccess() {
    }

    /** Whether translated code reaches guest memory by host address (for tests and diagnostics). */
    static boolean usesHostAddresses() {
        return RAW;
    }

    private static int permission(byte[] pages, long address) {
        return pages[(int) Math.min(address >>> 12, pages.length - 1)];
    }

    /**
     * The checks below are computed without branches and tested once: each branch in inlined code is
     * a place the JIT may compile as a trap (when its profile never saw it taken), and each trap costs
     * code size, compile time and, when taken once, a recompilation of the whole region.
     */
    private static boolean readable(byte[] pages, long address, int size) {
        return ((permission(pages, address) & GuestMemory.READ ^ GuestMemory.READ) | crossesPage(address, size)) == 0;
    }

    private static boolean writable(byte[] pages, long address, int size) {
        return ((permission(pages, address) & (GuestMemory.WRITE | GuestMemory.CODE) ^ GuestMemory.WRITE)
                | crossesPage(address, size)) == 0;
    }

    /** 1 when [address, address + size) runs into the next page, else 0. */
    private static int crossesPage(long address, int size) {
        return (((int) address & 0xfff) + size - 1) >>> 12;
    }

    // ---- loads ----
    //
    // Every load consults the permission mirror like the interpreter: a load from an unmapped page is
    // a segmentation fault naming the pc, in every tier. Each named entry point passes a constant
    // width, so once inlined the switches below fold to the one access it names.

    public static long lb(MemorySegment s, byte[] p, long a, Hart h, long pc) {
        return load(readable(p, a, 1), s, a, 1, true, h, pc);
    }

    public static long lbu(MemorySegment s, byte[] p, long a, Hart h, long pc) {
        return load(readable(p, a, 1), s, a, 1, false, h, pc);
    }

    public static long lh(MemorySegment s, byte[] p, long a, Hart h, long pc) {
        return load(readable(p, a, 2), s, a, 2, true, h, pc);
    }

    public static long lhu(MemorySegment s, byte[] p, long a, Hart h, long pc) {
        return load(readable(p, a, 2), s, a, 2, false, h, pc);
    }

    public static long lw(MemorySegment s, byte[] p, long a, Hart h, long pc) {
        return load(readable(p, a, 4), s, a, 4, true, h, pc);
    }

    public static long lwu(MemorySegment s, byte[] p, long a, Hart h, long pc) {
        return load(readable(p, a, 4), s, a, 4, false, h, pc);
    }

    public static long ld(MemorySegment s, byte[] p, long a, Hart h, long pc) {
        return load(readable(p, a, 8), s, a, 8, true, h, pc);
    }

    public static long lbIf(boolean ok, MemorySegment s, long a, Hart h, long pc) {
        return load(ok, s, a, 1, true, h, pc);
    }

    public static long lbuIf(boolean ok, MemorySegment s, long a, Hart h, long pc) {
        return load(ok, s, a, 1, false, h, pc);
    }

    public static long lhIf(boolean ok, MemorySegment s, long a, Hart h, long pc) {
        return load(ok, s, a, 2, true, h, pc);
    }

    public static long lhuIf(boolean ok, MemorySegment s, long a, Hart h, long pc) {
        return load(ok, s, a, 2, false, h, pc);
    }

    public static long lwIf(boolean ok, MemorySegment s, long a, Hart h, long pc) {
        return load(ok, s, a, 4, true, h, pc);
    }

    public static long lwuIf(boolean ok, MemorySegment s, long a, Hart h, long pc) {
        return load(ok, s, a, 4, false, h, pc);
    }

    public static long ldIf(boolean ok, MemorySegment s, long a, Hart h, long pc) {
        return load(ok, s, a, 8, true, h, pc);
    }

    private static long load(boolean ok, MemorySegment s, long a, int size, boolean signed, Hart h, long pc) {
        if (!ok) {
            return SlowPath.load(h, a, size, signed, pc);
        }
        return read(s, a, size, signed);
    }

    /** The access itself, its permission already checked. */
    private static long read(MemorySegment s, long a, int size, boolean signed) {
        if (RAW) {
            return RawMemory.load(s.address() + a, size, signed);
        }
        return switch (size) {
            case 1 -> signed ? s.get(SharedVirtualMemory.BYTE, a) : s.get(SharedVirtualMemory.BYTE, a) & 0xffL;
            case 2 -> signed ? s.get(SharedVirtualMemory.SHORT, a) : s.get(SharedVirtualMemory.SHORT, a) & 0xffffL;
            case 4 -> signed ? s.get(SharedVirtualMemory.INT, a) : s.get(SharedVirtualMemory.INT, a) & 0xffffffffL;
            default -> s.get(SharedVirtualMemory.LONG, a);
        };
    }

    // ---- stores ----

    public static void sb(MemorySegment s, byte[] p, long a, long v, Hart h, long pc) {
        store(writable(p, a, 1), s, a, v, 1, h, pc);
    }

    public static void sh(MemorySegment s, byte[] p, long a, long v, Hart h, long pc) {
        store(writable(p, a, 2), s, a, v, 2, h, pc);
    }

    public static void sw(MemorySegment s, byte[] p, long a, long v, Hart h, long pc) {
        store(writable(p, a, 4), s, a, v, 4, h, pc);
    }

    public static void sd(MemorySegment s, byte[] p, long a, long v, Hart h, long pc) {
        store(writable(p, a, 8), s, a, v, 8, h, pc);
    }

    public static void sbIf(boolean ok, MemorySegment s, long a, long v, Hart h, long pc) {
        store(ok, s, a, v, 1, h, pc);
    }

    public static void shIf(boolean ok, MemorySegment s, long a, long v, Hart h, long pc) {
        store(ok, s, a, v, 2, h, pc);
    }

    public static void swIf(boolean ok, MemorySegment s, long a, long v, Hart h, long pc) {
        store(ok, s, a, v, 4, h, pc);
    }

    public static void sdIf(boolean ok, MemorySegment s, long a, long v, Hart h, long pc) {
        store(ok, s, a, v, 8, h, pc);
    }

    private static void store(boolean ok, MemorySegment s, long a, long v, int size, Hart h, long pc) {
        if (!ok) {
            SlowPath.store(h, a, v, size, pc);
            return;
        }
        write(s, a, v, size);
    }

    /** The access itself, its permission already checked. */
    private static void write(MemorySegment s, long a, long v, int size) {
        if (RAW) {
            RawMemory.store(s.address() + a, v, size);
            return;
        }
        switch (size) {
            case 1 -> s.set(SharedVirtualMemory.BYTE, a, (byte) v);
            case 2 -> s.set(SharedVirtualMemory.SHORT, a, (short) v);
            case 4 -> s.set(SharedVirtualMemory.INT, a, (int) v);
            default -> s.set(SharedVirtualMemory.LONG, a, v);
        }
    }

    /**
     * The shared check of an access group: the bytes [a, a + span) lie in one page whose permissions,
     * masked with {@code mask}, equal {@code need}.
     */
    public static boolean groupAllows(byte[] p, long a, int span, int mask, int need) {
        return ((permission(p, a) & mask ^ need) | crossesPage(a, span)) == 0;
    }

    // ---- accesses checked against an access window first (see AccessWindows) ----
    //
    // The window's bounds are loop invariants the JIT keeps in registers, so an access inside it costs
    // a subtraction, a comparison and a branch before the access itself; one outside it is checked
    // against the mirror as above. Each is one helper with the access in it, rather than a check whose
    // outcome a second helper tests: C2 merged such an outcome (1 from the window, or the mirror's) and
    // tested it again at every access (three more instructions each in sort's merge loop). The size
    // and signedness are constants at every call site; the window test's profile is shared by all of
    // them, so a miss seen anywhere keeps it a branch rather than a trap in every region.

    /** A load of {@code size} bytes at {@code a}: inside window k directly, else checked by the mirror. */
    public static long loadWindowed(long[] w, int k, MemorySegment s, byte[] p, long a, int size, boolean signed,
                                    Hart h, long pc) {
        if (AccessWindows.holds(w, k, a, size)) {
            return read(s, a, size, signed);
        }
        return load(readable(p, a, size), s, a, size, signed, h, pc);
    }

    /** A store of {@code size} bytes at {@code a}: inside window k directly, else checked by the mirror. */
    public static void storeWindowed(long[] w, int k, MemorySegment s, byte[] p, long a, long v, int size,
                                     Hart h, long pc) {
        if (AccessWindows.holds(w, k, a, size)) {
            write(s, a, v, size);
            return;
        }
        store(writable(p, a, size), s, a, v, size, h, pc);
    }

    /** {@link #groupAllows}, trying window k first (for spans up to {@link AccessWindows#MAX_SPAN} bytes). */
    public static boolean groupAllowedIn(long[] w, int k, byte[] p, long a, int span, int mask, int need) {
        return AccessWindows.holds(w, k, a, AccessWindows.MAX_SPAN) || groupAllows(p, a, span, mask, need);
    }
}
