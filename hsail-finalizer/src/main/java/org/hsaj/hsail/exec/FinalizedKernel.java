package org.hsaj.hsail.exec;

import java.util.Objects;
import org.hsaj.hsail.ir.Kernel;

/**
 * What every back end's kernel knows once finalized, kept in one place: the kernel's name and kernarg
 * needs (from its declaration) and the group and private segment sizes its back end laid out.
 *
 * <p>Immutable; subclasses add how a work-group runs.
 */
public abstract class FinalizedKernel implements CompiledKernel {
    private final Kernel kernel;
    private final long groupSegmentSize;
    private final long privateSegmentSize;

    /**
     * @param groupSegmentSize bytes of group memory the kernel's own variables take
     * @param privateSegmentSize bytes of private and spill memory per work-item, callees included
     */
    protected FinalizedKernel(Kernel kernel, long groupSegmentSize, long privateSegmentSize) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.groupSegmentSize = groupSegmentSize;
        this.privateSegmentSize = privateSegmentSize;
    }

    /** The kernel as declared in its module. */
    public final Kernel kernel() {
        return kernel;
    }

    @Override
    public final String name() {
        return kernel.name();
    }

    @Override
    public final long kernargSegmentSize() {
        return kernel.kernargSegmentSize();
    }

    @Override
    public final int kernargSegmentAlignment() {
        return kernel.kernargSegmentAlignment();
    }

    @Override
    public final long groupSegmentSize() {
        return groupSegmentSize;
    }

    @Override
    public final long privateSegmentSize() {
        return privateSegmentSize;
    }
}
