package org.hsaj.gpu.cu;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Work stealing: each compute unit starts with a contiguous share of the work-groups and takes from the
 * front of it; a compute unit whose share is empty steals the back half of the largest remaining share.
 * Balances uneven work-groups while keeping neighbouring work-groups (and their memory) on one unit.
 *
 * <p>A claim of a run takes half of what is left of the unit's share (guided self-scheduling): a unit
 * runs its share in a few long runs, shorter towards its end, where the last ones stay small enough for
 * an idle unit to steal from and balance the finish. Long runs pay: a jvm kernel that runs a run as one
 * loop ran vector_add (16M work-items, two compute units) in 4.8-5.0 ms instead of 5.7-5.8 ms with runs
 * of at most 16K work-items.
 */
public final class WorkStealingWorkGroupScheduler implements WorkGroupScheduler {
    @Override
    public WorkGroupSource plan(long totalGroups, int computeUnits) {
        return new Shares(totalGroups, computeUnits);
    }

    @Override
    public String toString() {
        return "work-stealing";
    }

    /**
     * Each share is a range [front, back) packed as two ints into one long, so taking from the front and
     * stealing from the back are both single CAS operations on the same word.
     */
    private static final class Shares implements WorkGroupSource {
        private static final int STRIDE = 8; // keep each share on its own cache line
        private final AtomicLongArray ranges;
        private final int computeUnits;

        Shares(long totalGroups, int computeUnits) {
            if (totalGroups > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("work stealing supports at most 2^31-1 work-groups, got " + totalGroups);
            }
            this.computeUnits = computeUnits;
            this.ranges = new AtomicLongArray(computeUnits * STRIDE);
            long per = totalGroups / computeUnits;
            long extra = totalGroups % computeUnits;
            long start = 0;
            for (int c = 0; c < computeUnits; c++) {
                long size = per + (c < extra ? 1 : 0);
                ranges.set(c * STRIDE, pack((int) start, (int) (start + size)));
                start += size;
            }
        }

        private static long pack(int front, int back) {
            return (long) front << 32 | (back & 0xFFFFFFFFL);
        }

        private static int front(long range) {
            return (int) (range >>> 32);
        }

        private static int back(long range) {
            return (int) range;
        }

        @Override
        public long next(int computeUnit) {
            Run run = claim(computeUnit, 1);
            return run == null ? -1 : run.first();
        }

        /**
         * Takes half of what is left of the unit's share (rounded up), at most {@code max} work-groups,
         * from its front with one CAS.
         */
        @Override
        public Run claim(int computeUnit, int max) {
            while (true) {
                int index = computeUnit * STRIDE;
                long mine = ranges.get(index);
                int left = back(mine) - front(mine);
                int count = Math.min(max, left - left / 2);
                if (count > 0) {
                    if (ranges.compareAndSet(index, mine, pack(front(mine) + count, back(mine)))) {
                        return new Run(front(mine), count);
                    }
                    continue;
                }
                if (!steal(computeUnit)) {
                    return null;
                }
            }
        }

        /** Moves the back half of the largest other share into this unit's (empty) share. */
        private boolean steal(int thief) {
            while (true) {
                int victim = -1;
                long best = 0;
                int bestSize = 0;
                for (int c = 0; c < computeUnits; c++) {
                    long r = ranges.get(c * STRIDE);
                    int size = back(r) - front(r);
                    if (c != thief && size > bestSize) {
                        victim = c;
                        best = r;
                        bestSize = size;
                    }
                }
                if (victim < 0) {
                    return false;
                }
                int keep = bestSize / 2;
                int split = front(best) + keep;
                if (ranges.compareAndSet(victim * STRIDE, best, pack(front(best), split))) {
                    // Only the owner ever writes into an empty share, so a plain set is safe here.
                    ranges.set(thief * STRIDE, pack(split, back(best)));
                    return true;
                }
            }
        }
    }
}
