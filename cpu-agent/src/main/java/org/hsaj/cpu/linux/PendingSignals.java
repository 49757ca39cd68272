package org.hsaj.cpu.linux;

/**
 * Signals sent and not yet delivered, each with the {@code si_code} it was sent with: one thread's own,
 * or the process's (kill), which any of its threads may take. A signal pends once: one sent again
 * before it was delivered merges into it (real-time signals too, which Linux would queue).
 *
 * <p>Threading: thread-safe; {@link #bits} is a volatile read, cheap enough to look at after every
 * system call.
 */
final class PendingSignals {
    /** si_code of a signal sent by kill. */
    static final int SI_USER = 0;
    /** si_code of a signal sent by tkill or tgkill. */
    static final int SI_TKILL = -6;

    /** A signal to deliver, with how it was sent (si_code) and, for a fault, the address (si_addr). */
    record Taken(int signal, int code, long address) {
        Taken(int signal, int code) {
            this(signal, code, 0);
        }
    }

    /** SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV, SIGSYS: taken first. */
    private static final long SYNCHRONOUS = SignalDispositions.bit(4) | SignalDispositions.bit(5)
            | SignalDispositions.bit(7) | SignalDispositions.bit(8) | SignalDispositions.bit(11)
            | SignalDispositions.bit(31);

    private volatile long bits;
    private final int[] codes = new int[SignalDispositions.SIGNALS + 1];

    long bits() {
        return bits;
    }

    synchronized void add(int signal, int code) {
        long bit = SignalDispositions.bit(signal);
        if ((bits & bit) == 0) {
            codes[signal] = code;
            bits |= bit;
        }
    }

    /**
     * Takes the lowest-numbered signal of the set that {@code allowed} holds, a synchronous one (a fault's
     * signal) before any other, as Linux does; null when there is none.
     */
    synchronized Taken take(long allowed) {
        long candidates = bits & allowed;
        if (candidates == 0) {
            return null;
        }
        if ((candidates & SYNCHRONOUS) != 0) {
            candidates &= SYNCHRONOUS;
        }
        int signal = Long.numberOfTrailingZeros(candidates) + 1;
        bits &= ~SignalDispositions.bit(signal);
        return new Taken(signal, codes[signal]);
    }

    synchronized void discard(int signal) {
        bits &= ~SignalDispositions.bit(signal);
    }
}
