package org.hsaj.hsail.codegen.jvm;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.LongAdder;
import org.hsaj.hsail.exec.SegmentLayout;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.KernelFault;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.MemoryAccessException;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Everything one run of one work-group needs: where its memory is, its geometry, and the
 * per-work-item state kept between passes (the point each work-item waits at, the spill arrays of
 * registers live across those points, indexed {@code w * slots + slot} by flat work-item id).
 *
 * <p>Passes: each call of a generated part runs the work-items waiting at one point. When every
 * work-item of the group waits at that point (the common case: barriers in uniform control flow), the
 * part runs all of them without consulting {@link #stop} and reports the lowest and highest point they
 * stopped at next, so the driver needs no scan of the work-items between passes.
 *
 * <p>Threading: owned by one compute unit thread, which reuses it for the work-groups of one dispatch
 * it runs ({@link #begin} starts the next one); the generated code reads the fields directly (same
 * package).
 */
final class WorkGroupState {
    final KernelInfo kernel;
    final DispatchContext dispatch;
    final WorkGroupMemory groupMemory;
    final SharedVirtualMemory svm;
    final MemorySegment memory;
    final PageTable pages;
    long groupX;
    long groupY;
    long groupZ;
    /** Work-groups of the dispatch along each axis. */
    private final long groupsX;
    private final long groupsY;
    private final long groupsZ;
    /** Work-items in this work-group along each axis (smaller in a partial work-group). */
    int sizeX;
    int sizeY;
    int sizeZ;
    /** Work-group size of the dispatch along each axis. */
    final int wgX;
    final int wgY;
    final int wgZ;
    final long gridX;
    final long gridY;
    final long gridZ;
    final int dimensions;
    final long kernarg;
    final long groupBase;
    final long groupSize;
    final long privateBase;
    final long privateStride;
    final int[] stop;
    final int[] spillI;
    final long[] spillL;
    final int intSlots;
    final int longSlots;
    /** Registers uniform across the work-group, kept once per point ({@link KernelPlan#uniformSlot}). */
    final int[] uniformI;
    final long[] uniformL;
    /**
     * Lanes of the loops run with the work-items inside ({@link LoopInterchange}): per register, one
     * contiguous run of {@link #items} values, register j of a loop at {@code j * items + w}.
     */
    final int[] laneI;
    final long[] laneL;
    /**
     * Per interchanged loop, the work-groups in a row whose work-items gathered at its head in vain; from
     * {@link #GATHER_LIMIT} on they run the loop as written without gathering (until the next dispatch).
     */
    final int[] interchangeFailures;
    static final int GATHER_LIMIT = 8;
    /** The turns the interchanged loop that ran last took, for the part resuming after it ({@link InterchangedExit}). */
    int interchangedTurns;
    /** The words an interchanged loop tallies before it adds them to group memory. */
    final int[] tally;
    /**
     * Loops run with the work-items inside, over all work-groups of every kernel of this JVM: a count
     * that tests read to tell the interchange from the loops as written (which give the same results).
     */
    static final LongAdder INTERCHANGED_RUNS = new LongAdder();
    /** Work-items in a whole work-group. */
    final int items;
    /** Checked mode: the windows of the kernarg pointers ({@link PointerWindows}); read by the generated code. */
    final long[] windowStart;
    final long[] windowEnd;
    /** True when every work-item of the group waits at the point the next part runs. */
    boolean allAtPoint;
    /**
     * Set by a part that ran every work-item: bit p of {@link #passReached} when one of them stopped at
     * point p, bit {@link #FINISHED_BIT} when one finished.
     */
    boolean passCoveredAll;
    long passReached;
    static final int FINISHED_BIT = 63;

    WorkGroupState(KernelInfo kernel, DispatchContext dispatch, WorkGroupMemory wgm, PointerWindows windows,
            KernelPlan plan) {
        this.kernel = kernel;
        this.dispatch = dispatch;
        this.groupMemory = wgm;
        this.svm = dispatch.memory();
        this.memory = svm.segment();
        this.pages = svm.pageTable();
        DispatchGeometry g = dispatch.geometry();
        this.wgX = g.workgroupX();
        this.wgY = g.workgroupY();
        this.wgZ = g.workgroupZ();
        this.gridX = g.gridX();
        this.gridY = g.gridY();
        this.gridZ = g.gridZ();
        this.dimensions = g.dimensions();
        this.groupsX = g.gridGroups(0);
        this.groupsY = g.gridGroups(1);
        this.groupsZ = g.gridGroups(2);
        this.kernarg = dispatch.kernargAddress();
        this.groupBase = wgm.groupBase();
        this.groupSize = dispatch.groupSegmentSize();
        this.privateBase = wgm.privateBase();
        this.privateStride = dispatch.privateSegmentSize();
        int items = g.workItemsPerGroup();
        this.intSlots = plan.intSlots;
        this.longSlots = plan.longSlots;
        this.stop = plan.isSinglePass() ? null : new int[items];
        this.spillI = new int[Math.multiplyExact(items, intSlots)];
        this.spillL = new long[Math.multiplyExact(items, longSlots)];
        this.uniformI = new int[plan.uniformInts];
        this.uniformL = new long[plan.uniformLongs];
        this.items = items;
        this.laneI = new int[Math.multiplyExact(items, plan.laneInts)];
        this.laneL = new long[Math.multiplyExact(items, plan.laneLongs)];
        this.tally = new int[plan.tallyInts];
        this.interchangeFailures = new int[plan.interchanges.size()];
        this.windowStart = windows.start;
        this.windowEnd = windows.end;
    }

    /** True when this state can run another work-group of {@code d} in {@code wgm}. */
    boolean serves(DispatchContext d, WorkGroupMemory wgm) {
        return dispatch == d && (groupMemory == wgm || groupMemory.equals(wgm));
    }

    /**
     * Prepares the run of work-group (gx, gy, gz), or for a kernel that fuses work-groups
     * ({@link KernelPlan#fusesWorkGroups}) of the {@code countX} work-groups from there along x as one:
     * every work-item at the entry. Nothing is cleared: registers start at zero in the generated code,
     * and every work-item records where it stops.
     */
    void begin(long gx, long gy, long gz, int countX) {
        if (gx < 0 || gy < 0 || gz < 0 || countX < 1 || gx > groupsX - countX || gy >= groupsY || gz >= groupsZ) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, String.format(
                    "kernel %s: work-group (%d, %d, %d)%s is outside the grid's %d x %d x %d work-groups",
                    kernel.name(), gx, gy, gz, countX == 1 ? "" : " and the " + (countX - 1) + " after it along x",
                    groupsX, groupsY, groupsZ));
        }
        groupX = gx;
        groupY = gy;
        groupZ = gz;
        sizeX = (int) Math.min((long) wgX * countX, gridX - gx * wgX);
        sizeY = (int) Math.min(wgY, gridY - gy * wgY);
        sizeZ = (int) Math.min(wgZ, gridZ - gz * wgZ);
        allAtPoint = true;
        passCoveredAll = true;
        passReached = 1; // point 0, the entry
    }

    // ---- scheduling of synchronisation points (called once per pass, not per work-item) ----------

    /**
     * The lowest point any work-item of the group waits at, or {@link SyncPoint#DONE}; also decides
     * {@link #allAtPoint} for the pass that runs it. A part that ran every work-item reported the
     * points they reached; otherwise the work-items are scanned. Also the watchdog's
     * check between passes: a cancelled dispatch faults at that point's line, for the first work-item
     * waiting there.
     */
    int nextPoint() {
        int min = lowest(passReached);
        int max = highest(passReached);
        if (!passCoveredAll) {
            min = SyncPoint.DONE;
            max = 0;
            for (int z = 0; z < sizeZ; z++) {
                for (int y = 0; y < sizeY; y++) {
                    int row = wgX * (y + wgY * z);
                    for (int x = 0; x < sizeX; x++) {
                        min = Math.min(min, stop[row + x]);
                        max = Math.max(max, stop[row + x]);
                    }
                }
            }
        }
        passCoveredAll = false;
        allAtPoint = min == max;
        if (min != SyncPoint.DONE && dispatch.isCancelled()) {
            int first = firstWaitingAt(min);
            int x = first % wgX;
            int y = first / wgX % wgY;
            int z = first / (wgX * wgY);
            throw fault(new DispatchCancelled(dispatch.cancellation()), kernel.pointSites()[min], x, y, z);
        }
        return min;
    }

    private static int lowest(long reached) {
        int bit = Long.numberOfTrailingZeros(reached);
        return bit >= FINISHED_BIT ? SyncPoint.DONE : bit;
    }

    private static int highest(long reached) {
        int bit = 63 - Long.numberOfLeadingZeros(reached);
        return bit >= FINISHED_BIT || bit < 0 ? SyncPoint.DONE : bit;
    }

    /** The flat id of the first work-item (in x-fastest order) waiting at {@code point}. */
    private int firstWaitingAt(int point) {
        for (int z = 0; z < sizeZ; z++) {
            for (int y = 0; y < sizeY; y++) {
                int row = wgX * (y + wgY * z);
                for (int x = 0; x < sizeX; x++) {
                    if (allAtPoint || stop[row + x] == point) {
                        return row + x;
                    }
                }
            }
        }
        return 0;
    }

    /**
     * A barrier releases only when every work-item of the group waits at it. HSAIL requires barriers in
     * work-group-uniform control flow; a work-item elsewhere means the kernel broke that rule.
     */
    void checkBarrier(int point) {
        if (allAtPoint) {
            return;
        }
        for (int z = 0; z < sizeZ; z++) {
            for (int y = 0; y < sizeY; y++) {
                int row = wgX * (y + wgY * z);
                for (int x = 0; x < sizeX; x++) {
                    int at = stop[row + x];
                    if (at != point) {
                        String elsewhere = at == SyncPoint.DONE ? "has finished"
                                : "waits at " + kernel.where(kernel.pointSites()[at]);
                        int site = kernel.pointSites()[point];
                        throw fault(new WorkItemTrap("barrier divergence: the work-group's other work-items wait at the"
                                + " barrier at " + kernel.where(site) + " but this work-item " + elsewhere), site, x,
                                y, z);
                    }
                }
            }
        }
    }

    /** The watchdog: throws when the dispatch was cancelled. */
    void poll() {
        if (dispatch.isCancelled()) {
            throw new DispatchCancelled(dispatch.cancellation());
        }
    }

    // ---- helpers of the generated code ------------------------------------------------------------

    static final int GLOBAL = 0;
    static final int GROUP = 1;
    static final int PRIVATE = 2;

    /** segmentp: 1 when flat address {@code a} is null or in {@code segment} as work-item {@code w} sees it. */
    int isInSegment(long a, int segment, int w) {
        if (a == 0) {
            return 1;
        }
        boolean group = a - groupBase >= 0 && a - groupBase < groupSize;
        long privateStart = privateBase + (long) w * privateStride;
        boolean own = a - privateStart >= 0 && a - privateStart < privateStride;
        boolean anyPrivate = a - privateBase >= 0 && a - privateBase < (long) wgX * wgY * wgZ * privateStride;
        return switch (segment) {
            case GROUP -> group ? 1 : 0;
            case PRIVATE -> own ? 1 : 0;
            default -> !group && !anyPrivate ? 1 : 0;
        };
    }

    /** ftos: the segment address of flat address {@code a}; the null pointer stays null. */
    long flatToSegment(long a, int segment, int w) {
        if (a == 0) {
            return 0;
        }
        return segment == GROUP ? a - groupBase : a - (privateBase + (long) w * privateStride);
    }

    /**
     * stof: the flat address of segment address {@code a}. Segment address 0 is a real address here (the
     * first group or private variable), so it converts like any other.
     */
    long segmentToFlat(long a, int segment, int w) {
        return segment == GROUP ? groupBase + a : privateBase + (long) w * privateStride + a;
    }

    // ---- alloca (see SegmentLayout): the area's first 8 bytes hold the next free offset in it ------

    private long allocaWord(int w) {
        return privateBase + (long) w * privateStride + kernel.allocaArea();
    }

    /** A work-item starts with an empty alloca area. */
    void allocaReset(int w) {
        memory.set(SharedVirtualMemory.LONG, allocaWord(w), 8L);
    }

    /** What an activation must give back when it returns. */
    long allocaMark(int w) {
        return memory.get(SharedVirtualMemory.LONG, allocaWord(w));
    }

    void allocaRelease(int w, long mark) {
        memory.set(SharedVirtualMemory.LONG, allocaWord(w), mark);
    }

    /** alloca: {@code size} bytes aligned to {@code align}; returns their private segment address. */
    long alloca(int w, long size, int align) {
        long next = allocaMark(w);
        long start = (next + align - 1) & -(long) align;
        long end = start + size;
        if (size < 0 || end > SegmentLayout.ALLOCA_AREA) {
            throw new WorkItemTrap("alloca of " + size + " bytes exceeds the " + (SegmentLayout.ALLOCA_AREA - SegmentLayout.ALLOCA_RESERVED)
                    + " bytes of alloca memory per work-item");
        }
        allocaRelease(w, end);
        return kernel.allocaArea() + start;
    }

    /** Copies {@code length} bytes between two private segment addresses of work-item {@code w} (arg passing). */
    void copyPrivate(int w, long to, long from, long length) {
        long base = privateBase + (long) w * privateStride;
        MemorySegment.copy(memory, base + from, memory, base + to, length);
    }

    /** Converts whatever a work-item threw into the {@link KernelFault} the agent reports. */
    RuntimeException fault(Throwable t, int site, int x, int y, int z) {
        Throwable cause = t;
        if (t instanceof SiteFault f) {
            site = f.site;
            cause = f.getCause();
        }
        if (cause instanceof KernelFault k) {
            return k;
        }
        String what = switch (cause) {
            case MemoryAccessException m -> strip(m);
            case DispatchCancelled c -> "dispatch cancelled: " + c.getMessage();
            case WorkItemTrap trap -> trap.getMessage();
            case IndexOutOfBoundsException e -> "access outside the shared virtual memory: " + e.getMessage();
            case HsaException h -> strip(h);
            default -> "internal error: " + cause;
        };
        long[] abs = {groupX * wgX + x, groupY * wgY + y, groupZ * wgZ + z};
        long[] group = {abs[0] / wgX, abs[1] / wgY, abs[2] / wgZ}; // x may lie beyond a fused run's first group
        return new KernelFault(HsaStatus.ERROR_EXCEPTION, kernel.name(), abs, group, kernel.where(site), what, cause);
    }

    /** An HSA exception's message without the status prefix its getMessage adds. */
    private static String strip(HsaException e) {
        String m = e.getMessage();
        String prefix = e.status() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
