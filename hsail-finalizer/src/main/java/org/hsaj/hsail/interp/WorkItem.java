package org.hsaj.hsail.interp;

import java.util.ArrayDeque;
import java.util.Deque;

/** The state of one work-item of a work-group run: ids, call stack, where it waits, progress. */
final class WorkItem {
    enum State { RUNNING, WAITING, DONE }

    /** Work-item id in the work-group (x, y, z). */
    final long[] local = new long[3];
    /** Absolute work-item id (x, y, z). */
    final long[] absolute = new long[3];
    /** Flat id in the work-group with the dispatch's work-group size (whose private segment it uses). */
    final int flatId;
    /** Flat id with the current (possibly partial) work-group size: its place in the wavefronts. */
    final int currentFlatId;
    final Deque<Activation> stack = new ArrayDeque<>();
    State state = State.RUNNING;
    /**
     * While waiting: the point it waits at, the position of the instruction each activation is at from
     * the kernel down (a call for every caller, the synchronising instruction last). Points compare in
     * program order.
     */
    int[] point;
    /** Next free offset in the alloca area. */
    long allocaTop;
    int detectedExceptions;
    long executed;

    WorkItem(int flatId, int currentFlatId) {
        this.flatId = flatId;
        this.currentFlatId = currentFlatId;
    }

    /** The activation running now. */
    Activation top() {
        return stack.peek();
    }
}
