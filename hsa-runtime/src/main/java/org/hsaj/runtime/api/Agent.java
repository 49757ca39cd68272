package org.hsaj.runtime.api;

import java.util.List;
import org.hsaj.runtime.memory.MemoryRegion;

/**
 * An agent as the HSA API shows it: an opaque handle, its properties and the memory regions it can
 * reach. Immutable.
 */
public final class Agent {
    private final long handle;
    private final AgentDevice device;
    private final List<MemoryRegion> regions;

    Agent(long handle, AgentDevice device, List<MemoryRegion> regions) {
        this.handle = handle;
        this.device = device;
        this.regions = List.copyOf(regions);
    }

    /** The {@code hsa_agent_t} handle. */
    public long handle() {
        return handle;
    }

    public AgentProperties properties() {
        return device.properties();
    }

    public String name() {
        return device.properties().name();
    }

    public DeviceType deviceType() {
        return device.properties().deviceType();
    }

    /** The regions this agent can access, in {@code hsa_agent_iterate_regions} order. */
    public List<MemoryRegion> regions() {
        return regions;
    }

    AgentDevice device() {
        return device;
    }

    @Override
    public String toString() {
        return "agent '" + name() + "' (" + deviceType() + ", handle " + handle + ")";
    }
}
