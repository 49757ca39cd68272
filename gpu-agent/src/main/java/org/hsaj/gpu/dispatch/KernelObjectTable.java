package org.hsaj.gpu.dispatch;

import java.util.concurrent.ConcurrentHashMap;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * The kernel objects of an agent: the 64-bit {@code kernel_object} a dispatch packet names is the
 * address of a 64-byte kernel descriptor in shared memory (read-only to programs), as on hardware where
 * it points at code. The descriptor holds the kernel's segment sizes so guest code can read them:
 * <pre>
 *   0  u64 kernarg segment size     16  u32 group segment size
 *   8  u32 kernarg alignment        20  u32 private segment size
 * </pre>
 * Threading: safe from any thread; lookups are lock-free.
 */
final class KernelObjectTable {
    static final int DESCRIPTOR_SIZE = 64;

    private final SharedVirtualMemory memory;
    private final ConcurrentHashMap<Long, CompiledKernel> kernels = new ConcurrentHashMap<>();
    private long page;
    private long nextSlot;

    KernelObjectTable(SharedVirtualMemory memory) {
        this.memory = memory;
    }

    /** Registers a finalized kernel and returns its kernel object handle. */
    synchronized long register(CompiledKernel kernel) {
        if (page == 0 || nextSlot == page + PageTable.PAGE_SIZE) {
            page = memory.allocator().reserve(PageTable.PAGE_SIZE, PageTable.PAGE_SIZE, memory.size() / 2);
            if (page == 0) {
                throw new HsaException(HsaStatus.ERROR_OUT_OF_RESOURCES, "no room for kernel descriptors");
            }
            nextSlot = page;
        }
        long handle = nextSlot;
        nextSlot += DESCRIPTOR_SIZE;
        memory.map(page, PageTable.PAGE_SIZE, PageTable.READ_WRITE);
        memory.storeLong(handle, kernel.kernargSegmentSize());
        memory.storeInt(handle + 8, kernel.kernargSegmentAlignment());
        memory.storeInt(handle + 16, (int) kernel.groupSegmentSize());
        memory.storeInt(handle + 20, (int) kernel.privateSegmentSize());
        memory.map(page, PageTable.PAGE_SIZE, PageTable.READ);
        kernels.put(handle, kernel);
        return handle;
    }

    /**
     * The kernel of {@code handle}.
     *
     * @throws HsaException ERROR_INVALID_CODE_OBJECT when the handle names no registered kernel
     */
    CompiledKernel lookup(long handle, long packetId) {
        CompiledKernel kernel = kernels.get(handle);
        if (kernel == null) {
            throw new HsaException(HsaStatus.ERROR_INVALID_CODE_OBJECT, String.format(
                    "kernel_object 0x%x of packet %d is not a finalized kernel of this agent", handle, packetId));
        }
        return kernel;
    }
}
