package org.hsaj.cpu.exec;

import org.hsaj.cpu.GuestFault;
import org.hsaj.runtime.memory.AtomicOp;
import org.hsaj.runtime.memory.MemoryAccessException;
import org.hsaj.runtime.memory.MemoryOrder;

/**
 * The A extension on the shared virtual memory, for the interpreter and translated code alike.
 *
 * <p>LR/SC: a load-reserved records the address, width and loaded value in the hart; a
 * store-conditional succeeds only if the hart still holds a reservation of that address and width and
 * the memory still holds the loaded value, which it checks and replaces with one compare-and-exchange.
 * Every store-conditional ends the reservation. aq/rl map to acquire/release/sequentially-consistent
 * orders of the shared memory's atomics; a misaligned address is a bus error (as on Linux).
 */
public final class Atomics {
    private Atomics() {
    }

    public static MemoryOrder order(boolean aq, boolean rl) {
        if (aq && rl) {
            return MemoryOrder.SEQ_CST;
        }
        return aq ? MemoryOrder.ACQUIRE : rl ? MemoryOrder.RELEASE : MemoryOrder.RELAXED;
    }

    private static void checkAligned(long address, int size, long pc) {
        if ((address & (size - 1)) != 0) {
            final int misaligned = 1; // BUS_ADRALN; si_addr is the pc, as RISC-V Linux reports a misaligned AMO
            throw new GuestFault(String.format("bus error at pc 0x%x: misaligned %d-byte atomic access at 0x%x",
                    pc, size, address), GuestFault.SIGBUS_STATUS, null,
                    new GuestFault.Trap(GuestFault.SIGBUS_STATUS - 128, misaligned, pc, pc));
        }
    }

    public static long loadReserved(Hart h, long address, int size, boolean aq, boolean rl, long pc) {
        checkAligned(address, size, pc);
        try {
            MemoryOrder order = order(aq, rl);
            long value = size == 4 ? h.memory.shared.atomicLoadInt(address, order)
                    : h.memory.shared.atomicLoadLong(address, order);
            h.reservationAddress = address;
            h.reservationSize = size;
            h.reservationValue = value;
            return value;
        } catch (MemoryAccessException e) {
            throw GuestMemory.segmentationFault(e, pc);
        }
    }

    /** Returns 0 on success, 1 on failure (the value sc writes to rd). */
    public static long storeConditional(Hart h, long address, long value, int size, boolean aq, boolean rl, long pc) {
        checkAligned(address, size, pc);
        boolean held = h.reservationAddress == address && h.reservationSize == size;
        h.reservationAddress = -1;
        try {
            if (!held) {
                // Still an access: a store-conditional to a bad address faults even when it fails.
                h.memory.checkWrite(address, size);
                return 1;
            }
            MemoryOrder order = order(aq, rl);
            if (size == 4) {
                int expected = (int) h.reservationValue;
                return h.memory.shared.compareAndExchangeInt(address, expected, (int) value, order) == expected ? 0 : 1;
            }
            long expected = h.reservationValue;
            return h.memory.shared.compareAndExchangeLong(address, expected, value, order) == expected ? 0 : 1;
        } catch (MemoryAccessException e) {
            throw GuestMemory.segmentationFault(e, pc);
        }
    }

    /** An AMO of width {@code size}; returns the old value (sign-extended for words). */
    public static long readModifyWrite(Hart h, AtomicOp op, long address, long operand, int size, boolean aq,
                                       boolean rl, long pc) {
        checkAligned(address, size, pc);
        try {
            MemoryOrder order = order(aq, rl);
            if (size == 4) {
                return h.memory.shared.atomicInt(op, address, (int) operand, order);
            }
            return h.memory.shared.atomicLong(op, address, operand, order);
        } catch (MemoryAccessException e) {
            throw GuestMemory.segmentationFault(e, pc);
        }
    }
}
