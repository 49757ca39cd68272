package org.hsaj.cpu.linux;

import org.hsaj.cpu.GuestFault;
import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.runtime.memory.MemoryAccessException;

/**
 * One guest thread's signals: the mask it blocks, the signals sent to it alone, its alternate signal
 * stack, and delivery. A signal is delivered when the thread returns from a system call and does not
 * block it (the thread's own pending signals first, then the process's): its action runs there. The
 * default ends the process (status 128 + the signal) or does nothing; SIGSTOP, which only another
 * process could undo with SIGCONT, ends the run with an error; a handler is entered through a
 * {@link SignalFrame} pushed on the thread's stack (or its alternate stack), with ra at the process's
 * return trampoline, whose rt_sigreturn ({@link #sigreturn}) puts everything back.
 *
 * <p>Threading: the mask, the alternate stack and what rt_sigsuspend keeps for the next delivery belong
 * to the thread's own host thread; other threads add to and drop from {@link #pending} (synchronized)
 * and read {@link #blocked} (volatile).
 */
final class ThreadSignals {
    static final int SS_ONSTACK = 1;
    static final int SS_DISABLE = 2;
    static final int SS_AUTODISARM = 1 << 31;
    /** The smallest alternate stack sigaltstack accepts (MINSIGSTKSZ of RISC-V). */
    static final long MIN_STACK = 2048;

    private final LinuxProcess process;
    final PendingSignals pending = new PendingSignals();
    private volatile long blocked;
    /** The mask rt_sigsuspend replaced, while {@link #suspended}: the next delivery's to restore. */
    private long maskAfterSuspend;
    private boolean suspended;
    /** The signal rt_sigsuspend took while it waited (no other thread may take it then), delivered next. */
    private PendingSignals.Taken reserved;
    private long altBase;
    private long altSize;
    private int altFlags = SS_DISABLE;

    ThreadSignals(LinuxProcess process) {
        this.process = process;
    }

    /** A new thread's signals: its creator's mask, no alternate stack (as clone leaves them). */
    ThreadSignals forNewThread() {
        ThreadSignals child = new ThreadSignals(process);
        child.blocked = blocked;
        return child;
    }

    long blocked() {
        return blocked;
    }

    void setBlocked(long mask) {
        blocked = mask & ~SignalDispositions.UNBLOCKABLE;
    }

    boolean blocks(int signal) {
        return (blocked & SignalDispositions.bit(signal)) != 0;
    }

    /** Signals sent to this thread or to the process, not yet delivered. */
    long pendingBits() {
        return pending.bits() | process.pendingSignals.bits();
    }

    /**
     * Delivers every pending signal the thread does not block, the hart having stopped just before
     * {@code resumePc}. Returns true when a handler now runs (the hart's pc and registers are set for
     * it); false when nothing changed the hart. May end the thread (a default action that ends the process).
     */
    boolean deliver(Hart h, long resumePc) {
        if ((pendingBits() & ~blocked) == 0 && !suspended && reserved == null) {
            return false;
        }
        boolean entered = false;
        long resume = resumePc;
        PendingSignals.Taken next = reserved != null ? reserved : take(~blocked);
        reserved = null;
        for (; next != null; next = take(~blocked)) {
            SignalDispositions.Action action = process.signals.get(next.signal());
            if (action.handler() == SignalDispositions.SIG_IGN) {
                continue;
            }
            if (action.handler() == SignalDispositions.SIG_DFL) {
                takeDefaultAction(next.signal(), resume);
                continue;
            }
            enterHandler(h, resume, next, action);
            resume = h.pc;
            entered = true;
        }
        if (suspended) { // no handler ran: the mask rt_sigsuspend replaced comes back now
            suspended = false;
            setBlocked(maskAfterSuspend);
        }
        return entered;
    }

    /**
     * A fault of the instruction at {@code trap.pc()}: its handler runs, entered as for any signal, when
     * the guest has one and does not block the signal; otherwise (blocked, ignored or default) the fault
     * ends the process, as Linux's forced signals do. Returns whether a handler runs.
     */
    boolean deliverTrap(Hart h, GuestFault.Trap trap) {
        SignalDispositions.Action action = process.signals.get(trap.signal());
        if (blocks(trap.signal()) || !action.isHandler()) {
            return false;
        }
        enterHandler(h, trap.pc(), new PendingSignals.Taken(trap.signal(), code(trap), trap.address()), action);
        return true;
    }

    /**
     * The trap's si_code; a PROT_NONE page, which the page table holds as no page at all, is a mapping
     * without the access's permission for Linux: SEGV_ACCERR, not SEGV_MAPERR.
     */
    private int code(GuestFault.Trap trap) {
        if (trap.signal() == SignalDispositions.SIGSEGV && trap.code() == GuestFault.Trap.SEGV_MAPERR
                && process.addressSpace.isBooked(trap.address())) {
            return GuestFault.Trap.SEGV_ACCERR;
        }
        return trap.code();
    }

    /** Takes the lowest pending signal of {@code allowed}, the thread's own before the process's; null when none. */
    PendingSignals.Taken take(long allowed) {
        PendingSignals.Taken own = pending.take(allowed);
        return own != null ? own : process.pendingSignals.take(allowed);
    }

    /**
     * Whether a pending signal this thread does not block would do something when delivered: run a
     * handler, or end the process or the run (what it does by default otherwise is nothing).
     */
    boolean hasDeliverable() {
        for (long ready = pendingBits() & ~blocked; ready != 0; ready &= ready - 1) {
            if (acts(Long.numberOfTrailingZeros(ready) + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code signal}, delivered now, would run a handler or end the process or the run. */
    private boolean acts(int signal) {
        return process.signals.get(signal).isHandler() || process.signals.kills(signal)
                || signal == SignalDispositions.SIGSTOP;
    }

    /**
     * rt_sigsuspend's wake-up test: takes the first pending signal the mask lets through that would act,
     * for the next delivery, dropping those whose action does nothing on the way (as Linux does before
     * it goes back to waiting); returns whether it took one.
     */
    boolean takeActing() {
        for (PendingSignals.Taken next = take(~blocked); next != null; next = take(~blocked)) {
            if (acts(next.signal())) {
                reserved = next;
                return true;
            }
        }
        return false;
    }

    /**
     * rt_sigsuspend: blocks {@code mask} instead of the current mask until the next delivery, whose first
     * handler's frame saves the current mask (so rt_sigreturn brings it back), as Linux's saved_sigmask does.
     */
    void suspend(long mask) {
        maskAfterSuspend = blocked;
        suspended = true;
        setBlocked(mask);
    }

    /** The mask a handler's frame saves: the one rt_sigsuspend replaced, once, else the current one. */
    private long maskToSave() {
        if (suspended) {
            suspended = false;
            return maskAfterSuspend;
        }
        return blocked;
    }

    private void takeDefaultAction(int signal, long pc) {
        switch (SignalDispositions.byDefault(signal)) {
            case IGNORE -> {
            }
            case STOP -> {
                if (signal == SignalDispositions.SIGSTOP) {
                    throw new GuestFault(String.format("SIGSTOP at pc 0x%x would stop the process until another "
                            + "process sends it SIGCONT, and there is no other process", pc), 128 + signal);
                }
                // SIGTSTP, SIGTTIN, SIGTTOU: dropped, as Linux drops them for a process group nobody could continue.
            }
            case TERMINATE -> throw process.killedBy(signal);
        }
    }

    private void enterHandler(Hart h, long resumePc, PendingSignals.Taken signal, SignalDispositions.Action action) {
        long sp = h.x[2];
        SignalFrame.Stack saved = new SignalFrame.Stack(altBase, altFlags, altSize); // as set, not as reported
        long top = sp;
        if (action.has(SignalDispositions.SA_ONSTACK) && altState(sp) == 0) {
            top = altBase + altSize; // enabled and not in use: switch to it
        } else if (onAltStack(sp) && !onAltStack(sp - SignalFrame.SIZE)) {
            throw frameFault(signal.signal(), resumePc, sp, "the alternate signal stack has no room for it");
        }
        long frame = (top - SignalFrame.SIZE) & -16L;
        byte[] bytes = SignalFrame.build(h, resumePc, signal, maskToSave(), saved);
        GuestMemory memory = process.memory;
        try {
            memory.checkWrite(frame, SignalFrame.SIZE);
            memory.shared.write(frame, bytes, 0, bytes.length);
        } catch (MemoryAccessException e) {
            throw frameFault(signal.signal(), resumePc, top, GuestMemory.detail(e));
        }
        h.x[1] = process.signalTrampoline();
        h.x[2] = frame;
        h.x[10] = signal.signal();
        h.x[11] = frame;
        h.x[12] = frame + SignalFrame.UCONTEXT;
        h.pc = action.handler();
        if ((altFlags & SS_AUTODISARM) != 0) {
            disarmAltStack(); // at every delivery, on the alternate stack or not, as Linux does
        }
        long mask = blocked | action.mask();
        if (!action.has(SignalDispositions.SA_NODEFER)) {
            mask |= SignalDispositions.bit(signal.signal());
        }
        setBlocked(mask);
        if (action.has(SignalDispositions.SA_RESETHAND)) {
            process.signals.resetToDefault(signal.signal(), action);
        }
    }

    /** Linux answers a frame it cannot push with SIGSEGV, which ends the process here (no handler runs). */
    private static GuestFault frameFault(int signal, long pc, long sp, String why) {
        return new GuestFault(String.format("cannot run the %s handler at pc 0x%x: no room for its frame below sp 0x%x: %s",
                SignalDispositions.name(signal), pc, sp, why), 128 + SignalDispositions.SIGSEGV);
    }

    /** rt_sigreturn: the hart's pc, registers, mask and alternate stack as the frame at sp holds them. */
    void sigreturn(Hart h) {
        long frame = h.x[2];
        byte[] bytes = new byte[SignalFrame.SIZE];
        try {
            process.memory.shared.read(frame, bytes, 0, bytes.length);
        } catch (MemoryAccessException e) {
            throw new GuestFault(String.format("rt_sigreturn at pc 0x%x finds no signal frame at sp 0x%x: %s", h.pc,
                    frame, GuestMemory.detail(e)), 128 + SignalDispositions.SIGSEGV);
        }
        setBlocked(SignalFrame.restore(bytes, h));
        setAltStack(SignalFrame.stack(bytes), h.x[2]); // refused (in use, bad flags or size) means unchanged, as on Linux
    }

    // ---- the alternate stack -----------------------------------------------------------------

    /** Whether {@code sp} lies on the alternate stack (never, for one that disarms itself). */
    boolean onAltStack(long sp) {
        return (altFlags & SS_AUTODISARM) == 0 && Long.compareUnsigned(sp, altBase) > 0
                && Long.compareUnsigned(sp - altBase, altSize) <= 0;
    }

    /** SS_DISABLE, SS_ONSTACK (the thread whose sp is {@code sp} runs on it) or 0 (ready for use). */
    private int altState(long sp) {
        return altSize == 0 ? SS_DISABLE : onAltStack(sp) ? SS_ONSTACK : 0;
    }

    /** The alternate stack as sigaltstack reports it to a thread whose sp is {@code sp}. */
    SignalFrame.Stack altStack(long sp) {
        return new SignalFrame.Stack(altBase, altState(sp) | altFlags & SS_AUTODISARM, altSize);
    }

    /** sigaltstack's change: 0, or a negated errno (EPERM while on it, EINVAL, ENOMEM). */
    long setAltStack(SignalFrame.Stack stack, long sp) {
        if (onAltStack(sp)) {
            return -Errno.EPERM;
        }
        int mode = stack.flags() & ~SS_AUTODISARM;
        if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0) {
            return -Errno.EINVAL;
        }
        if (mode == SS_DISABLE) {
            altBase = 0;
            altSize = 0;
        } else {
            if (Long.compareUnsigned(stack.size(), MIN_STACK) < 0) {
                return -Errno.ENOMEM;
            }
            altBase = stack.base();
            altSize = stack.size();
        }
        altFlags = stack.flags();
        return 0;
    }

    private void disarmAltStack() {
        altBase = 0;
        altSize = 0;
        altFlags = SS_DISABLE;
    }
}
