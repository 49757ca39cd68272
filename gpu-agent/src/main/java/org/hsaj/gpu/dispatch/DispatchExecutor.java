package org.hsaj.gpu.dispatch;

import java.util.concurrent.TimeUnit;
import org.hsaj.gpu.cu.ComputeUnits;
import org.hsaj.gpu.cu.WorkGroupScheduler;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.hsaj.runtime.packet.KernelDispatchPacket;

/**
 * Runs kernel dispatch packets on the compute units: resolves the kernel object, checks the packet
 * against the kernel (kernarg present and mapped, enough group memory), sizes group and private memory,
 * arms the watchdog and lets the scheduling policy spread the work-groups.
 */
final class DispatchExecutor implements KernelExecutor, AutoCloseable {
    private final SharedVirtualMemory memory;
    private final KernelObjectTable kernels;
    private final ComputeUnits computeUnits;
    private final WorkGroupScheduler scheduler;
    /** How long a dispatch may run (0: without limit) and what its cancellation says past that. */
    private final long watchdogNanos;
    private final String watchdogReason;

    DispatchExecutor(SharedVirtualMemory memory, KernelObjectTable kernels, ComputeUnits computeUnits,
            WorkGroupScheduler scheduler, long watchdogMillis) {
        this.memory = memory;
        this.kernels = kernels;
        this.computeUnits = computeUnits;
        this.scheduler = scheduler;
        this.watchdogNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, watchdogMillis));
        this.watchdogReason = "the watchdog stopped the dispatch after " + watchdogMillis + " ms (hsaj.gpu.watchdog-ms)";
    }

    @Override
    public void execute(KernelDispatch dispatch) {
        KernelDispatchPacket p = dispatch.packet();
        CompiledKernel kernel = kernels.lookup(p.kernelObject(), dispatch.packetId());
        String where = "packet " + dispatch.packetId() + " (kernel " + kernel.name() + "): ";
        long kernargBytes = kernel.kernargSegmentSize();
        if (kernargBytes > 0 && (p.kernargAddress() == 0
                || !memory.pageTable().allows(p.kernargAddress(), kernargBytes, PageTable.READ))) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, where + String.format(
                    "the kernel reads %d bytes of kernarg but [0x%x, 0x%x) is not mapped readable", kernargBytes,
                    p.kernargAddress(), p.kernargAddress() + kernargBytes));
        }
        if (p.kernargAddress() % kernel.kernargSegmentAlignment() != 0) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, where + String.format(
                    "kernarg_address 0x%x is not aligned to the kernel's %d bytes", p.kernargAddress(),
                    kernel.kernargSegmentAlignment()));
        }
        long groupBytes = Integer.toUnsignedLong(p.groupSegmentSize());
        if (groupBytes < kernel.groupSegmentSize()) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, where + "group_segment_size " + groupBytes
                    + " is less than the kernel's " + kernel.groupSegmentSize() + " bytes of group variables");
        }
        long privateBytes = Math.max(Integer.toUnsignedLong(p.privateSegmentSize()), kernel.privateSegmentSize());
        DispatchGeometry geometry = new DispatchGeometry(p.dimensions(), p.gridSize(0), p.gridSize(1), p.gridSize(2),
                p.workgroupSizeX(), p.workgroupSizeY(), p.workgroupSizeZ());
        long privateTotal = privateBytes * geometry.workItemsPerGroup();
        if (privateTotal > computeUnits.memory(0).privateCapacity()) {
            throw new HsaException(HsaStatus.ERROR_OUT_OF_RESOURCES, where + privateBytes + " bytes of private memory for each of "
                    + geometry.workItemsPerGroup() + " work-items exceed a compute unit's "
                    + computeUnits.memory(0).privateCapacity() + " bytes");
        }
        DispatchContext context = new DispatchContext(memory, geometry, p.kernargAddress(), groupBytes, privateBytes,
                dispatch.packetAddress(), dispatch.packetId(), dispatch.queue().address(), p.completionSignal());
        try {
            computeUnits.run(kernel, context, scheduler, watchdogNanos, watchdogReason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.cancel("the packet processor was interrupted");
            throw new HsaException(HsaStatus.ERROR, where + "interrupted");
        } catch (HsaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new HsaException(HsaStatus.ERROR_EXCEPTION, where + e, e);
        }
    }

    @Override
    public void close() {
        computeUnits.close();
    }
}
