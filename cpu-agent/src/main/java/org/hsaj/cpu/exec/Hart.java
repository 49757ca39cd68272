package org.hsaj.cpu.exec;

/**
 * The architectural state of one RISC-V hart in user mode: integer and floating-point registers
 * (floats as raw bits, singles NaN-boxed), pc, fflags/frm, the load reservation, and the Linux thread
 * identity it runs as.
 *
 * <p>Threading: a hart belongs to the one host thread that runs it; its fields are plain and read and
 * written by that thread only (the interpreter, translated code, system calls of that thread).
 * Other threads see it only through guest memory.
 */
public final class Hart {
    /** Integer registers; {@code x[0]} is always zero (writes to it are dropped before they land). */
    public final long[] x = new long[32];
    /** Floating-point registers as raw IEEE bits. */
    public final long[] f = new long[32];
    public long pc;
    /** Accrued exception flags NX UF OF DZ NV (bits 0..4). */
    public int fflags;
    /** Dynamic rounding mode (0..7; 5..7 make dynamic-rm instructions illegal). */
    public int frm;

    /** Address of the load reservation, or -1 when none is held. */
    public long reservationAddress = -1;
    /** Value loaded by the load-reserved (compared by store-conditional). */
    public long reservationValue;
    /** 4 or 8: width of the reservation. */
    public int reservationSize;

    public final GuestMemory memory;
    public final SystemCallHandler system;

    /** Linux thread id, and the address {@code set_tid_address}/CLONE_CHILD_CLEARTID named (0 if none). */
    public int tid;
    public long clearChildTid;

    /** How many translated regions are nested through chained exits right now. */
    public int chainDepth;

    /** Set by another thread (exit_group) to ask this hart to stop at its next dispatch. */
    public volatile boolean stopRequested;

    public Hart(GuestMemory memory, SystemCallHandler system) {
        this.memory = memory;
        this.system = system;
    }

    /** The fcsr CSR: frm in bits 7..5, fflags in 4..0. */
    public int fcsr() {
        return (frm << 5) | fflags;
    }

    public void setFcsr(int value) {
        frm = (value >> 5) & 7;
        fflags = value & 0x1f;
    }

    /** A copy of the registers and pc (for tests and diagnostics). */
    public void copyStateFrom(Hart other) {
        System.arraycopy(other.x, 0, x, 0, 32);
        System.arraycopy(other.f, 0, f, 0, 32);
        pc = other.pc;
        fflags = other.fflags;
        frm = other.frm;
    }
}
