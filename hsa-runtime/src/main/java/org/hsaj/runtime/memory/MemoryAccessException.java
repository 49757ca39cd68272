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

    public MemoryAccessException(long address, long length, AccessKind kind, String reason) {
        super(HsaStatus.ERROR_EXCEPTION, String.format("%s of %d byte%s at 0x%x: %s",
                kind.name().toLowerCase(java.util.Locale.ROOT), length, length == 1 ? "" : "s", address, reason));
        this.address = address;
        this.length = length;
        this.kind = kind;
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
}
