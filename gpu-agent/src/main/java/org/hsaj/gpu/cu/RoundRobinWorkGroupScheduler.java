package org.hsaj.gpu.cu;

/**
 * Static round-robin: compute unit {@code c} of {@code n} runs work-groups c, c+n, c+2n, ... in order.
 * Deterministic placement, no balancing: a slow work-group delays its compute unit's whole share.
 */
public final class RoundRobinWorkGroupScheduler implements WorkGroupScheduler {
    @Override
    public WorkGroupSource plan(long totalGroups, int computeUnits) {
        long[] next = new long[computeUnits * 8]; // one counter per compute unit, 64 bytes apart
        for (int c = 0; c < computeUnits; c++) {
            next[c * 8] = c;
        }
        return computeUnit -> {
            int slot = computeUnit * 8;
            long group = next[slot];
            if (group >= totalGroups) {
                return -1;
            }
            next[slot] = group + computeUnits;
            return group;
        };
    }

    @Override
    public String toString() {
        return "round-robin";
    }
}
