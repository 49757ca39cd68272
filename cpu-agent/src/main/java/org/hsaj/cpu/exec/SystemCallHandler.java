package org.hsaj.cpu.exec;

/**
 * What an {@code ecall} does: the operating system below the guest. Called on the hart's own thread
 * with {@code hart.pc} at the ecall; it reads the arguments from the registers and writes the result
 * to a0. It may throw {@link org.hsaj.cpu.GuestFault} (unsupported call) or {@link ThreadExit}.
 */
public interface SystemCallHandler {
    void ecall(Hart hart);
}
