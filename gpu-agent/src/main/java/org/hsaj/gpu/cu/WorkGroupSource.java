package org.hsaj.gpu.cu;

/**
 * The work-groups of one dispatch as a scheduling policy hands them out. Work-groups are numbered
 * 0 .. total-1 in x-fastest order.
 *
 * <p>Threading: {@link #next} and {@link #claim} are called concurrently, each compute unit passing
 * its own index.
 */
public interface WorkGroupSource {
    /** The next work-group for compute unit {@code computeUnit}, or -1 when it has nothing left to run. */
    long next(int computeUnit);

    /**
     * Up to {@code max} consecutive work-groups for compute unit {@code computeUnit}, taken at once, or
     * null when it has nothing left to run. A policy that keeps consecutive work-groups together
     * overrides this to hand out a run in one step; the default takes one work-group.
     */
    default Run claim(int computeUnit, int max) {
        long group = next(computeUnit);
        return group < 0 ? null : new Run(group, 1);
    }

    /** Work-groups first .. first + count - 1. */
    record Run(long first, int count) {
    }
}
