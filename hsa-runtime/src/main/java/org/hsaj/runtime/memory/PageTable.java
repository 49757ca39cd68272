package org.hsaj.runtime.memory;

/**
 * Permissions of every 4 KiB page of the shared virtual memory: a byte per page holding
 * {@link #READ} | {@link #WRITE} | {@link #EXECUTE}; 0 means unmapped.
 *
 * <p>Threading: {@link #set} may race with checks from other threads; a check sees either the old or
 * the new permissions of a page (plain byte stores), which is what a TLB shootdown would give. Changes
 * that must be seen before a later action (mapping memory before handing its address to another agent)
 * are published by whatever publishes the address (a release store, a queue packet).
 */
public final class PageTable {
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int EXECUTE = 4;
    public static final int READ_WRITE = READ | WRITE;

    private final byte[] permissions;
    private final long size;

    PageTable(long size) {
        long pages = size >>> PAGE_SHIFT;
        if (pages > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("address space of " + size + " bytes has too many pages");
        }
        this.size = size;
        this.permissions = new byte[(int) pages];
    }

    /** Sets the permissions of every page overlapping [address, address + length). */
    public void set(long address, long length, int permission) {
        if (length <= 0) {
            return;
        }
        checkRange(address, length);
        int first = (int) (address >>> PAGE_SHIFT);
        int last = (int) ((address + length - 1) >>> PAGE_SHIFT);
        java.util.Arrays.fill(permissions, first, last + 1, (byte) permission);
    }

    /** The permissions of the page holding {@code address} (0 outside the address space). */
    public int get(long address) {
        if (address < 0 || address >= size) {
            return 0;
        }
        return permissions[(int) (address >>> PAGE_SHIFT)];
    }

    /** True when every page of the range has every bit of {@code permission}. */
    public boolean allows(long address, long length, int permission) {
        if (address < 0 || length < 0 || address > size - length) {
            return false;
        }
        if (length == 0) {
            return true;
        }
        int first = (int) (address >>> PAGE_SHIFT);
        int last = (int) ((address + length - 1) >>> PAGE_SHIFT);
        if (first == last) {
            return (permissions[first] & permission) == permission; // the common case: no loop
        }
        for (int page = first; page <= last; page++) {
            if ((permissions[page] & permission) != permission) {
                return false;
            }
        }
        return true;
    }

    /**
     * Throws a {@link MemoryAccessException} naming the first page of the range that does not allow
     * {@code kind}. The common case (one page, allowed) costs one array load.
     */
    public void check(long address, long length, AccessKind kind) {
        if (!allows(address, length, kind.permission)) {
            throw violation(address, length, kind);
        }
    }

    MemoryAccessException violation(long address, long length, AccessKind kind) {
        if (address < 0 || length < 0 || address > size - length) {
            return new MemoryAccessException(address, length, kind,
                    String.format("outside the shared virtual memory [0x0, 0x%x)", size));
        }
        for (long page = address & -PAGE_SIZE; page < address + length; page += PAGE_SIZE) {
            int p = get(page);
            long refusedAt = Math.max(address, page);
            if (p == 0) {
                return new MemoryAccessException(address, length, kind,
                        String.format("page 0x%x is not mapped", page), refusedAt, false);
            }
            if ((p & kind.permission) == 0) {
                return new MemoryAccessException(address, length, kind,
                        String.format("page 0x%x is mapped %s", page, describe(p)), refusedAt, true);
            }
        }
        throw new IllegalStateException("no violation in an allowed range");
    }

    /** "r-x" style text of a permission set. */
    public static String describe(int permission) {
        return ((permission & READ) != 0 ? "r" : "-") + ((permission & WRITE) != 0 ? "w" : "-")
                + ((permission & EXECUTE) != 0 ? "x" : "-");
    }

    private void checkRange(long address, long length) {
        if (address < 0 || address > size - length) {
            throw new IllegalArgumentException(String.format(
                    "range [0x%x, 0x%x) is outside the address space of 0x%x bytes", address, address + length, size));
        }
    }
}
