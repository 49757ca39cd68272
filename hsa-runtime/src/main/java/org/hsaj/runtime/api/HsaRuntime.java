package org.hsaj.runtime.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.hsaj.runtime.memory.AccessKind;
import org.hsaj.runtime.memory.MemoryRegion;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.RegionSegment;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.hsaj.runtime.queue.QueueErrorCallback;
import org.hsaj.runtime.queue.QueueLayout;
import org.hsaj.runtime.queue.QueueType;
import org.hsaj.runtime.queue.UserModeQueue;
import org.hsaj.runtime.signal.Signal;
import org.hsaj.runtime.signal.SignalTable;

/**
 * The HSA runtime API of one platform, with the HSA function names in Java form
 * ({@code hsa_agent_get_info} is {@link #agentGetInfo}). Every call but {@link #init} fails with
 * ERROR_NOT_INITIALIZED until {@link #init} has been called; {@link #shutDown} undoes one {@code init}
 * (reference counted, as in HSA). {@link #close} tears the platform down for good.
 *
 * <p>Threading: every method is safe from any thread.
 */
public final class HsaRuntime implements AutoCloseable {
    /** HSA system timestamps are nanoseconds. */
    public static final long TIMESTAMP_FREQUENCY = 1_000_000_000L;
    private static final int MAX_REFERENCES = Integer.MAX_VALUE - 1;

    private final HsaConfig config;
    private final SharedVirtualMemory memory;
    private final MemoryRegion fineGrained;
    private final MemoryRegion coarseGrained;
    private final SignalTable signals;
    private final List<Agent> agents = new ArrayList<>();
    private final Map<Long, QueueRecord> queues = new ConcurrentHashMap<>();
    private final AtomicLong nextQueueId = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private int references;

    private record QueueRecord(UserModeQueue queue, AutoCloseable consumer, long allocation) {
    }

    private HsaRuntime(HsaConfig config) {
        this.config = config;
        this.memory = SharedVirtualMemory.reserve(config.addressSpaceSize());
        this.fineGrained = MemoryRegion.global("system fine-grained",
                MemoryRegion.FLAG_FINE_GRAINED | MemoryRegion.FLAG_KERNARG, config.globalRegionSize(), memory);
        this.coarseGrained = MemoryRegion.global("system coarse-grained", MemoryRegion.FLAG_COARSE_GRAINED,
                config.globalRegionSize(), memory);
        this.signals = new SignalTable(memory, fineGrained, config.waitStrategy(), closed::get);
    }

    /**
     * Builds a platform: reserves its shared virtual memory, then creates each agent device from its
     * factory, in order (the order of {@link #agents()}).
     */
    public static HsaRuntime create(HsaConfig config, List<Function<PlatformContext, AgentDevice>> devices) {
        HsaRuntime runtime = new HsaRuntime(config);
        PlatformContext context = new PlatformContext(runtime.memory, runtime.signals, config);
        long handle = 0x100;
        for (Function<PlatformContext, AgentDevice> factory : devices) {
            AgentDevice device = factory.apply(context);
            List<MemoryRegion> regions = new ArrayList<>(List.of(runtime.fineGrained, runtime.coarseGrained));
            if (device.properties().groupSegmentSize() > 0) {
                regions.add(MemoryRegion.fixed("group", RegionSegment.GROUP, device.properties().groupSegmentSize()));
            }
            runtime.agents.add(new Agent(handle++, device, regions));
        }
        return runtime;
    }

    // ---- init / system ------------------------------------------------------------------------

    /** {@code hsa_init}. */
    public synchronized void init() {
        if (closed.get()) {
            throw new HsaException(HsaStatus.ERROR_NOT_INITIALIZED, "the platform has been closed");
        }
        if (references == MAX_REFERENCES) {
            throw new HsaException(HsaStatus.ERROR_REFCOUNT_OVERFLOW, "hsa_init called " + MAX_REFERENCES + " times");
        }
        references++;
    }

    /** {@code hsa_shut_down}: undoes one {@link #init}. */
    public synchronized void shutDown() {
        requireInitialized();
        references--;
    }

    public synchronized boolean isInitialized() {
        return references > 0 && !closed.get();
    }

    private void requireInitialized() {
        if (!isInitialized()) {
            throw new HsaException(HsaStatus.ERROR_NOT_INITIALIZED, "hsa_init has not been called");
        }
    }

    /** {@code hsa_system_get_info}. Timestamps are nanoseconds. */
    public Object systemGetInfo(SystemInfo attribute) {
        requireInitialized();
        return switch (attribute) {
            case VERSION_MAJOR -> 1;
            case VERSION_MINOR -> 0;
            case TIMESTAMP -> System.nanoTime();
            case TIMESTAMP_FREQUENCY -> TIMESTAMP_FREQUENCY;
            case SIGNAL_MAX_WAIT -> Long.MAX_VALUE;
            case ENDIANNESS -> 0;
            case MACHINE_MODEL -> 1;
            case EXTENSIONS -> new byte[128];
        };
    }

    public HsaConfig config() {
        return config;
    }

    /** The platform's shared virtual memory. */
    public SharedVirtualMemory memory() {
        return memory;
    }

    // ---- agents and regions -------------------------------------------------------------------

    public List<Agent> agents() {
        requireInitialized();
        return List.copyOf(agents);
    }

    /**
     * {@code hsa_iterate_agents}: calls {@code callback} for each agent until it returns something other
     * than SUCCESS; returns SUCCESS, or what the callback returned (INFO_BREAK stops without error).
     */
    public HsaStatus iterateAgents(Function<Agent, HsaStatus> callback) {
        return iterate(agents(), callback);
    }

    /** The first agent of the given device type. */
    public Agent findAgent(DeviceType type) {
        return agents().stream().filter(a -> a.deviceType() == type).findFirst().orElseThrow(() ->
                new HsaException(HsaStatus.ERROR_INVALID_AGENT, "this platform has no " + type + " agent"));
    }

    /** The device behind {@code agent}: for the platform's wiring (registering agent functions, executors). */
    public AgentDevice device(Agent agent) {
        requireAgent(agent);
        return agent.device();
    }

    /** {@code hsa_agent_get_info}. */
    public Object agentGetInfo(Agent agent, AgentInfo attribute) {
        requireAgent(agent);
        AgentProperties p = agent.properties();
        return switch (attribute) {
            case NAME -> p.name();
            case VENDOR_NAME -> p.vendor();
            case FEATURE -> p.features();
            case MACHINE_MODEL -> 1;
            case PROFILE -> p.fullProfile() ? 1 : 0;
            case DEFAULT_FLOAT_ROUNDING_MODE -> 2;
            case WAVEFRONT_SIZE -> p.wavefrontSize();
            case WORKGROUP_MAX_DIM -> p.workgroupMaxDim();
            case WORKGROUP_MAX_SIZE -> p.workgroupMaxSize();
            case GRID_MAX_DIM -> p.gridMaxDim();
            case GRID_MAX_SIZE -> p.gridMaxSize();
            case FBARRIER_MAX_SIZE -> 0;
            case QUEUES_MAX -> p.queuesMax();
            case QUEUE_MIN_SIZE -> p.queueMinSize();
            case QUEUE_MAX_SIZE -> p.queueMaxSize();
            case QUEUE_TYPE -> QueueType.MULTI.value();
            case NODE -> agents.indexOf(agent);
            case DEVICE -> p.deviceType().ordinal();
            case CACHE_SIZE -> new int[4];
            case ISA -> p.isaName();
            case EXTENSIONS -> new byte[128];
            case VERSION_MAJOR -> 1;
            case VERSION_MINOR -> 0;
        };
    }

    /** {@code hsa_agent_iterate_regions}. */
    public HsaStatus agentIterateRegions(Agent agent, Function<MemoryRegion, HsaStatus> callback) {
        requireAgent(agent);
        return iterate(agent.regions(), callback);
    }

    /** {@code hsa_region_get_info}. */
    public Object regionGetInfo(MemoryRegion region, RegionInfo attribute) {
        requireInitialized();
        return switch (attribute) {
            case SEGMENT -> region.segment().value();
            case GLOBAL_FLAGS -> region.globalFlags();
            case SIZE -> region.size();
            case ALLOC_MAX_SIZE -> region.allocationMaxSize();
            case RUNTIME_ALLOC_ALLOWED -> region.runtimeAllocationAllowed();
            case RUNTIME_ALLOC_GRANULE -> region.allocationGranule();
            case RUNTIME_ALLOC_ALIGNMENT -> region.allocationAlignment();
        };
    }

    /** The global region with all of {@code flags} ({@link MemoryRegion}'s FLAG_* bits) that {@code agent} reaches. */
    public MemoryRegion findRegion(Agent agent, int flags) {
        requireAgent(agent);
        return agent.regions().stream()
                .filter(r -> r.segment() == RegionSegment.GLOBAL && (r.globalFlags() & flags) == flags)
                .findFirst().orElseThrow(() -> new HsaException(HsaStatus.ERROR_INVALID_REGION,
                        agent + " has no global region with flags " + flags));
    }

    private void requireAgent(Agent agent) {
        requireInitialized();
        if (agent == null || !agents.contains(agent)) {
            throw new HsaException(HsaStatus.ERROR_INVALID_AGENT, "not an agent of this platform: " + agent);
        }
    }

    private static <T> HsaStatus iterate(List<T> items, Function<T, HsaStatus> callback) {
        for (T item : items) {
            HsaStatus status = callback.apply(item);
            if (status != HsaStatus.SUCCESS) {
                return status;
            }
        }
        return HsaStatus.SUCCESS;
    }

    // ---- memory -------------------------------------------------------------------------------

    /** {@code hsa_memory_allocate}: returns the address of {@code size} zeroed bytes. */
    public long memoryAllocate(MemoryRegion region, long size) {
        requireInitialized();
        if (region != fineGrained && region != coarseGrained) {
            throw new HsaException(region.runtimeAllocationAllowed() ? HsaStatus.ERROR_INVALID_REGION
                    : HsaStatus.ERROR_INVALID_ALLOCATION, region + " cannot be allocated from");
        }
        return region.allocate(size);
    }

    /** {@code hsa_memory_free}. Freeing 0 does nothing, as in HSA. */
    public void memoryFree(long address) {
        requireInitialized();
        if (address == 0) {
            return;
        }
        for (MemoryRegion region : List.of(fineGrained, coarseGrained)) {
            if (region.owns(address)) {
                region.free(address);
                return;
            }
        }
        throw new HsaException(HsaStatus.ERROR_INVALID_ALLOCATION,
                String.format("0x%x was not returned by memoryAllocate (or was freed already)", address));
    }

    /** {@code hsa_memory_copy}. */
    public void memoryCopy(long destination, long source, long size) {
        requireInitialized();
        checkRange(source, size, AccessKind.READ);
        checkRange(destination, size, AccessKind.WRITE);
        memory.copy(destination, source, size);
    }

    /**
     * {@code hsa_memory_register}: in this platform every mapped page is already visible to every agent
     * (full profile), so registering only checks that the range is mapped read-write.
     */
    public void memoryRegister(long address, long size) {
        requireInitialized();
        checkRange(address, size, AccessKind.WRITE);
    }

    /** {@code hsa_memory_deregister}: the counterpart of {@link #memoryRegister}. */
    public void memoryDeregister(long address, long size) {
        requireInitialized();
        checkRange(address, size, AccessKind.READ);
    }

    private void checkRange(long address, long size, AccessKind kind) {
        if (address == 0 || size < 0
                || !memory.pageTable().allows(address, size, kind == AccessKind.READ ? PageTable.READ : PageTable.WRITE)) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, String.format(
                    "[0x%x, 0x%x) is not mapped %s in the shared virtual memory", address, address + size,
                    kind == AccessKind.READ ? "readable" : "writable"));
        }
    }

    // ---- signals ------------------------------------------------------------------------------

    /** {@code hsa_signal_create}. Consumers are accepted and not restricted (every agent may wait). */
    public Signal signalCreate(long initialValue) {
        requireInitialized();
        return signals.create(initialValue);
    }

    /** {@code hsa_signal_destroy}. */
    public void signalDestroy(Signal signal) {
        requireInitialized();
        signals.destroy(signal.handle());
    }

    /** The live signal of an {@code hsa_signal_t} handle. */
    public Signal signal(long handle) {
        requireInitialized();
        return signals.lookup(handle);
    }

    public SignalTable signals() {
        return signals;
    }

    // ---- queues -------------------------------------------------------------------------------

    /**
     * {@code hsa_queue_create}: a queue of {@code size} packets (a power of two, at most the agent's
     * QUEUE_MAX_SIZE; smaller ones are raised to QUEUE_MIN_SIZE) whose packets the agent consumes
     * from now on. The segment sizes are hints and are ignored.
     */
    public UserModeQueue queueCreate(Agent agent, int size, QueueType type, QueueErrorCallback callback) {
        requireAgent(agent);
        AgentProperties p = agent.properties();
        if (size <= 0 || Integer.bitCount(size) != 1 || size > p.queueMaxSize()) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "queue size " + size
                    + " is not a power of two in [1, " + p.queueMaxSize() + "]");
        }
        if ((p.features() & (AgentProperties.FEATURE_KERNEL_DISPATCH | AgentProperties.FEATURE_AGENT_DISPATCH)) == 0) {
            throw new HsaException(HsaStatus.ERROR_INVALID_QUEUE_CREATION, agent + " consumes no packets");
        }
        long live = queues.values().stream().filter(r -> r.queue.isActive()).count();
        if (live >= p.queuesMax()) {
            throw new HsaException(HsaStatus.ERROR_OUT_OF_RESOURCES, agent + " already has " + live + " queues");
        }
        int packets = Math.max(size, p.queueMinSize());
        long ringBytes = (long) packets * 64;
        long allocation = fineGrained.allocate(ringBytes + QueueLayout.DESCRIPTOR_SIZE);
        long descriptor = allocation + ringBytes;
        Signal doorbell = signals.create(-1);
        UserModeQueue queue = new UserModeQueue(memory, descriptor, allocation, packets, type,
                p.features() & (QueueLayout.FEATURE_KERNEL_DISPATCH | QueueLayout.FEATURE_AGENT_DISPATCH),
                nextQueueId.getAndIncrement(), doorbell, config.waitStrategy());
        AutoCloseable consumer = agent.device().attach(queue, callback == null ? QueueErrorCallback.NONE : callback);
        queues.put(descriptor, new QueueRecord(queue, consumer, allocation));
        return queue;
    }

    /** {@code hsa_queue_inactivate}: the queue stops consuming; producers waiting on it fail. */
    public void queueInactivate(UserModeQueue queue) {
        requireInitialized();
        requireQueue(queue).queue.inactivate();
    }

    /** {@code hsa_queue_destroy}: stops the queue and frees its memory and doorbell. */
    public void queueDestroy(UserModeQueue queue) {
        requireInitialized();
        QueueRecord record = queues.remove(requireQueue(queue).queue.address());
        if (record == null) {
            throw new HsaException(HsaStatus.ERROR_INVALID_QUEUE, queue + " was destroyed already");
        }
        release(record);
    }

    private void release(QueueRecord record) {
        record.queue.inactivate();
        try {
            record.consumer.close();
        } catch (Exception e) {
            throw new HsaException(HsaStatus.ERROR_RESOURCE_FREE, "stopping the consumer of " + record.queue + " failed", e);
        }
        signals.destroy(record.queue.doorbell().handle());
        fineGrained.free(record.allocation);
    }

    private QueueRecord requireQueue(UserModeQueue queue) {
        QueueRecord record = queue == null ? null : queues.get(queue.address());
        if (record == null || record.queue != queue) {
            throw new HsaException(HsaStatus.ERROR_INVALID_QUEUE, "not a live queue of this platform: " + queue);
        }
        return record;
    }

    /** Tears the platform down: stops every queue and agent, wakes every waiter, unmaps the memory. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        signals.wakeAll();
        for (QueueRecord record : List.copyOf(queues.values())) {
            record.queue.inactivate();
            try {
                record.consumer.close();
            } catch (Exception ignored) {
                // Closing anyway: the memory goes away below.
            }
        }
        queues.clear();
        for (Agent agent : agents) {
            agent.device().shutDown();
        }
        memory.close();
    }
}
