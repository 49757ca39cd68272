package org.hsaj.cpu.translate;

import static org.hsaj.runtime.memory.SharedVirtualMemory.BYTE;
import static org.hsaj.runtime.memory.SharedVirtualMemory.INT;
import static org.hsaj.runtime.memory.SharedVirtualMemory.LONG;
import static org.hsaj.runtime.memory.SharedVirtualMemory.SHORT;

import java.lang.foreign.MemorySegment;
import org.hsaj.cpu.exec.Hart;

/**
 * The loads of {@link MemoryAccess} for instructions whose pc fits in an int (all code of ordinary
 * static executables), shaped so that C1, the JIT tier whose code runs while C2 compiles a region,
 * inlines them as well: at most 35 bytes of bytecode and 4 operand stack slots beyond the parameters
 * (C1's inlining limits), which the int pc makes possible. Same checks, same faults.
 */
public final class NarrowLoads {
    private NarrowLoads() {
    }

    public static long lb(MemorySegment s, byte[] p, long a, Hart h, int pc) {
        return MemoryAccess.readable(p, a, 1) ? s.get(BYTE, a) : SlowPath.lb(h, a, pc);
    }

    public static long lbu(MemorySegment s, byte[] p, long a, Hart h, int pc) {
        return MemoryAccess.readable(p, a, 1) ? Byte.toUnsignedLong(s.get(BYTE, a)) : SlowPath.lbu(h, a, pc);
    }

    public static long lh(MemorySegment s, byte[] p, long a, Hart h, int pc) {
        return MemoryAccess.readable(p, a, 2) ? s.get(SHORT, a) : SlowPath.lh(h, a, pc);
    }

    public static long lhu(MemorySegment s, byte[] p, long a, Hart h, int pc) {
        return MemoryAccess.readable(p, a, 2) ? Short.toUnsignedLong(s.get(SHORT, a)) : SlowPath.lhu(h, a, pc);
    }

    public static long lw(MemorySegment s, byte[] p, long a, Hart h, int pc) {
        return MemoryAccess.readable(p, a, 4) ? s.get(INT, a) : SlowPath.lw(h, a, pc);
    }

    public static long lwu(MemorySegment s, byte[] p, long a, Hart h, int pc) {
        return MemoryAccess.readable(p, a, 4) ? Integer.toUnsignedLong(s.get(INT, a)) : SlowPath.lwu(h, a, pc);
    }

    public static long ld(MemorySegment s, byte[] p, long a, Hart h, int pc) {
        return MemoryAccess.readable(p, a, 8) ? s.get(LONG, a) : SlowPath.ld(h, a, pc);
    }

    public static long lbIf(boolean ok, MemorySegment s, long a, Hart h, int pc) {
        return ok ? s.get(BYTE, a) : SlowPath.lb(h, a, pc);
    }

    public static long lbuIf(boolean ok, MemorySegment s, long a, Hart h, int pc) {
        return ok ? Byte.toUnsignedLong(s.get(BYTE, a)) : SlowPath.lbu(h, a, pc);
    }

    public static long lhIf(boolean ok, MemorySegment s, long a, Hart h, int pc) {
        return ok ? s.get(SHORT, a) : SlowPath.lh(h, a, pc);
    }

    public static long lhuIf(boolean ok, MemorySegment s, long a, Hart h, int pc) {
        return ok ? Short.toUnsignedLong(s.get(SHORT, a)) : SlowPath.lhu(h, a, pc);
    }

    public static long lwIf(boolean ok, MemorySegment s, long a, Hart h, int pc) {
        return ok ? s.get(INT, a) : SlowPath.lw(h, a, pc);
    }

    public static long lwuIf(boolean ok, MemorySegment s, long a, Hart h, int pc) {
        return ok ? Integer.toUnsignedLong(s.get(INT, a)) : SlowPath.lwu(h, a, pc);
    }

    public static long ldIf(boolean ok, MemorySegment s, long a, Hart h, int pc) {
        return ok ? s.get(LONG, a) : SlowPath.ld(h, a, pc);
    }
}
