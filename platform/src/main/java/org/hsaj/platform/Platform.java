package org.hsaj.platform;

import java.util.List;
import org.hsaj.gpu.dispatch.GpuAgent;
import org.hsaj.gpu.dispatch.GpuAgentConfig;
import org.hsaj.runtime.api.HsaConfig;
import org.hsaj.runtime.api.HsaRuntime;

/**
 * Assembles an hsaj platform: the shared virtual memory and HSA runtime with their agents. The one
 * place that knows which agent implementations exist.
 */
public final class Platform {
    private Platform() {
    }

    /** A platform with the settings of the {@code hsaj.*} system properties, initialized. */
    public static HsaRuntime createDefault() {
        return create(HsaConfig.fromProperties(System.getProperties()),
                GpuAgentConfig.fromProperties(System.getProperties()));
    }

    /** A platform with the given settings, initialized ({@code hsa_init} done once). */
    public static HsaRuntime create(HsaConfig config, GpuAgentConfig gpu) {
        HsaRuntime runtime = HsaRuntime.create(config, List.of(context -> new GpuAgent(context, gpu)));
        runtime.init();
        return runtime;
    }
}
