package org.hsaj.cpu;

/**
 * An unrecoverable guest error: the message says what happened, at which guest pc and why, for example
 * {@code illegal instruction 0x0000 at pc 0x10a4c}. {@link #exitStatus()} is the status a Linux shell
 * would report for the signal that the error stands for (139 for SIGSEGV, 132 for SIGILL, ...).
 */
public final class GuestFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Exit statuses of the signals guest faults stand for (128 + signal number). */
    public static final int SIGILL_STATUS = 128 + 4;
    public static final int SIGTRAP_STATUS = 128 + 5;
    public static final int SIGABRT_STATUS = 128 + 6;
    public static final int SIGBUS_STATUS = 128 + 7;
    public static final int SIGFPE_STATUS = 128 + 8;
    public static final int SIGSEGV_STATUS = 128 + 11;
    /** Not a signal: the emulator cannot go on (unsupported system call, internal limit). */
    public static final int UNSUPPORTED_STATUS = 127;

    private final int exitStatus;

    public GuestFault(String message, int exitStatus) {
        super(message);
        this.exitStatus = exitStatus;
    }

    public GuestFault(String message, int exitStatus, Throwable cause) {
        super(message, cause);
        this.exitStatus = exitStatus;
    }

    public int exitStatus() {
        return exitStatus;
    }

    public static GuestFault illegalInstruction(String what, long pc) {
        return new GuestFault(String.format("illegal instruction %s at pc 0x%x", what, pc), SIGILL_STATUS);
    }
}
