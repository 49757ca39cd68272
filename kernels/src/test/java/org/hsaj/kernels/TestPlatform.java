package org.hsaj.kernels;

import java.util.List;
import org.hsaj.gpu.cu.WorkStealingWorkGroupScheduler;
import org.hsaj.gpu.dispatch.GpuAgent;
import org.hsaj.gpu.dispatch.GpuAgentConfig;
import org.hsaj.runtime.api.HsaConfig;
import org.hsaj.runtime.api.HsaRuntime;

/** The platform the sample tests run on: the default one, with a watchdog that ends a hung kernel. */
final class TestPlatform {
    private TestPlatform() {
    }

    static HsaRuntime create() {
        GpuAgentConfig gpu = new GpuAgentConfig(Runtime.getRuntime().availableProcessors(),
                new WorkStealingWorkGroupScheduler(), 120_000, 16 * 1024);
        HsaRuntime runtime = HsaRuntime.create(HsaConfig.defaults(), List.of(c -> new GpuAgent(c, gpu)));
        runtime.init();
        return runtime;
    }
}
