package org.hsaj.runtime.memory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;

/**
 * An HSA memory region: a named pool of the shared virtual memory with its segment, global flags
 * (kernarg / fine-grained / coarse-grained) and allocation rules. Every global region of a platform is
 * carved from the same address space, so a pointer from one is valid for every agent.
 *
 * <p>Threading: allocate, free and the accounting are safe from any thread.
 */
public final class MemoryRegion {
    /** {@code HSA_REGION_GLOBAL_FLAG_KERNARG}. */
    public static final int FLAG_KERNARG = 1;
    /** {@code HSA_REGION_GLOBAL_FLAG_FINE_GRAINED}. */
    public static final int FLAG_FINE_GRAINED = 2;
    /** {@code HSA_REGION_GLOBAL_FLAG_COARSE_GRAINED}. */
    public static final int FLAG_COARSE_GRAINED = 4;

    /** Allocations are placed from here up when the address space is large enough (above guest images). */
    static final long HEAP_HINT = 4L << 30;

    private final String name;
    private final RegionSegment segment;
    private final int globalFlags;
    private final long size;
    private final long allocationGranule;
    private final long allocationAlignment;
    private final SharedVirtualMemory memory;
    private final ConcurrentHashMap<Long, Long> allocations = new ConcurrentHashMap<>();
    private final AtomicLong allocatedBytes = new AtomicLong();

    private MemoryRegion(String name, RegionSegment segment, int globalFlags, long size, long granule,
            long alignment, SharedVirtualMemory memory) {
        this.name = name;
        this.segment = segment;
        this.globalFlags = globalFlags;
        this.size = size;
        this.allocationGranule = granule;
        this.allocationAlignment = alignment;
        this.memory = memory;
    }

    /** A global region allocatable by the runtime, backed by {@code memory}, holding up to {@code size} bytes. */
    public static MemoryRegion global(String name, int globalFlags, long size, SharedVirtualMemory memory) {
        return new MemoryRegion(name, RegionSegment.GLOBAL, globalFlags, size, PageTable.PAGE_SIZE,
                PageTable.PAGE_SIZE, memory);
    }

    /** A region the runtime cannot allocate from (group, private): it only reports its size. */
    public static MemoryRegion fixed(String name, RegionSegment segment, long size) {
        return new MemoryRegion(name, segment, 0, size, 0, 0, null);
    }

    public String name() {
        return name;
    }

    public RegionSegment segment() {
        return segment;
    }

    /** The {@code HSA_REGION_GLOBAL_FLAG_*} bits (0 outside the global segment). */
    public int globalFlags() {
        return globalFlags;
    }

    public long size() {
        return size;
    }

    /** Largest single allocation: the region's size. */
    public long allocationMaxSize() {
        return runtimeAllocationAllowed() ? size : 0;
    }

    public boolean runtimeAllocationAllowed() {
        return memory != null;
    }

    public long allocationGranule() {
        return allocationGranule;
    }

    public long allocationAlignment() {
        return allocationAlignment;
    }

    /** Bytes handed out and not yet freed (rounded up to the granule). */
    public long allocatedBytes() {
        return allocatedBytes.get();
    }

    /**
     * Allocates {@code bytes} (rounded up to the granule), mapped read-write and zeroed.
     *
     * @throws HsaException ERROR_INVALID_ALLOCATION for a size of 0, over the maximum or a region that
     *     does not allow runtime allocation; ERROR_OUT_OF_RESOURCES when the region is exhausted
     */
    public long allocate(long bytes) {
        return allocate(bytes, allocationAlignment);
    }

    /** Like {@link #allocate(long)} with a stronger alignment (a power of two). */
    public long allocate(long bytes, long alignment) {
        if (!runtimeAllocationAllowed()) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ALLOCATION,
                    "region '" + name + "' does not allow runtime allocation");
        }
        if (bytes <= 0 || bytes > allocationMaxSize()) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ALLOCATION, "cannot allocate " + bytes
                    + " bytes in region '" + name + "' (allowed: 1.." + allocationMaxSize() + ")");
        }
        long rounded = (bytes + allocationGranule - 1) / allocationGranule * allocationGranule;
        if (allocatedBytes.addAndGet(rounded) > size) {
            allocatedBytes.addAndGet(-rounded);
            throw new HsaException(HsaStatus.ERROR_OUT_OF_RESOURCES, "region '" + name + "' has "
                    + (size - allocatedBytes.get()) + " bytes left, " + rounded + " requested");
        }
        long hint = memory.size() > 2 * HEAP_HINT ? HEAP_HINT : memory.size() / 2;
        long address = memory.allocator().reserve(rounded, alignment, hint);
        if (address == 0) {
            allocatedBytes.addAndGet(-rounded);
            throw new HsaException(HsaStatus.ERROR_OUT_OF_RESOURCES,
                    "no free range of " + rounded + " bytes left in the shared virtual memory");
        }
        memory.map(address, rounded, PageTable.READ_WRITE);
        allocations.put(address, rounded);
        return address;
    }

    /** True when {@code address} is the start of a live allocation of this region. */
    public boolean owns(long address) {
        return allocations.containsKey(address);
    }

    /**
     * Frees an allocation made by this region: unmaps and zeroes it.
     *
     * @throws HsaException ERROR_INVALID_ALLOCATION when {@code address} is not the start of one
     */
    public void free(long address) {
        Long length = allocations.remove(address);
        if (length == null) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ALLOCATION, String.format(
                    "0x%x is not the start of an allocation of region '%s'", address, name));
        }
        memory.unmap(address, length);
        memory.allocator().release(address, length);
        allocatedBytes.addAndGet(-length);
    }

    @Override
    public String toString() {
        return "region '" + name + "' (" + segment + ", flags " + globalFlags + ")";
    }
}
