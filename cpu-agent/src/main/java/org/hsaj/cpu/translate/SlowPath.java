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

    /** The {@code size}-byte value at {@code address}, sign-extended (translated code masks unsigned loads). */
    public static long load(Hart h, long address, int size, long pc) {
        GuestMemory m = h.memory;
        try {
            return switch (size) {
                case 1 -> m.loadByte(address);
                case 2 -> m.loadShort(address);
                case 4 -> m.loadInt(address);
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
