package org.hsaj.runtime.memory;

import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;

/**
 * An access to guest memory that the page table does not allow: outside the address space, on an
 * unmapped page, or without the permission it needs. Carries the faulting address, size and kind so
 * agents can add who made it (work-item, guest pc, packet).
 */
public final class MemoryAccessException extends HsaException {
    private static final long serialVersionUID = 1L;
    private final long address;
    private final long length;
    private final AccessKind kind;
    private final long refusedAt;
    private final boolean mapped;

    public MemoryAccessException(long address, long length, AccessKind kind, String reason) {
        this(address, length, kind, reason, address, false);
    }

    /**
     * @param refusedAt the first address of the access that was refused (in the page that refused it)
     * @param mapped whether that page is mapped (without the permission the access needs)
     */
    public MemoryAccessException(long address, long length, AccessKind kind, String reason, long refusedAt,
                                 boolean mapped) {
        super(HsaStatus.ERROR_EXCEPTION, String.format("%s of %d byte%s at 0x%x: %s",
                kind.name().toLowerCase(java.util.Locale.ROOT), length, length == 1 ? "" : "s", address, reason));
        this.address = address;
        this.length = length;
        this.kind = kind;
        this.refusedAt = refusedAt;
        this.mapped = mapped;
    }

    public long address() {
        return address;
    }

    public long length() {
        return length;
    }

    public AccessKind kind() {
        return kind;
    }

    /** The first address of the access that was refused: the access's own, or where it entered the page that refused it. */
    public long refusedAt() {
        return refusedAt;
    }

    /** Whether the page that refused the access is mapped (it lacks the permission) rather than not mapped. */
    public boolean mapped() {
        return mapped;
    }
}
