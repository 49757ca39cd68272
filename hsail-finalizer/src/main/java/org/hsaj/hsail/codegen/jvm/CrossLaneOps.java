package org.hsaj.hsail.codegen.jvm;

/**
 * Cross-lane operations (PRM 9.4), evaluated by the driver between passes: when the lowest waiting
 * point is a cross-lane instruction, every work-item that reached it has stopped there with its
 * registers in the spill arrays; those work-items are the active lanes. A wavefront is 64 consecutive
 * current flat ids (PRM 2.6). Each operand is either a spill slot ({@code slot >= 0}) or a constant.
 * Results are written to the destination's spill slot (-1: the result is dead), from where the
 * work-item reloads it when it resumes.
 *
 * <p>Which work-items count as active follows from the scheduling: the driver always runs the
 * earliest waiting point first, so work-items that took a shorter path reach the instruction before
 * it is evaluated (reconvergence at the earliest point in program order).
 */
final class CrossLaneOps {
    private static final int WAVE = QueryTranslator.WAVE_SIZE;

    private CrossLaneOps() {
    }

    /** Flat ids (spill index) of the work-items in current flat id order. */
    private static int[] lanes(WorkGroupState s) {
        int[] order = new int[s.sizeX * s.sizeY * s.sizeZ];
        int i = 0;
        for (int z = 0; z < s.sizeZ; z++) {
            for (int y = 0; y < s.sizeY; y++) {
                for (int x = 0; x < s.sizeX; x++) {
                    order[i++] = x + s.wgX * (y + s.wgY * z);
                }
            }
        }
        return order;
    }

    private static long read(WorkGroupState s, int w, int slot, boolean wide, long constant) {
        if (slot < 0) {
            return constant;
        }
        return wide ? s.spillL[w * s.longSlots + slot] : s.spillI[w * s.intSlots + slot];
    }

    private static void writeInt(WorkGroupState s, int w, int slot, int v) {
        if (slot >= 0) {
            s.spillI[w * s.intSlots + slot] = v;
        }
    }

    private static void writeLong(WorkGroupState s, int w, int slot, long v) {
        if (slot >= 0) {
            s.spillL[w * s.longSlots + slot] = v;
        }
    }

    /** activelanecount: active lanes of the wave whose b1 source is set. */
    static void activeLaneCount(WorkGroupState s, int point, int srcSlot, int srcConst, int destSlot) {
        int[] order = lanes(s);
        for (int base = 0; base < order.length; base += WAVE) {
            int end = Math.min(order.length, base + WAVE);
            int count = 0;
            for (int i = base; i < end; i++) {
                int w = order[i];
                if (s.stop[w] == point && read(s, w, srcSlot, false, srcConst) != 0) {
                    count++;
                }
            }
            for (int i = base; i < end; i++) {
                if (s.stop[order[i]] == point) {
                    writeInt(s, order[i], destSlot, count);
                }
            }
        }
    }

    /** activelaneid: the number of active lanes before this one in its wave. */
    static void activeLaneId(WorkGroupState s, int point, int destSlot) {
        int[] order = lanes(s);
        for (int base = 0; base < order.length; base += WAVE) {
            int id = 0;
            for (int i = base; i < Math.min(order.length, base + WAVE); i++) {
                if (s.stop[order[i]] == point) {
                    writeInt(s, order[i], destSlot, id++);
                }
            }
        }
    }

    /** activelanemask: bit l of the first destination for each active lane l whose source is set. */
    static void activeLaneMask(WorkGroupState s, int point, int srcSlot, int srcConst, int d0, int d1, int d2, int d3) {
        int[] order = lanes(s);
        for (int base = 0; base < order.length; base += WAVE) {
            int end = Math.min(order.length, base + WAVE);
            long mask = 0;
            for (int i = base; i < end; i++) {
                int w = order[i];
                if (s.stop[w] == point && read(s, w, srcSlot, false, srcConst) != 0) {
                    mask |= 1L << (i - base);
                }
            }
            for (int i = base; i < end; i++) {
                int w = order[i];
                if (s.stop[w] == point) {
                    writeLong(s, w, d0, mask);
                    writeLong(s, w, d1, 0);
                    writeLong(s, w, d2, 0);
                    writeLong(s, w, d3, 0);
                }
            }
        }
    }

    /**
     * activelanepermute of 32- or 64-bit values ({@code wide}): each active lane receives the source of
     * lane {@code laneId mod 64} if that lane is active and useIdentity is clear, else identity.
     */
    static void activeLanePermute(WorkGroupState s, int point, boolean wide, int srcSlot, long srcConst,
            int laneSlot, int laneConst, int identitySlot, long identityConst, int useSlot, int useConst,
            int destSlot) {
        int[] order = lanes(s);
        for (int base = 0; base < order.length; base += WAVE) {
            int end = Math.min(order.length, base + WAVE);
            long[] result = new long[end - base];
            for (int i = base; i < end; i++) {
                int w = order[i];
                if (s.stop[w] != point) {
                    continue;
                }
                result[i - base] = read(s, w, identitySlot, wide, identityConst);
                int from = base + (int) (read(s, w, laneSlot, false, laneConst) & (WAVE - 1));
                boolean use = read(s, w, useSlot, false, useConst) != 0;
                if (!use && from < end && s.stop[order[from]] == point) {
                    result[i - base] = read(s, order[from], srcSlot, wide, srcConst);
                }
            }
            for (int i = base; i < end; i++) {
                int w = order[i];
                if (s.stop[w] == point) {
                    if (wide) {
                        writeLong(s, w, destSlot, result[i - base]);
                    } else {
                        writeInt(s, w, destSlot, (int) result[i - base]);
                    }
                }
            }
        }
    }
}
