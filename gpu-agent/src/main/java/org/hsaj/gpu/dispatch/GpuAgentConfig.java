package org.hsaj.gpu.dispatch;

import java.util.Properties;
import org.hsaj.gpu.cu.WorkGroupScheduler;

/**
 * Settings of the GPU agent, each with its system property.
 *
 * @param computeUnits {@code hsaj.compute-units}: host threads running work-groups (default: host cores)
 * @param scheduler {@code hsaj.gpu.scheduler}: {@code work-stealing} (default) or {@code round-robin}
 * @param watchdogMillis {@code hsaj.gpu.watchdog-ms}: a dispatch running longer fails (0 = never; default 60000)
 * @param privateBytesPerWorkItem {@code hsaj.gpu.private-bytes}: the most private memory a work-item may use
 */
public record GpuAgentConfig(int computeUnits, WorkGroupScheduler scheduler, long watchdogMillis,
        long privateBytesPerWorkItem) {

    public static GpuAgentConfig fromProperties(Properties p) {
        return new GpuAgentConfig(
                Integer.parseInt(p.getProperty("hsaj.compute-units",
                        Integer.toString(Runtime.getRuntime().availableProcessors()))),
                WorkGroupScheduler.named(p.getProperty("hsaj.gpu.scheduler", "work-stealing")),
                Long.parseLong(p.getProperty("hsaj.gpu.watchdog-ms", "60000")),
                Long.parseLong(p.getProperty("hsaj.gpu.private-bytes", "16384")));
    }

    public GpuAgentConfig withScheduler(WorkGroupScheduler policy) {
        return new GpuAgentConfig(computeUnits, policy, watchdogMillis, privateBytesPerWorkItem);
    }

    public GpuAgentConfig withWatchdogMillis(long millis) {
        return new GpuAgentConfig(computeUnits, scheduler, millis, privateBytesPerWorkItem);
    }

    public GpuAgentConfig withComputeUnits(int count) {
        return new GpuAgentConfig(count, scheduler, watchdogMillis, privateBytesPerWorkItem);
    }
}
