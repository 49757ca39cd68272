package org.hsaj.cpu.linux;

/**
 * The process's rt_sigaction table (64 signals, kernel struct sigaction of 24 bytes each). Actions are
 * recorded and reported back but never delivered: the emulator runs no signal handlers. A signal a
 * guest sends itself takes its default action (terminate, or nothing for the ignored ones), and so
 * does the SIGPIPE of a write without a reader where the guest left SIGPIPE's action at the default.
 */
final class SignalDispositions {
    static final int SIGNALS = 64;
    static final int SIGABRT = 6;
    private final byte[][] actions = new byte[SIGNALS + 1][];

    synchronized byte[] get(int signal) {
        byte[] action = actions[signal];
        return action == null ? new byte[24] : action.clone();
    }

    /** Whether {@code signal}'s action is SIG_DFL (the handler word, the struct's first 8 bytes, is 0). */
    synchronized boolean isDefault(int signal) {
        byte[] action = actions[signal];
        if (action == null) {
            return true;
        }
        for (int i = 0; i < 8; i++) {
            if (action[i] != 0) {
                return false;
            }
        }
        return true;
    }

    synchronized void set(int signal, byte[] action) {
        actions[signal] = action.clone();
    }

    /** Signals whose default action is to do nothing. */
    static boolean ignoredByDefault(int signal) {
        return signal == 17 || signal == 18 || signal == 23 || signal == 28; // SIGCHLD SIGCONT SIGURG SIGWINCH
    }
}
