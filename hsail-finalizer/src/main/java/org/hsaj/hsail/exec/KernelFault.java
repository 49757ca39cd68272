package org.hsaj.hsail.exec;

import org.hsaj.hsail.ir.SourcePosition;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;

/**
 * A work-item of a kernel failed: a memory violation, a trap, a cancelled dispatch. The message names the
 * kernel, the work-item's absolute id, its work-group's id and the HSAIL source position, then what
 * happened, e.g. {@code kernel &vector_add, work-item (70, 0, 0) of work-group (1, 0, 0), add.hsail:12:5:
 * read of 4 bytes at 0x0: page 0x0 is not mapped}. Back ends write the position with {@link #position}.
 */
public final class KernelFault extends HsaException {
    private static final long serialVersionUID = 1L;

    public KernelFault(HsaStatus status, String kernel, long[] workItemAbsId, long[] workGroupId, String position,
            String what, Throwable cause) {
        super(status, String.format("kernel %s, work-item (%d, %d, %d) of work-group (%d, %d, %d), %s: %s", kernel,
                workItemAbsId[0], workItemAbsId[1], workItemAbsId[2], workGroupId[0], workGroupId[1], workGroupId[2],
                position, what), cause);
    }

    /** How fault messages write a source position: {@code file:line:column}. */
    public static String position(SourcePosition p) {
        return p.file() + ":" + p.line() + ":" + p.column();
    }
}
