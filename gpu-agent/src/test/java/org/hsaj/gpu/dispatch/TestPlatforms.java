package org.hsaj.gpu.dispatch;

import java.util.List;
import org.hsaj.gpu.cu.WorkGroupScheduler;
import org.hsaj.runtime.api.HsaConfig;
import org.hsaj.runtime.api.HsaRuntime;

/** Initialized runtimes with one GPU agent over a 1 GiB address space, for tests that dispatch kernels. */
public final class TestPlatforms {
    private TestPlatforms() {
    }

    /** A GPU agent with {@code computeUnits} compute units and 1 KiB of private memory per work-item. */
    public static HsaRuntime withGpu(int computeUnits, WorkGroupScheduler scheduler, long watchdogMillis) {
        GpuAgentConfig config = new GpuAgentConfig(computeUnits, scheduler, watchdogMillis, 1024);
        HsaRuntime rt = HsaRuntime.create(HsaConfig.defaults().withAddressSpaceSize(1L << 30),
                List.of(c -> new GpuAgent(c, config)));
        rt.init();
        return rt;
    }
}
