package org.hsaj.cpu.exec;

/**
 * What an {@code ecall} does: the operating system below the guest. Called on the hart's own thread
 * with {@code hart.pc} at the ecall; it reads the arguments from the registers and writes the result
 * to a0. It may throw {@link org.hsaj.cpu.GuestFault} (unsupported call) or {@link ThreadExit}. It is
 * also told of the hart's faults, which a guest signal handler may take.
 */
public interface SystemCallHandler {
    /**
     * Runs the call. Returns false when the hart goes on after the ecall with the result in a0; true
     * when the call moved the hart (the entry of a signal handler, the return from one): any register
     * may have changed, and it goes on at {@code hart.pc}.
     */
    boolean ecall(Hart hart);

    /**
     * An instruction of the hart faulted ({@code trap}; the hart's registers are as they were before it):
     * returns true when a guest signal handler takes the fault (the hart then goes on at {@code hart.pc}),
     * false when the fault ends the process.
     */
    default boolean trap(Hart hart, org.hsaj.cpu.GuestFault.Trap trap) {
        return false;
    }
}
