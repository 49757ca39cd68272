package org.hsaj.runtime.api;

/**
 * What an agent tells about itself through {@code hsa_agent_get_info}. Agent devices fill one in; the
 * runtime answers info queries from it.
 *
 * @param features {@code HSA_AGENT_FEATURE_KERNEL_DISPATCH} (1) | {@code AGENT_DISPATCH} (2)
 * @param fullProfile true for HSA full profile (the platform's shared virtual memory makes every agent full profile)
 * @param groupSegmentSize bytes of group (LDS) memory per work-group, 0 for agents without one
 */
public record AgentProperties(String name, String vendor, DeviceType deviceType, int features, boolean fullProfile,
        int wavefrontSize, int[] workgroupMaxDim, int workgroupMaxSize, int[] gridMaxDim, long gridMaxSize,
        int queuesMax, int queueMinSize, int queueMaxSize, int groupSegmentSize, int computeUnits,
        String isaName) {
    public static final int FEATURE_KERNEL_DISPATCH = 1;
    public static final int FEATURE_AGENT_DISPATCH = 2;

    public AgentProperties {
        workgroupMaxDim = workgroupMaxDim.clone();
        gridMaxDim = gridMaxDim.clone();
    }

    @Override
    public int[] workgroupMaxDim() {
        return workgroupMaxDim.clone();
    }

    @Override
    public int[] gridMaxDim() {
        return gridMaxDim.clone();
    }

    public boolean kernelDispatch() {
        return (features & FEATURE_KERNEL_DISPATCH) != 0;
    }

    public boolean agentDispatch() {
        return (features & FEATURE_AGENT_DISPATCH) != 0;
    }
}
