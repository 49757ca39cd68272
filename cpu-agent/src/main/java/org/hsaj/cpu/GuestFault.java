package org.hsaj.cpu;

/**
 * A guest error that ends the process: the message says what happened, at which guest pc and why, for
 * example {@code illegal instruction 0x0000 at pc 0x10a4c}. {@link #exitStatus()} is the status a Linux
 * shell would report for the signal that the error stands for (139 for SIGSEGV, 132 for SIGILL, ...).
 * A fault of an instruction (bad access, illegal instruction, ebreak) carries the {@link Trap} a guest
 * signal handler may take instead, in which case the process goes on.
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

    /**
     * The synchronous signal an instruction's fault raises: its number, si_code, si_addr, and the pc of
     * the instruction, where the hart resumes after a handler that returns.
     */
    public record Trap(int signal, int code, long address, long pc) {
        /** SIGSEGV's si_codes: no page at the address; a page without the access's permission. */
        public static final int SEGV_MAPERR = 1;
        public static final int SEGV_ACCERR = 2;
    }

    private final int exitStatus;
    private final Trap trap;
    /** Set by translated code once the hart holds the registers as they were at the fault. */
    private boolean registersSaved;

    public GuestFault(String message, int exitStatus) {
        this(message, exitStatus, null, null);
    }

    public GuestFault(String message, int exitStatus, Throwable cause) {
        this(message, exitStatus, cause, null);
    }

    public GuestFault(String message, int exitStatus, Throwable cause, Trap trap) {
        super(message, cause);
        this.exitStatus = exitStatus;
        this.trap = trap;
    }

    public int exitStatus() {
        return exitStatus;
    }

    /** The signal a guest handler could take for this fault; null for errors no handler can take. */
    public Trap trap() {
        return trap;
    }

    public boolean registersSaved() {
        return registersSaved;
    }

    public void markRegistersSaved() {
        registersSaved = true;
    }

    public static GuestFault illegalInstruction(String what, long pc) {
        final int illegalOpcode = 1; // ILL_ILLOPC
        return new GuestFault(String.format("illegal instruction %s at pc 0x%x", what, pc), SIGILL_STATUS, null,
                new Trap(SIGILL_STATUS - 128, illegalOpcode, pc, pc));
    }
}
