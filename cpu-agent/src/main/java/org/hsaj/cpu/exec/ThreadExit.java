package org.hsaj.cpu.exec;

/**
 * Thrown by a system call to end the calling guest thread (exit) or, with {@code wholeProcess}, every
 * thread (exit_group). Control flow, not an error: it carries no stack trace.
 */
public final class ThreadExit extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final boolean wholeProcess;

    public ThreadExit(int status, boolean wholeProcess) {
        super("exit " + status, null, false, false);
        this.status = status;
        this.wholeProcess = wholeProcess;
    }

    public int status() {
        return status;
    }

    public boolean wholeProcess() {
        return wholeProcess;
    }
}
