package org.hsaj.hsail.interp;

import java.util.Objects;

/**
 * One kernel dispatch as the packet processor sees it: geometry, where the kernel arguments are, how
 * much dynamic group memory to add to the kernel's own, and the packet's identity.
 *
 * @param kernargAddress          flat address of the kernarg segment (laid out as the kernel's parameters say)
 * @param dynamicGroupSegmentSize bytes of group memory per work-group beyond the kernel's static use
 * @param packetId                the packet's index in its queue ({@code packetid})
 * @param completionSignal        the packet's completion signal handle, 0 for none ({@code packetcompletionsig})
 */
public record KernelDispatch(DispatchGeometry geometry, long kernargAddress, long dynamicGroupSegmentSize,
                             long packetId, long completionSignal) {
    public KernelDispatch {
        Objects.requireNonNull(geometry);
        if (dynamicGroupSegmentSize < 0) {
            throw new IllegalArgumentException("negative dynamic group segment size");
        }
    }

    public static KernelDispatch of(DispatchGeometry geometry, long kernargAddress) {
        return new KernelDispatch(geometry, kernargAddress, 0, 0, 0);
    }
}
