package org.hsaj.runtime.memory;

import java.util.Map;
import java.util.TreeMap;

/**
 * Hands out disjoint, page-granular ranges of guest virtual addresses (first fit, with alignment),
 * and takes them back with coalescing. It only books addresses; mapping them is the caller's business.
 * One allocator serves a whole address space so that runtime allocations, guest mmap/brk and ELF
 * segments never overlap. Thread-safe (one lock; allocation is not on any hot path).
 */
public final class VirtualRangeAllocator {
    private final long base;
    private final long limit;
    /** Free ranges: start -> end (exclusive), never adjacent to one another. */
    private final TreeMap<Long, Long> free = new TreeMap<>();
    private long reservedBytes;

    VirtualRangeAllocator(long base, long limit) {
        this.base = base;
        this.limit = limit;
        free.put(base, limit);
    }

    /**
     * Reserves {@code size} bytes (rounded up to pages) aligned to {@code alignment} (a power of two,
     * at least a page is used), at the lowest fitting address not below {@code hint}; falls back to
     * the lowest fitting address anywhere. Returns 0 when nothing fits.
     */
    public synchronized long reserve(long size, long alignment, long hint) {
        long length = pageRound(size);
        long align = Math.max(PageTable.PAGE_SIZE, alignment);
        if (Long.bitCount(align) != 1 || length <= 0) {
            throw new IllegalArgumentException("bad reservation: size " + size + ", alignment " + alignment);
        }
        long found = firstFit(length, align, hint);
        if (found == 0 && hint > base) {
            found = firstFit(length, align, base);
        }
        if (found != 0) {
            take(found, length);
        }
        return found;
    }

    private long firstFit(long length, long align, long hint) {
        Map.Entry<Long, Long> containing = free.floorEntry(hint);
        Long from = containing != null && containing.getValue() > hint ? containing.getKey() : free.ceilingKey(hint);
        if (from == null) {
            return 0;
        }
        for (Map.Entry<Long, Long> e : free.tailMap(from, true).entrySet()) {
            long start = Math.max(e.getKey(), hint);
            long aligned = (start + align - 1) & -align;
            if (aligned + length <= e.getValue() && aligned + length > aligned) {
                return aligned;
            }
        }
        return 0;
    }

    /** Reserves exactly [address, address + size) (page-rounded); false if any part is taken or outside. */
    public synchronized boolean reserveFixed(long address, long size) {
        long start = address & -PageTable.PAGE_SIZE;
        long end = pageRound(address + size);
        Map.Entry<Long, Long> e = free.floorEntry(start);
        if (e == null || e.getValue() < end || start < base || end > limit) {
            return false;
        }
        take(start, end - start);
        return true;
    }

    /**
     * True when no page of [address, address + size) is reserved; pages outside the range this
     * allocator books (below its base, past its limit) never are.
     */
    public synchronized boolean isFree(long address, long size) {
        long start = Math.max(address & -PageTable.PAGE_SIZE, base);
        long end = Math.min(pageRound(address + size), limit);
        if (start >= end) {
            return true;
        }
        Map.Entry<Long, Long> e = free.floorEntry(start);
        return e != null && e.getValue() >= end;
    }

    /** Returns a previously reserved range (or part of one) to the free pool. */
    public synchronized void release(long address, long size) {
        long start = address & -PageTable.PAGE_SIZE;
        long end = pageRound(address + size);
        if (start < base || end > limit) {
            throw new IllegalArgumentException(String.format("release of [0x%x, 0x%x) outside [0x%x, 0x%x)",
                    start, end, base, limit));
        }
        Map.Entry<Long, Long> before = free.floorEntry(start);
        if (before != null && before.getValue() > start) {
            throw new IllegalArgumentException(String.format("release of [0x%x, 0x%x): part is already free", start, end));
        }
        Long after = free.ceilingKey(start);
        if (after != null && after < end) {
            throw new IllegalArgumentException(String.format("release of [0x%x, 0x%x): part is already free", start, end));
        }
        long newStart = start;
        long newEnd = end;
        if (before != null && before.getValue() == start) {
            newStart = before.getKey();
        }
        if (after != null && after == end) {
            newEnd = free.remove(after);
        }
        free.put(newStart, newEnd);
        reservedBytes -= end - start;
    }

    /** Bytes currently reserved. */
    public synchronized long reservedBytes() {
        return reservedBytes;
    }

    private void take(long start, long length) {
        long end = start + length;
        Map.Entry<Long, Long> e = free.floorEntry(start);
        long freeStart = e.getKey();
        long freeEnd = e.getValue();
        free.remove(freeStart);
        if (freeStart < start) {
            free.put(freeStart, start);
        }
        if (end < freeEnd) {
            free.put(end, freeEnd);
        }
        reservedBytes += length;
    }

    static long pageRound(long n) {
        return (n + PageTable.PAGE_SIZE - 1) & -PageTable.PAGE_SIZE;
    }
}
