package org.hsaj.hsail.interp;

import java.util.ArrayDeque;
import java.util.Deque;

/** The state of one work-item of a work-group run: ids, call stack, private memory, progress. */
final class WorkItem {
    enum State { RUNNING, AT_BARRIER, DONE }

    /** Work-item id in the group (x, y, z). */
    final long[] local = new long[3];
    /** Absolute work-item id (x, y, z). */
    final long[] absolute = new long[3];
    final Deque<Activation> stack = new ArrayDeque<>();
    final LocalMemory privateMemory = new LocalMemory("private", 0);
    State state = State.RUNNING;
    int detectedExceptions;
    long executed;

    long flatId(DispatchGeometry g) {
        return local[0] + local[1] * g.workgroupX() + local[2] * (long) g.workgroupX() * g.workgroupY();
    }
}
