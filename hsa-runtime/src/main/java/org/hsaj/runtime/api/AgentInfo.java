package org.hsaj.runtime.api;

/** {@code hsa_agent_info_t}: the attributes {@link HsaRuntime#agentGetInfo} answers, with their HSA values. */
public enum AgentInfo {
    NAME(0), VENDOR_NAME(1), FEATURE(2), MACHINE_MODEL(3), PROFILE(4), DEFAULT_FLOAT_ROUNDING_MODE(5),
    WAVEFRONT_SIZE(6), WORKGROUP_MAX_DIM(7), WORKGROUP_MAX_SIZE(8), GRID_MAX_DIM(9), GRID_MAX_SIZE(10),
    FBARRIER_MAX_SIZE(11), QUEUES_MAX(12), QUEUE_MIN_SIZE(13), QUEUE_MAX_SIZE(14), QUEUE_TYPE(15), NODE(16),
    DEVICE(17), CACHE_SIZE(18), ISA(19), EXTENSIONS(20), VERSION_MAJOR(21), VERSION_MINOR(22);

    private final int value;

    AgentInfo(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static AgentInfo fromValue(int value) {
        for (AgentInfo a : values()) {
            if (a.value == value) {
                return a;
            }
        }
        throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "no agent attribute has the value " + value);
    }
}
