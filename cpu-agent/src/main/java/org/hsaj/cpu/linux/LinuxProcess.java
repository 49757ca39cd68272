package org.hsaj.cpu.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.hsaj.cpu.GuestFault;
import org.hsaj.cpu.HypercallHandler;
import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.cpu.exec.ThreadExit;
import org.hsaj.runtime.memory.MemoryOrder;

/**
 * One guest Linux process: its memory, files, confined file system, futexes, signal dispositions and
 * threads, and how it ended. The system calls of all its threads operate on it.
 *
 * <p>Threading: shared by all guest threads of the process; each part synchronizes itself. The process
 * is over when its last thread exits or one thread calls exit_group or faults; {@link #awaitExit}
 * blocks until then.
 */
public final class LinuxProcess {
    static final int PID = 1000;

    final GuestMemory memory;
    final FileTable files = new FileTable();
    final ConfinedFileSystem fileSystem;
    final Futexes futexes;
    final AddressSpace addressSpace;
    final SignalDispositions signals = new SignalDispositions();
    /** Signals sent to the process as a whole (kill), for whichever thread takes them first. */
    final PendingSignals pendingSignals = new PendingSignals();
    /** Notified whenever a signal is sent: threads waiting for one (rt_sigsuspend, rt_sigtimedwait) look again. */
    private final Object signalSent = new Object();
    final HypercallHandler hypercalls;
    final String executablePath;
    final long startNanos = System.nanoTime();
    volatile int umask = 022;

    private final AtomicInteger nextTid = new AtomicInteger(PID);
    private final Set<Hart> liveHarts = ConcurrentHashMap.newKeySet();
    private final Set<Thread> hostThreads = ConcurrentHashMap.newKeySet();
    private Consumer<Hart> threadStarter;
    private final Object exitLock = new Object();
    private Integer exitStatus;
    private GuestFault fault;
    private final StreamFile stdout;
    private final StreamFile stderr;
    private long signalTrampoline;
    private volatile Runnable faultHandlerListener = () -> { };

    /**
     * @param brkStart where the program break starts (end of the executable image)
     * @param executablePath what readlink("/proc/self/exe") answers
     */
    public LinuxProcess(GuestMemory memory, Path root, long brkStart, String executablePath, InputStream stdin,
                        OutputStream stdout, OutputStream stderr, HypercallHandler hypercalls) throws IOException {
        this.memory = memory;
        this.fileSystem = new ConfinedFileSystem(root);
        this.futexes = new Futexes(memory.shared);
        this.addressSpace = new AddressSpace(memory, brkStart);
        this.hypercalls = hypercalls;
        this.executablePath = executablePath;
        StreamFile in = new StreamFile(stdin, null);
        in.statusFlags = OpenFlags.O_RDONLY;
        this.stdout = new StreamFile(null, stdout);
        this.stdout.statusFlags = OpenFlags.O_WRONLY;
        this.stderr = new StreamFile(null, stderr);
        this.stderr.statusFlags = OpenFlags.O_WRONLY;
        files.install(in, 0, false);
        files.install(this.stdout, 1, false);
        files.install(this.stderr, 2, false);
    }

    /** Maps the initial stack (8 MiB, plus a guard page); returns its top. */
    public long mapStack(long size, boolean executable) {
        return addressSpace.mapStack(size, executable) + size;
    }

    /** How new guest threads (clone) are started: the consumer runs the hart on a new host thread. */
    public void setThreadStarter(Consumer<Hart> starter) {
        this.threadStarter = starter;
    }

    /**
     * Told when the guest installs a handler for a signal an instruction's fault raises (the translator
     * then compiles code that gives such a handler precise registers); once, before the first.
     */
    public void setFaultHandlerListener(Runnable listener) {
        this.faultHandlerListener = listener;
    }

    /** A hart for this process with a fresh thread id; the first one is the main thread (tid = pid). */
    public Hart newHart() {
        Hart hart = new Hart(memory, new LinuxSystemCalls(this));
        hart.tid = nextTid.getAndIncrement();
        liveHarts.add(hart);
        return hart;
    }

    void startThread(Hart child) {
        threadStarter.accept(child);
    }

    /**
     * Registers the host thread running one of this process's harts, so that exit_group can interrupt
     * it and a finished run can wait for it.
     */
    public void attach(Thread thread) {
        hostThreads.add(thread);
    }

    public void detach(Thread thread) {
        hostThreads.remove(thread);
    }

    /**
     * Waits, up to {@code timeout}, for the host threads still attached to end (a thread that ended
     * early is gone already); an interrupted caller stops waiting and keeps its interrupt.
     */
    public void awaitHostThreads(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Thread t : hostThreads) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A guest thread ended by exit (or returned from its entry after a fault in another thread). */
    public void threadExited(Hart hart, int status) {
        if (hart.clearChildTid != 0) {
            try {
                memory.shared.atomicStoreInt(hart.clearChildTid, 0, MemoryOrder.SEQ_CST);
                futexes.wake(hart.clearChildTid, 1, -1);
            } catch (RuntimeException badAddress) {
                // The guest gave a bad clear_child_tid address; Linux ignores that too.
            }
        }
        liveHarts.remove(hart);
        if (liveHarts.isEmpty()) {
            finish(status, null);
        }
    }

    /** exit_group: the whole process ends with {@code status}. */
    public void exitGroup(int status) {
        finish(status, null);
    }

    /** A guest thread faulted: the process ends with the fault. */
    public void fault(GuestFault f) {
        finish(f.exitStatus(), f);
    }

    private void finish(int status, GuestFault f) {
        synchronized (exitLock) {
            if (exitStatus != null) {
                return;
            }
            exitStatus = status & 0xff;
            fault = f;
            exitLock.notifyAll();
        }
        for (Hart h : liveHarts) {
            h.stopRequested = true;
        }
        Thread self = Thread.currentThread();
        for (Thread t : hostThreads) {
            if (t != self) {
                t.interrupt();
            }
        }
        stdout.flush();
        stderr.flush();
    }

    public boolean exited() {
        synchronized (exitLock) {
            return exitStatus != null;
        }
    }

    /** Blocks until the process has ended; returns its exit status or throws its fault. */
    public int awaitExit() throws InterruptedException {
        synchronized (exitLock) {
            while (exitStatus == null) {
                exitLock.wait();
            }
            if (fault != null) {
                throw fault;
            }
            return exitStatus;
        }
    }

    /** Closes every descriptor that is left (after the process ended). */
    public void closeFiles() {
        files.closeAll();
    }

    /**
     * Sends {@code signal} to the thread {@code target} or, when null, to the process. A signal its
     * receiver would ignore is dropped unless blocked (by the time it is unblocked it may have a
     * handler); one whose default action ends the process ends it now, as Linux does, unless it is
     * blocked (by every thread, for the process), and then ends the calling thread with it.
     */
    void send(int signal, int code, ThreadSignals target) {
        boolean blocked = target != null ? target.blocks(signal) : everyThreadBlocks(signal);
        if (!blocked && signals.ignores(signal)) {
            return;
        }
        (target != null ? target.pending : pendingSignals).add(signal, code);
        if (!blocked && signals.kills(signal)) {
            throw killedBy(signal);
        }
        synchronized (signalSent) {
            signalSent.notifyAll();
        }
    }

    /**
     * Waits until {@code ready} holds, looking again whenever a signal is sent, until {@code deadlineNanos}
     * (System.nanoTime; Long.MAX_VALUE: no limit). Returns whether it holds: false at the deadline, and
     * when the thread is interrupted (its process is ending; the interrupt stays set).
     */
    boolean awaitSignal(java.util.function.BooleanSupplier ready, long deadlineNanos) {
        synchronized (signalSent) {
            while (!ready.getAsBoolean()) {
                try {
                    if (deadlineNanos == Long.MAX_VALUE) {
                        signalSent.wait();
                    } else {
                        long left = deadlineNanos - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(signalSent, left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /** Ends the process as killed by {@code signal}; returns what ends the calling thread with it. */
    ThreadExit killedBy(int signal) {
        exitGroup(128 + signal);
        return new ThreadExit(128 + signal, true);
    }

    private boolean everyThreadBlocks(int signal) {
        for (Hart h : liveHarts) {
            if (!signalsOf(h).blocks(signal)) {
                return false;
            }
        }
        return true;
    }

    /** The signals of live thread {@code tid}, or null when the process has no such thread. */
    ThreadSignals threadSignals(long tid) {
        for (Hart h : liveHarts) {
            if (h.tid == tid) {
                return signalsOf(h);
            }
        }
        return null;
    }

    private static ThreadSignals signalsOf(Hart h) {
        return ((LinuxSystemCalls) h.system).signals;
    }

    /**
     * rt_sigaction set {@code action} for {@code signal}: a handler for a signal translated code can
     * raise by a fault tells the listener.
     */
    void actionSet(int signal, SignalDispositions.Action action) {
        if (SignalDispositions.raisedInTranslatedCode(signal) && action.isHandler()) {
            faultHandlerListener.run();
        }
        if (signals.ignores(signal)) {
            discardPending(signal);
        }
    }

    /** Drops {@code signal} wherever it pends (its action became ignoring it). */
    void discardPending(int signal) {
        pendingSignals.discard(signal);
        for (Hart h : liveHarts) {
            signalsOf(h).pending.discard(signal);
        }
    }

    /**
     * The address a signal handler returns to (its ra): code that calls rt_sigreturn, as Linux's vDSO
     * holds it; a page of its own, mapped when the first handler runs.
     */
    synchronized long signalTrampoline() {
        if (signalTrampoline == 0) {
            final int liA7RtSigreturn = 0x08b0_0893; // addi a7, zero, 139
            final int ecall = 0x0000_0073;
            signalTrampoline = addressSpace.mapCode(liA7RtSigreturn, ecall);
            if (signalTrampoline == 0) {
                throw new GuestFault("no room in the address space for the signal return trampoline", 128 + 11);
            }
        }
        return signalTrampoline;
    }

    int newTid() {
        return nextTid.getAndIncrement();
    }

    void addHart(Hart hart) {
        liveHarts.add(hart);
    }
}
