package org.hsaj.gpu.dispatch;

import java.util.function.IntPredicate;
import org.hsaj.runtime.api.AgentProperties;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.packet.AgentDispatchPacket;
import org.hsaj.runtime.packet.AqlPacket;
import org.hsaj.runtime.packet.BarrierPacket;
import org.hsaj.runtime.packet.KernelDispatchPacket;
import org.hsaj.runtime.signal.SignalTable;

/**
 * Checks a decoded packet against the HSA rules and this agent's limits before anything of it runs.
 * Every rule says in its message which field is wrong and what was expected.
 */
final class PacketValidator {
    /** HSA requires the kernarg segment to be 16-byte aligned. */
    static final int KERNARG_ALIGNMENT = 16;

    private final AgentProperties agent;
    private final SignalTable signals;
    private final IntPredicate knownAgentFunction;

    PacketValidator(AgentProperties agent, SignalTable signals, IntPredicate knownAgentFunction) {
        this.agent = agent;
        this.signals = signals;
        this.knownAgentFunction = knownAgentFunction;
    }

    /** The first problem of {@code packet}, or null when it may be processed. */
    PacketProblem check(AqlPacket packet) {
        PacketProblem problem = switch (packet) {
            case KernelDispatchPacket k -> checkKernelDispatch(k);
            case BarrierPacket b -> checkBarrier(b);
            case AgentDispatchPacket a -> checkAgentDispatch(a);
        };
        return problem != null ? problem : checkSignal("completion_signal", packet.completionSignal());
    }

    private PacketProblem checkKernelDispatch(KernelDispatchPacket k) {
        if (!agent.kernelDispatch()) {
            return PacketProblem.format("this agent does not accept kernel dispatch packets");
        }
        int dims = k.dimensions();
        if (dims == 0) {
            return PacketProblem.format("setup.dimensions is 0 (expected 1, 2 or 3)");
        }
        if ((k.setup() & ~KernelDispatchPacket.SETUP_DIMENSIONS_MASK) != 0) {
            return PacketProblem.format(String.format("reserved bits of setup are set (setup = 0x%x)", k.setup()));
        }
        if (k.reserved0() != 0 || k.reserved2() != 0) {
            return PacketProblem.format("reserved fields of the kernel dispatch packet are not 0");
        }
        int[] maxDim = agent.workgroupMaxDim();
        long flat = 1;
        char[] axes = {'x', 'y', 'z'};
        for (int axis = 0; axis < 3; axis++) {
            int wg = k.workgroupSize(axis);
            long grid = k.gridSize(axis);
            if (axis < dims) {
                if (wg == 0) {
                    return PacketProblem.format("workgroup_size_" + axes[axis] + " is 0");
                }
                if (grid == 0) {
                    return PacketProblem.format("grid_size_" + axes[axis] + " is 0");
                }
                if (wg > maxDim[axis]) {
                    return PacketProblem.format("workgroup_size_" + axes[axis] + " is " + wg
                            + ", more than the agent's maximum of " + maxDim[axis]);
                }
                if (grid > Integer.toUnsignedLong(agent.gridMaxDim()[axis])) {
                    return PacketProblem.format("grid_size_" + axes[axis] + " is " + grid
                            + ", more than the agent's maximum of " + Integer.toUnsignedLong(agent.gridMaxDim()[axis]));
                }
            } else if (wg != 1 || grid != 1) {
                return PacketProblem.format("the packet has " + dims + " dimension" + (dims == 1 ? "" : "s")
                        + " but workgroup_size_" + axes[axis] + " = " + wg + " and grid_size_" + axes[axis] + " = "
                        + grid + " (both must be 1)");
            }
            flat *= wg;
        }
        if (flat > agent.workgroupMaxSize()) {
            return PacketProblem.format("work-group of " + flat + " work-items, more than the agent's maximum of "
                    + agent.workgroupMaxSize());
        }
        long gridItems = k.gridSize(0) * k.gridSize(1) * k.gridSize(2);
        if (gridItems > agent.gridMaxSize()) {
            return PacketProblem.format("grid of " + gridItems + " work-items, more than the agent's maximum of "
                    + agent.gridMaxSize());
        }
        if (Integer.toUnsignedLong(k.groupSegmentSize()) > agent.groupSegmentSize()) {
            return new PacketProblem(HsaStatus.ERROR_OUT_OF_RESOURCES, "group_segment_size is "
                    + Integer.toUnsignedLong(k.groupSegmentSize()) + " bytes, more than the agent's "
                    + agent.groupSegmentSize() + " bytes of group memory");
        }
        if (k.kernargAddress() % KERNARG_ALIGNMENT != 0) {
            return PacketProblem.format(String.format("kernarg_address 0x%x is not %d-byte aligned",
                    k.kernargAddress(), KERNARG_ALIGNMENT));
        }
        return null;
    }

    private PacketProblem checkBarrier(BarrierPacket b) {
        if (b.reserved0() != 0 || b.reserved1() != 0 || b.reserved2() != 0) {
            return PacketProblem.format("reserved fields of the barrier packet are not 0");
        }
        for (int i = 0; i < BarrierPacket.DEPENDENCIES; i++) {
            PacketProblem problem = checkSignal("dep_signal[" + i + "]", b.dependencySignal(i));
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private PacketProblem checkAgentDispatch(AgentDispatchPacket a) {
        if (!agent.agentDispatch()) {
            return PacketProblem.format("this agent does not accept agent dispatch packets");
        }
        if (a.reserved0() != 0 || a.reserved2() != 0) {
            return PacketProblem.format("reserved fields of the agent dispatch packet are not 0");
        }
        if (!knownAgentFunction.test(a.type())) {
            return PacketProblem.format("agent dispatch type " + a.type() + " names no function of this agent");
        }
        return null;
    }

    private PacketProblem checkSignal(String field, long handle) {
        if (handle != 0 && signals.find(handle) == null) {
            return new PacketProblem(HsaStatus.ERROR_INVALID_SIGNAL,
                    String.format("%s 0x%x is not a live signal", field, handle));
        }
        return null;
    }
}
