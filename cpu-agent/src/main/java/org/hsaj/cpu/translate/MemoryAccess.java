package org.hsaj.cpu.translate;

import java.lang.foreign.MemorySegment;
import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * The loads and stores translated code calls: small static methods the JIT inlines, taking the memory
 * segment and the permission mirror as arguments (constants at every call site). The fast path reads
 * one mirror byte and accesses the memory, by host address where {@link RawMemory} is available (the
 * segment's base address folds to a constant), through the segment elsewhere; anything else goes to
 * {@link SlowPath}. Keeping the code here rather than in each generated method keeps generated methods
 * small, which is what lets HotSpot compile them; keeping each helper small is what lets it inline them
 * (see the loads and stores below).
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

    // ---- loads and stores: one small helper per width and way of checking ----
    //
    // The JIT charges a region for the whole bytecode of every helper it inlines, branches a constant
    // argument would fold away included, against one budget of 8,000 bytes with the region's own. A
    // width-generic helper (a switch over the size) cost about 800 bytes per inlined access and the
    // budget ran out after a handful, leaving the rest as calls, around which every guest register is
    // spilled; so each width has its own helpers, about a hundred bytes inlined. Loads return the value
    // sign-extended; translated code masks the unsigned ones.
    //
    // Three ways of checking: the plain helpers read the permission mirror like the interpreter (a load
    // from an unmapped page is a segmentation fault naming the pc, in every tier) and hand the outcome to
    // the {@code If} helpers, which are also for accesses whose permission was checked for a whole group,
    // {@code ok} being that outcome; an access (or a group) with an access window (see AccessWindows) is
    // tested against it in the region's own bytecode, which then calls the unchecked access below
    // (readByte ... writeLong) or, outside the window, the plain helper (a group: ok = 1, or else
    // groupAllows). The window's bounds are loop invariants the JIT keeps in registers, so an access
    // inside it costs a subtraction, a comparison and a branch. The test is not in a helper because a
    // helper's branch profile is shared by every site and every guest: misses in one guest kept the miss
    // path a call in every region of the next, and C2 spilled the loop's registers around it; the
    // region's own branch has its own profile, and C2 drops a path its site never took. The stores return
    // early from their fast path: that keeps the largest at 35 bytes, which C2 inlines even at sites it
    // does not count as hot (MaxInlineSize). The near-identical helpers of each family are deliberate:
    // one generic helper per family, its width an argument, is what cost the 800 bytes.

    public static long lb(MemorySegment s, byte[] p, long a, Hart h, long pc) {
        return lbIf(readable(p, a, 1), s, a, h, pc);
    }

    public static long lh(MemorySegment s, byte[] p, long a, Hart h, long pc) {
        return lhIf(readable(p, a, 2), s, a, h, pc);
    }

    public static long lw(MemorySegment s, byte[] p, long a, Hart h, long pc) {
        return lwIf(readable(p, a, 4), s, a, h, pc);
    }

    public static long ld(MemorySegment s, byte[] p, long a, Hart h, long pc) {
        return ldIf(readable(p, a, 8), s, a, h, pc);
    }

    public static long lbIf(boolean ok, MemorySegment s, long a, Hart h, long pc) {
        return ok ? readByte(s, a) : SlowPath.load(h, a, 1, pc);
    }

    public static long lhIf(boolean ok, MemorySegment s, long a, Hart h, long pc) {
        return ok ? readShort(s, a) : SlowPath.load(h, a, 2, pc);
    }

    public static long lwIf(boolean ok, MemorySegment s, long a, Hart h, long pc) {
        return ok ? readInt(s, a) : SlowPath.load(h, a, 4, pc);
    }

    public static long ldIf(boolean ok, MemorySegment s, long a, Hart h, long pc) {
        return ok ? readLong(s, a) : SlowPath.load(h, a, 8, pc);
    }

    public static void sb(MemorySegment s, byte[] p, long a, long v, Hart h, long pc) {
        sbIf(writable(p, a, 1), s, a, v, h, pc);
    }

    public static void sh(MemorySegment s, byte[] p, long a, long v, Hart h, long pc) {
        shIf(writable(p, a, 2), s, a, v, h, pc);
    }

    public static void sw(MemorySegment s, byte[] p, long a, long v, Hart h, long pc) {
        swIf(writable(p, a, 4), s, a, v, h, pc);
    }

    public static void sd(MemorySegment s, byte[] p, long a, long v, Hart h, long pc) {
        sdIf(writable(p, a, 8), s, a, v, h, pc);
    }

    public static void sbIf(boolean ok, MemorySegment s, long a, long v, Hart h, long pc) {
        if (ok) {
            writeByte(s, a, v);
            return;
        }
        SlowPath.store(h, a, v, 1, pc);
    }

    public static void shIf(boolean ok, MemorySegment s, long a, long v, Hart h, long pc) {
        if (ok) {
            writeShort(s, a, v);
            return;
        }
        SlowPath.store(h, a, v, 2, pc);
    }

    public static void swIf(boolean ok, MemorySegment s, long a, long v, Hart h, long pc) {
        if (ok) {
            writeInt(s, a, v);
            return;
        }
        SlowPath.store(h, a, v, 4, pc);
    }

    public static void sdIf(boolean ok, MemorySegment s, long a, long v, Hart h, long pc) {
        if (ok) {
            writeLong(s, a, v);
            return;
        }
        SlowPath.store(h, a, v, 8, pc);
    }

    // ---- the accesses themselves, their permission already checked (also called after a window test) ----

    static long readByte(MemorySegment s, long a) {
        return RAW ? RawMemory.getByte(s.address() + a) : s.get(SharedVirtualMemory.BYTE, a);
    }

    static long readShort(MemorySegment s, long a) {
        return RAW ? RawMemory.getShort(s.address() + a) : s.get(SharedVirtualMemory.SHORT, a);
    }

    static long readInt(MemorySegment s, long a) {
        return RAW ? RawMemory.getInt(s.address() + a) : s.get(SharedVirtualMemory.INT, a);
    }

    static long readLong(MemorySegment s, long a) {
        return RAW ? RawMemory.getLong(s.address() + a) : s.get(SharedVirtualMemory.LONG, a);
    }

    static void writeByte(MemorySegment s, long a, long v) {
        if (RAW) {
            RawMemory.putByte(s.address() + a, (byte) v);
            return;
        }
        s.set(SharedVirtualMemory.BYTE, a, (byte) v);
    }

    static void writeShort(MemorySegment s, long a, long v) {
        if (RAW) {
            RawMemory.putShort(s.address() + a, (short) v);
            return;
        }
        s.set(SharedVirtualMemory.SHORT, a, (short) v);
    }

    static void writeInt(MemorySegment s, long a, long v) {
        if (RAW) {
            RawMemory.putInt(s.address() + a, (int) v);
            return;
        }
        s.set(SharedVirtualMemory.INT, a, (int) v);
    }

    static void writeLong(MemorySegment s, long a, long v) {
        if (RAW) {
            RawMemory.putLong(s.address() + a, v);
            return;
        }
        s.set(SharedVirtualMemory.LONG, a, v);
    }

    /**
     * The shared check of an access group: the bytes [a, a + span) lie in one page whose permissions,
     * masked with {@code mask}, equal {@code need}.
     */
    public static boolean groupAllows(byte[] p, long a, int span, int mask, int need) {
        return ((permission(p, a) & mask ^ need) | crossesPage(a, span)) == 0;
    }
}
