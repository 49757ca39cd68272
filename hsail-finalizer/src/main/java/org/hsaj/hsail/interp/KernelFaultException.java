package org.hsaj.hsail.interp;

import java.util.List;
import org.hsaj.hsail.ir.SourcePosition;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;

/**
 * A kernel that stopped with an error: a bad memory access, a debug trap, a barrier not reached by
 * every work-item, an enabled break exception. Says which kernel, which work-item (absolute id) in
 * which work-group, and at which HSAIL source position. The status is {@code HSA_STATUS_ERROR_EXCEPTION}.
 */
public final class KernelFaultException extends HsaException {
    private static final long serialVersionUID = 1L;
    private final String kernel;
    private final transient List<Long> workItem;
    private final transient List<Long> workGroup;
    private final transient SourcePosition position;

    public KernelFaultException(String kernel, List<Long> workItem, List<Long> workGroup, SourcePosition position,
                                String reason, Throwable cause) {
        super(HsaStatus.ERROR_EXCEPTION, "kernel " + kernel + " faulted in work-item " + ids(workItem)
                + " of work-group " + ids(workGroup) + " at " + position + ": " + reason, cause);
        this.kernel = kernel;
        this.workItem = List.copyOf(workItem);
        this.workGroup = List.copyOf(workGroup);
        this.position = position;
    }

    private static String ids(List<Long> v) {
        return "(" + v.get(0) + "," + v.get(1) + "," + v.get(2) + ")";
    }

    public String kernel() {
        return kernel;
    }

    /** Absolute work-item id (x, y, z). */
    public List<Long> workItem() {
        return workItem;
    }

    /** Work-group id (x, y, z). */
    public List<Long> workGroup() {
        return workGroup;
    }

    /** The HSAIL source position of the faulting instruction. */
    public SourcePosition position() {
        return position;
    }
}
