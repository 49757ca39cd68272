package org.hsaj.gpu.dispatch;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hsaj.runtime.api.AgentDevice;
import org.hsaj.runtime.api.AgentProperties;
import org.hsaj.runtime.api.DeviceType;
import org.hsaj.runtime.api.PlatformContext;
import org.hsaj.runtime.queue.QueueErrorCallback;
import org.hsaj.runtime.queue.UserModeQueue;

/**
 * The GPU agent (an HSA kernel agent): one packet processor thread per queue; kernel dispatches run on
 * its compute units (or by a {@link KernelExecutor} given to it), agent dispatches by registered
 * {@link AgentFunction}s; finalized kernels become kernel objects with {@link #registerKernel}.
 *
 * <p>Threading: {@link #attach} and {@link #registerAgentFunction} may be called from any thread.
 */
public final class GpuAgent implements AgentDevice {
    /** Work-items per wavefront, as HSAIL's WAVESIZE and the cross-lane operations see it. */
    public static final int WAVEFRONT_SIZE = org.hsaj.hsail.exec.CompiledKernel.WAVEFRONT_SIZE;
    /** Bytes of group memory a work-group may use. */
    public static final int GROUP_SEGMENT_SIZE = 64 * 1024;

    private final PlatformContext context;
    private final AgentProperties properties;
    private final KernelExecutor executor;
    private final KernelObjectTable kernels;
    private final DispatchExecutor computeUnitExecutor;
    private final Map<Integer, AgentFunction> agentFunctions = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Thread> processors = new CopyOnWriteArrayList<>();

    /** A GPU agent whose kernel dispatches run on its own compute units. */
    public GpuAgent(PlatformContext context, GpuAgentConfig config) {
        this(context, null, config);
    }

    /** A GPU agent whose kernel dispatches all go to {@code executor} (tests, benchmarks of the queue alone). */
    public GpuAgent(PlatformContext context, KernelExecutor executor, int computeUnits) {
        this(context, executor, new GpuAgentConfig(computeUnits, new org.hsaj.gpu.cu.WorkStealingWorkGroupScheduler(),
                0, 0));
    }

    private GpuAgent(PlatformContext context, KernelExecutor executor, GpuAgentConfig config) {
        int computeUnits = config.computeUnits();
        this.context = context;
        this.kernels = new KernelObjectTable(context.memory());
        if (executor == null) {
            org.hsaj.gpu.cu.ComputeUnits units = new org.hsaj.gpu.cu.ComputeUnits(computeUnits, context.memory(),
                    GROUP_SEGMENT_SIZE, config.privateBytesPerWorkItem() * 1024);
            this.computeUnitExecutor = new DispatchExecutor(context.memory(), kernels, units, config.scheduler(),
                    config.watchdogMillis());
            this.executor = computeUnitExecutor;
        } else {
            this.computeUnitExecutor = null;
            this.executor = executor;
        }
        this.properties = new AgentProperties("hsaj GPU", "hsaj", DeviceType.GPU,
                AgentProperties.FEATURE_KERNEL_DISPATCH | AgentProperties.FEATURE_AGENT_DISPATCH, true,
                WAVEFRONT_SIZE, new int[] {1024, 1024, 1024}, 1024, new int[] {-1, -1, -1}, 0xFFFF_FFFFL,
                64, 4, context.config().queueMaxSize(), GROUP_SEGMENT_SIZE, computeUnits, "hsaj:gpu:hsail-1.0");
    }

    @Override
    public AgentProperties properties() {
        return properties;
    }

    /** Makes a finalized kernel dispatchable: returns the kernel object handle packets name it by. */
    public long registerKernel(org.hsaj.hsail.exec.CompiledKernel kernel) {
        return kernels.register(kernel);
    }

    /** Makes agent dispatch packets of type {@code type} call {@code function}. */
    public void registerAgentFunction(int type, AgentFunction function) {
        if (type < 0 || type > 0xFFFF) {
            throw new IllegalArgumentException("agent dispatch type must fit 16 bits, got " + type);
        }
        agentFunctions.put(type, function);
    }

    @Override
    public AutoCloseable attach(UserModeQueue queue, QueueErrorCallback errors) {
        PacketValidator validator = new PacketValidator(properties, context.signals(), agentFunctions::containsKey);
        PacketProcessor processor = new PacketProcessor(queue, errors, context.signals(), validator, executor,
                agentFunctions, context.config());
        Thread thread = Thread.ofPlatform().daemon().name("hsaj-queue-" + queue.id()).unstarted(processor);
        processors.add(thread);
        thread.start();
        return () -> {
            queue.inactivate();
            if (thread != Thread.currentThread()) {
                thread.join();
            }
            processors.remove(thread);
        };
    }

    @Override
    public void shutDown() {
        if (computeUnitExecutor != null) {
            computeUnitExecutor.close();
        }
        for (Thread t : processors) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
