package org.hsaj.cpu.linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hsaj.cpu.exec.Hart;

/**
 * The frame RISC-V Linux pushes on a thread's stack to run a signal handler, and reads back in
 * rt_sigreturn (struct rt_sigframe: a siginfo, then a ucontext). Offsets from the frame's start:
 * <pre>
 *    0  siginfo (128 bytes): si_signo, si_errno, si_code (ints); at 16 si_pid and si_uid (ints) when a
 *       process sent it (kill, tkill, tgkill), si_addr when an instruction's fault raised it
 *  128  ucontext: uc_flags, uc_link; uc_stack at 144 (ss_sp, ss_flags as an int, ss_size);
 *       uc_sigmask at 168 (the kernel's 8 bytes, room for 128)
 *  304  mcontext, 16-aligned: gregs[32] (pc, then x1..x31); at 560 the D extension's f[32] and at 816
 *       fcsr, in a union as large as the Q extension's (528 bytes)
 * 1088  end
 * </pre>
 * The handler gets a0 = the signal, a1 = the siginfo, a2 = the ucontext; what it changes in the
 * ucontext's registers, mask or stack is what rt_sigreturn restores.
 */
final class SignalFrame {
    static final int SIZE = 1088;
    static final int UCONTEXT = 128;
    private static final int STACK = UCONTEXT + 16;
    private static final int SIGMASK = UCONTEXT + 40;
    private static final int GREGS = UCONTEXT + 176;
    private static final int FREGS = GREGS + 32 * 8;
    private static final int FCSR = FREGS + 32 * 8;

    /** A stack_t: an alternate signal stack as sigaltstack and uc_stack describe it. */
    record Stack(long base, int flags, long size) {
    }

    private SignalFrame() {
    }

    /**
     * The frame for {@code signal} interrupting {@code h} at {@code resumePc}; {@code savedMask} and
     * {@code stack} are what rt_sigreturn will restore.
     */
    static byte[] build(Hart h, long resumePc, PendingSignals.Taken signal, long savedMask, Stack stack) {
        ByteBuffer frame = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        frame.put(0, siginfo(signal));
        frame.putLong(STACK, stack.base());
        frame.putInt(STACK + 8, stack.flags());
        frame.putLong(STACK + 16, stack.size());
        frame.putLong(SIGMASK, savedMask);
        frame.putLong(GREGS, resumePc);
        for (int r = 1; r < 32; r++) {
            frame.putLong(GREGS + 8 * r, h.x[r]);
        }
        for (int r = 0; r < 32; r++) {
            frame.putLong(FREGS + 8 * r, h.f[r]);
        }
        frame.putInt(FCSR, h.fcsr());
        return frame.array();
    }

    /** The siginfo of {@code signal} (the frame's first {@link #UCONTEXT} bytes; what rt_sigtimedwait writes). */
    static byte[] siginfo(PendingSignals.Taken signal) {
        ByteBuffer info = ByteBuffer.allocate(UCONTEXT).order(ByteOrder.LITTLE_ENDIAN);
        info.putInt(0, signal.signal());
        info.putInt(8, signal.code());
        if (signal.code() == PendingSignals.SI_USER || signal.code() == PendingSignals.SI_TKILL) {
            info.putInt(16, LinuxProcess.PID); // si_uid stays 0: the guest runs as root (getuid)
        } else {
            info.putLong(16, signal.address()); // a fault's si_addr
        }
        return info.array();
    }

    /** Sets {@code h}'s pc and registers from {@code frame}; returns the signal mask it saved. */
    static long restore(byte[] bytes, Hart h) {
        ByteBuffer frame = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        h.pc = frame.getLong(GREGS);
        for (int r = 1; r < 32; r++) {
            h.x[r] = frame.getLong(GREGS + 8 * r);
        }
        for (int r = 0; r < 32; r++) {
            h.f[r] = frame.getLong(FREGS + 8 * r);
        }
        h.setFcsr(frame.getInt(FCSR));
        return frame.getLong(SIGMASK);
    }

    /** The uc_stack of {@code frame}. */
    static Stack stack(byte[] bytes) {
        ByteBuffer frame = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return new Stack(frame.getLong(STACK), frame.getInt(STACK + 8), frame.getLong(STACK + 16));
    }
}
