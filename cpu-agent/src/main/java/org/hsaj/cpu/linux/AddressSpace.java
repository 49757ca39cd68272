package org.hsaj.cpu.linux;

import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.hsaj.runtime.memory.VirtualRangeAllocator;

/**
 * The process's memory management calls (brk, mmap, munmap, mprotect, mremap, madvise) on the shared
 * virtual memory. Every range is booked with the memory's {@link VirtualRangeAllocator}, so guest
 * mappings never collide with memory other agents use; the program break grows page by page right
 * after the executable image, anonymous mappings are placed from {@link #MMAP_HINT} up.
 *
 * <p>Threading: methods are synchronized; the CPU-side permission mirror is refreshed after each change.
 */
final class AddressSpace {
    static final long MMAP_HINT = 0x1_0000_0000L;
    static final int PROT_READ = 1;
    static final int PROT_WRITE = 2;
    static final int PROT_EXEC = 4;
    static final int MAP_SHARED = 0x01;
    static final int MAP_PRIVATE = 0x02;
    static final int MAP_FIXED = 0x10;
    static final int MAP_ANONYMOUS = 0x20;
    static final int MAP_FIXED_NOREPLACE = 0x100000;
    static final int MREMAP_MAYMOVE = 1;
    static final int MREMAP_FIXED = 2;
    static final int MADV_DONTNEED = 4;
    /**
     * The top of user space of RISC-V Linux with Sv48 paging. Ranges below it but past this address
     * space are valid and unmapped (munmap answers 0); ranges reaching past it are EINVAL.
     */
    static final long TASK_SIZE = 1L << 47;

    private final SharedVirtualMemory shared;
    private final GuestMemory memory;
    private final VirtualRangeAllocator allocator;
    private final long brkStart;
    private long brk;

    AddressSpace(GuestMemory memory, long brkStart) {
        this.memory = memory;
        this.shared = memory.shared;
        this.allocator = shared.allocator();
        this.brkStart = brkStart;
        this.brk = brkStart;
    }

    /**
     * Makes [at, at + size) read as zeros, as fresh anonymous memory must; the shared memory drops the
     * pages rather than writing them, so most of a thread's stack, never touched, costs nothing.
     */
    private void zero(long at, long size) {
        shared.zero(at, size);
    }

    private static long pageUp(long n) {
        return (n + PageTable.PAGE_SIZE - 1) & -PageTable.PAGE_SIZE;
    }

    /**
     * Whether [address, address + length) lies inside the address space without wrapping around: the
     * system calls below check the guest's range with it before rounding or walking it page by page.
     */
    private boolean inSpace(long address, long length) {
        return address >= 0 && length >= 0 && length <= shared.size() - address;
    }

    synchronized long brk(long requested) {
        if (requested < brkStart || requested > shared.size()) {
            return brk; // Linux's answer to a break it cannot set: the current one
        }
        long oldTop = pageUp(brk);
        long newTop = pageUp(requested);
        if (newTop > oldTop) {
            if (newTop > shared.size() || !allocator.reserveFixed(oldTop, newTop - oldTop)) {
                return brk;
            }
            zero(oldTop, newTop - oldTop);
            shared.map(oldTop, newTop - oldTop, PageTable.READ_WRITE);
            memory.refresh(oldTop, newTop - oldTop);
        } else if (newTop < oldTop) {
            release(newTop, oldTop - newTop);
        }
        brk = requested;
        return brk;
    }

    /** mmap; returns the address or a negated errno. {@code file} is null for anonymous mappings. */
    synchronized long mmap(long address, long length, int prot, int flags, FileDescription file, long offset) {
        boolean fixed = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0;
        if (length <= 0 || fixed && (address & (PageTable.PAGE_SIZE - 1)) != 0
                || (offset & (PageTable.PAGE_SIZE - 1)) != 0) {
            return -Errno.EINVAL;
        }
        if (!fixed) {
            address = Math.max(0, pageUp(address)); // only a hint: Linux rounds it up to a page, never refuses it
        }
        if ((flags & (MAP_SHARED | MAP_PRIVATE)) == 0) {
            return -Errno.EINVAL;
        }
        long size = pageUp(length);
        if (size <= 0 || size > shared.size()) {
            return -Errno.ENOMEM;
        }
        long at;
        if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) != 0) {
            if (!inSpace(address, size) || address < SharedVirtualMemory.NULL_GUARD) {
                return -Errno.ENOMEM;
            }
            if ((flags & MAP_FIXED) != 0) {
                release(address, size);
            }
            if (!allocator.reserveFixed(address, size)) {
                return (flags & MAP_FIXED_NOREPLACE) != 0 ? -Errno.EEXIST : -Errno.ENOMEM;
            }
            at = address;
        } else {
            at = allocator.reserve(size, PageTable.PAGE_SIZE, address != 0 ? address : MMAP_HINT);
            if (at == 0) {
                return -Errno.ENOMEM;
            }
        }
        zero(at, size);
        if (file != null) {
            // Straight into the pages being mapped: they are not the guest's yet, so nothing checks them.
            for (long done = 0; done < length; ) {
                int chunk = (int) Math.min(GuestWindows.MAX_TRANSFER, length - done);
                int n = file.pread(shared.segment().asSlice(at + done, chunk).asByteBuffer(), offset + done);
                if (n < 0) {
                    allocator.release(at, size);
                    return n;
                }
                if (n == 0) {
                    break;
                }
                done += n;
            }
        }
        shared.map(at, size, prot & 7);
        memory.refresh(at, size);
        return at;
    }

    synchronized int munmap(long address, long length) {
        if ((address & (PageTable.PAGE_SIZE - 1)) != 0 || length <= 0 || address < 0 || length > TASK_SIZE - address) {
            return -Errno.EINVAL;
        }
        release(address, pageUp(length)); // clipped to this address space, past which nothing is mapped
        return 0;
    }

    /** Unmaps and unbooks whatever pages of the range are booked. */
    private void release(long address, long size) {
        long end = Math.min(address + size, shared.size());
        long runStart = -1;
        for (long page = address; page <= end; page += PageTable.PAGE_SIZE) {
            boolean reserved = page < end && !allocator.isFree(page, PageTable.PAGE_SIZE);
            if (reserved && runStart < 0) {
                runStart = page;
            } else if (!reserved && runStart >= 0) {
                shared.unmap(runStart, page - runStart);
                allocator.release(runStart, page - runStart);
                memory.refresh(runStart, page - runStart);
                runStart = -1;
            }
        }
    }

    synchronized int mprotect(long address, long length, int prot) {
        if ((address & (PageTable.PAGE_SIZE - 1)) != 0) {
            return -Errno.EINVAL;
        }
        if (length == 0) {
            return 0; // Linux: nothing to do, wherever it is
        }
        if (!inSpace(address, length)) {
            return -Errno.ENOMEM; // what Linux answers for a range past the end or wrapping around
        }
        long size = pageUp(length);
        for (long page = address; page < address + size; page += PageTable.PAGE_SIZE) {
            if (shared.pageTable().get(page) == 0 && allocator.isFree(page, PageTable.PAGE_SIZE)) {
                return -Errno.ENOMEM;
            }
        }
        shared.map(address, size, prot & 7);
        memory.refresh(address, size);
        return 0;
    }

    synchronized long mremap(long oldAddress, long oldSize, long newSize, int flags, long newAddress) {
        if ((oldAddress & (PageTable.PAGE_SIZE - 1)) != 0 || newSize <= 0 || (flags & MREMAP_FIXED) != 0) {
            return -Errno.EINVAL;
        }
        if (!inSpace(oldAddress, oldSize)
                || shared.pageTable().get(oldAddress) == 0 && allocator.isFree(oldAddress, PageTable.PAGE_SIZE)) {
            return -Errno.EFAULT; // no mapping there to resize (a PROT_NONE one is booked, and resizes)
        }
        if (newSize > shared.size()) {
            return -Errno.ENOMEM;
        }
        long oldTop = pageUp(oldAddress + oldSize);
        long newTop = pageUp(oldAddress + newSize);
        if (newTop <= oldTop) {
            release(newTop, oldTop - newTop);
            return oldAddress;
        }
        int prot = shared.pageTable().get(oldAddress);
        if (newTop <= shared.size() && allocator.reserveFixed(oldTop, newTop - oldTop)) {
            zero(oldTop, newTop - oldTop);
            shared.map(oldTop, newTop - oldTop, prot);
            memory.refresh(oldTop, newTop - oldTop);
            return oldAddress;
        }
        if ((flags & MREMAP_MAYMOVE) == 0) {
            return -Errno.ENOMEM;
        }
        long size = pageUp(newSize);
        long at = allocator.reserve(size, PageTable.PAGE_SIZE, MMAP_HINT);
        if (at == 0) {
            return -Errno.ENOMEM;
        }
        zero(at, size);
        java.lang.foreign.MemorySegment.copy(shared.segment(), oldAddress, shared.segment(), at, oldTop - oldAddress);
        shared.map(at, size, prot);
        memory.refresh(at, size);
        release(oldAddress, oldTop - oldAddress);
        return at;
    }

    synchronized int madvise(long address, long length, int advice) {
        if ((address & (PageTable.PAGE_SIZE - 1)) != 0 || length < 0 || pageUp(length) < 0
                || address + pageUp(length) < address) {
            return -Errno.EINVAL; // unaligned, or the end wraps around
        }
        if (length == 0) {
            return 0;
        }
        if (!inSpace(address, length)) {
            return -Errno.ENOMEM; // past the end: nothing mapped there
        }
        if (advice == MADV_DONTNEED && shared.pageTable().allows(address, pageUp(length), PageTable.WRITE)) {
            memory.checkWrite(address, pageUp(length)); // code decoded from these pages goes with their bytes
            zero(address, pageUp(length));
        }
        return 0;
    }

    /**
     * Maps a page of code the guest did not map itself (read and execute), where mmap would place it:
     * {@code instructions} at its start. Returns its address, or 0 when there is no room.
     */
    synchronized long mapCode(int... instructions) {
        long at = allocator.reserve(PageTable.PAGE_SIZE, PageTable.PAGE_SIZE, MMAP_HINT);
        if (at == 0) {
            return 0;
        }
        zero(at, PageTable.PAGE_SIZE);
        for (int i = 0; i < instructions.length; i++) {
            shared.segment().set(SharedVirtualMemory.INT, at + 4L * i, instructions[i]);
        }
        shared.map(at, PageTable.PAGE_SIZE, PageTable.READ | PageTable.EXECUTE);
        memory.refresh(at, PageTable.PAGE_SIZE);
        return at;
    }

    /** Whether the page holding {@code address} is booked (mapped, with or without permissions). */
    boolean isBooked(long address) {
        return inSpace(address, 1) && !allocator.isFree(address & -PageTable.PAGE_SIZE, PageTable.PAGE_SIZE);
    }

    /** Books and maps the initial stack below {@code top}; returns its lowest address. */
    synchronized long mapStack(long size, boolean executable) {
        long at = allocator.reserve(size + PageTable.PAGE_SIZE, PageTable.PAGE_SIZE, shared.size() - (size << 2));
        if (at == 0) {
            throw new IllegalStateException("no room for a stack of " + size + " bytes");
        }
        // The lowest page stays unmapped: a guard against stack overflow.
        long low = at + PageTable.PAGE_SIZE;
        shared.map(low, size, PageTable.READ_WRITE | (executable ? PageTable.EXECUTE : 0));
        memory.refresh(low, size);
        return low;
    }
}
