package org.hsaj.cpu.translate;

import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.runtime.memory.MemoryAccessException;

/**
 * Out-of-line halves of the memory accesses that translated code inlines: called when the one-byte
 * permission check of the fast path fails (unmapped page, code page written, access crossing a page,
 * page mapped by another agent since the mirror was read). Faults name the guest pc.
 */
public final class SlowPath {
    private SlowPath() {
    }

    public static long load(Hart h, long address, int size, boolean signed, long pc) {
        GuestMemory m = h.memory;
        try {
            return switch (size) {
                case 1 -> signed ? m.loadByte(address) : m.loadByte(address) & 0xffL;
                case 2 -> signed ? m.loadShort(address) : m.loadShort(address) & 0xffffL;
                case 4 -> signed ? m.loadInt(address) : m.loadInt(address) & 0xffffffffL;
                default -> m.loadLong(address);
            };
        } catch (MemoryAccessException e) {
            throw GuestMemory.segmentationFault(e, pc);
        }
    }

    public static void store(Hart h, long address, long value, int size, long pc) {
        GuestMemory m = h.memory;
        try {
            switch (size) {
                case 1 -> m.storeByte(address, (byte) value);
                case 2 -> m.storeShort(address, (short) value);
                case 4 -> m.storeInt(address, (int) value);
                default -> m.storeLong(address, value);
            }
        } catch (MemoryAccessException e) {
            throw GuestMemory.segmentationFault(e, pc);
        }
    }
}
