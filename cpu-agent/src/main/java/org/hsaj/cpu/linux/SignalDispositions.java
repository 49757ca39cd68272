package org.hsaj.cpu.linux;

/**
 * The process's signal actions, as rt_sigaction sets them (64 signals; RISC-V's kernel struct sigaction
 * is 24 bytes: handler, flags, mask, with no sa_restorer), and what each signal does when its action is
 * the default. Signals are numbered from 1; a set of signals is a 64-bit mask with signal s at bit s - 1.
 *
 * <p>Threading: thread-safe.
 */
final class SignalDispositions {
    static final int SIGNALS = 64;
    static final int SIGABRT = 6;
    static final int SIGKILL = 9;
    static final int SIGSEGV = 11;
    static final int SIGPIPE = 13;
    static final int SIGSTOP = 19;
    /** What no mask blocks and no action catches. */
    static final long UNBLOCKABLE = bit(SIGKILL) | bit(SIGSTOP);
    static final long SIG_DFL = 0;
    static final long SIG_IGN = 1;
    static final long SA_SIGINFO = 4;
    static final long SA_ONSTACK = 0x0800_0000L;
    static final long SA_NODEFER = 0x4000_0000L;
    static final long SA_RESETHAND = 0x8000_0000L;
    /**
     * The sa_flags Linux keeps (SA_NOCLDSTOP, SA_NOCLDWAIT, SA_SIGINFO, SA_EXPOSE_TAGBITS, SA_ONSTACK,
     * SA_RESTART, SA_NODEFER, SA_RESETHAND): it clears others, so a program can tell what it supports.
     */
    private static final long KNOWN_FLAGS = 0x1 | 0x2 | SA_SIGINFO | 0x800 | SA_ONSTACK | 0x1000_0000L | SA_NODEFER
            | SA_RESETHAND;
    private static final Action DEFAULT = new Action(SIG_DFL, 0, 0);

    /** One signal's action: sa_handler (SIG_DFL, SIG_IGN or a guest address), sa_flags, sa_mask. */
    record Action(long handler, long flags, long mask) {
        boolean has(long flag) {
            return (flags & flag) != 0;
        }

        /** Whether the action is a guest handler (neither SIG_DFL nor SIG_IGN). */
        boolean isHandler() {
            return handler != SIG_DFL && handler != SIG_IGN;
        }
    }

    /** What a signal does by default: end the process, nothing, or stop it. */
    enum Default { TERMINATE, IGNORE, STOP }

    private final Action[] actions = new Action[SIGNALS + 1];

    static long bit(int signal) {
        return 1L << (signal - 1);
    }

    static boolean valid(int signal) {
        return signal >= 1 && signal <= SIGNALS;
    }

    synchronized Action get(int signal) {
        Action action = actions[signal];
        return action == null ? DEFAULT : action;
    }

    /**
     * Sets {@code signal}'s action, as Linux keeps it: the mask never holds SIGKILL or SIGSTOP, flags
     * it does not know are cleared. Returns the action as set.
     */
    synchronized Action set(int signal, Action action) {
        Action kept = new Action(action.handler(), action.flags() & KNOWN_FLAGS, action.mask() & ~UNBLOCKABLE);
        actions[signal] = kept;
        return kept;
    }

    /** SA_RESETHAND: back to SIG_DFL, unless the action changed since {@code delivered} was read. */
    synchronized void resetToDefault(int signal, Action delivered) {
        if (get(signal).equals(delivered)) {
            actions[signal] = new Action(SIG_DFL, delivered.flags(), delivered.mask());
        }
    }

    /** Whether {@code signal}, delivered now, would be dropped: ignored by its action or by default. */
    boolean ignores(int signal) {
        long handler = get(signal).handler();
        return handler == SIG_IGN || handler == SIG_DFL && byDefault(signal) == Default.IGNORE;
    }

    /** Whether {@code signal}, delivered now, would end the process. */
    boolean kills(int signal) {
        return signal == SIGKILL || get(signal).handler() == SIG_DFL && byDefault(signal) == Default.TERMINATE;
    }

    /**
     * Whether translated code can raise {@code signal} by a fault: SIGILL, SIGBUS, SIGSEGV (ebreak, the
     * one source of SIGTRAP, is left to the interpreter, which is always precise).
     */
    static boolean raisedInTranslatedCode(int signal) {
        return signal == 4 || signal == 7 || signal == SIGSEGV;
    }

    static Default byDefault(int signal) {
        return switch (signal) {
            case 17, 23, 28 -> Default.IGNORE; // SIGCHLD, SIGURG, SIGWINCH
            case 18 -> Default.IGNORE; // SIGCONT: continuing a process that runs is nothing
            case 19, 20, 21, 22 -> Default.STOP; // SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU
            default -> Default.TERMINATE;
        };
    }

    /** The signal's name for messages ("SIGSEGV"; "signal 40" for the real-time ones). */
    static String name(int signal) {
        String[] names = {"SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
            "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD",
            "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
            "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};
        if (signal >= 1 && signal <= names.length) {
            return names[signal - 1];
        }
        return "signal " + signal;
    }
}
