package org.hsaj.hsail.codegen.jvm;

import java.lang.foreign.MemorySegment;
import org.hsaj.runtime.memory.AccessKind;
import org.hsaj.runtime.memory.AtomicOp;
import org.hsaj.runtime.memory.MemoryAccessException;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Atomics on group memory as plain reads and writes. A work-group's group memory is seen only by its
 * own work-items, and they all run on one compute unit thread, one after the other: no other thread
 * can come between the read and the write, and program order gives every memory order HSAIL asks
 * for. Alignment is checked as for any atomic. Each helper takes the operation as a constant the JIT
 * folds, so a call compiles to the one operation.
 */
final class GroupAtomics {
    private static final AtomicOp[] OPS = AtomicOp.values();

    private GroupAtomics() {
    }

    static void aligned(long address, int size, boolean write) {
        if ((address & (size - 1)) != 0) {
            throw new MemoryAccessException(address, size, write ? AccessKind.WRITE : AccessKind.READ,
                    "atomic access is not naturally aligned");
        }
    }

    /** Applies {@code AtomicOp.values()[op]} to the int at {@code address}; returns the old value. */
    static int rmw32(MemorySegment m, long address, int op, int operand) {
        aligned(address, 4, true);
        int old = m.get(SharedVirtualMemory.INT, address);
        m.set(SharedVirtualMemory.INT, address, OPS[op].apply(old, operand));
        return old;
    }

    static long rmw64(MemorySegment m, long address, int op, long operand) {
        aligned(address, 8, true);
        long old = m.get(SharedVirtualMemory.LONG, address);
        m.set(SharedVirtualMemory.LONG, address, OPS[op].apply(old, operand));
        return old;
    }

    static int cas32(MemorySegment m, long address, int expected, int desired) {
        aligned(address, 4, true);
        int old = m.get(SharedVirtualMemory.INT, address);
        if (old == expected) {
            m.set(SharedVirtualMemory.INT, address, desired);
        }
        return old;
    }

    static long cas64(MemorySegment m, long address, long expected, long desired) {
        aligned(address, 8, true);
        long old = m.get(SharedVirtualMemory.LONG, address);
        if (old == expected) {
            m.set(SharedVirtualMemory.LONG, address, desired);
        }
        return old;
    }

    static int load32(MemorySegment m, long address) {
        aligned(address, 4, false);
        return m.get(SharedVirtualMemory.INT, address);
    }

    static long load64(MemorySegment m, long address) {
        aligned(address, 8, false);
        return m.get(SharedVirtualMemory.LONG, address);
    }

    static void store32(MemorySegment m, long address, int value) {
        aligned(address, 4, true);
        m.set(SharedVirtualMemory.INT, address, value);
    }

    static void store64(MemorySegment m, long address, long value) {
        aligned(address, 8, true);
        m.set(SharedVirtualMemory.LONG, address, value);
    }
}
