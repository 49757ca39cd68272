package org.hsaj.runtime.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.hsaj.runtime.memory.MemoryRegion;
import org.hsaj.runtime.memory.RegionSegment;
import org.hsaj.runtime.queue.QueueErrorCallback;
import org.hsaj.runtime.queue.QueueType;
import org.hsaj.runtime.queue.UserModeQueue;
import org.hsaj.runtime.signal.Signal;
import org.hsaj.runtime.signal.WaitStrategyKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HsaRuntimeTest {
    /** A device that accepts queues and consumes nothing: the API is under test, not a packet processor. */
    private static final class IdleDevice implements AgentDevice {
        final List<UserModeQueue> attached = new ArrayList<>();
        final AgentProperties properties = new AgentProperties("idle", "test", DeviceType.GPU,
                AgentProperties.FEATURE_KERNEL_DISPATCH, true, 64, new int[] {1024, 1024, 1024}, 1024,
                new int[] {-1, -1, -1}, 0xFFFFFFFFL, 2, 4, 4096, 65536, 1, "test-isa");

        @Override
        public AgentProperties properties() {
            return properties;
        }

        @Override
        public AutoCloseable attach(UserModeQueue queue, QueueErrorCallback errors) {
            attached.add(queue);
            return () -> attached.remove(queue);
        }

        @Override
        public void shutDown() {
        }
    }

    private final IdleDevice device = new IdleDevice();
    private final HsaRuntime runtime = HsaRuntime.create(HsaConfig.defaults().withAddressSpaceSize(256L << 20),
            List.of(context -> device));

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void everyCallBeforeInitFailsWithNotInitialized() {
        HsaException e = assertThrows(HsaException.class, runtime::agents);
        assertEquals(HsaStatus.ERROR_NOT_INITIALIZED, e.status());
        assertThrows(HsaException.class, () -> runtime.signalCreate(0));
        assertThrows(HsaException.class, runtime::shutDown);
        runtime.init();
        runtime.init();
        runtime.shutDown();
        assertEquals(1, runtime.agents().size(), "still initialized once");
        runtime.shutDown();
        assertEquals(HsaStatus.ERROR_NOT_INITIALIZED, assertThrows(HsaException.class, runtime::agents).status());
    }

    @Test
    void agentsRegionsAndInfoAnswerWithHsaValues() {
        runtime.init();
        Agent agent = runtime.agents().get(0);
        assertEquals("idle", runtime.agentGetInfo(agent, AgentInfo.NAME));
        assertEquals(1, runtime.agentGetInfo(agent, AgentInfo.DEVICE));
        assertEquals(64, runtime.agentGetInfo(agent, AgentInfo.WAVEFRONT_SIZE));
        assertArrayEquals(new int[] {1024, 1024, 1024}, (int[]) runtime.agentGetInfo(agent, AgentInfo.WORKGROUP_MAX_DIM));
        assertEquals(1, runtime.agentGetInfo(agent, AgentInfo.PROFILE));
        assertEquals(AgentInfo.QUEUE_MAX_SIZE, AgentInfo.fromValue(14));
        assertEquals(1_000_000_000L, runtime.systemGetInfo(SystemInfo.TIMESTAMP_FREQUENCY));
        List<MemoryRegion> regions = new ArrayList<>();
        assertEquals(HsaStatus.SUCCESS, runtime.agentIterateRegions(agent, r -> {
            regions.add(r);
            return HsaStatus.SUCCESS;
        }));
        assertEquals(3, regions.size());
        MemoryRegion kernarg = runtime.findRegion(agent, MemoryRegion.FLAG_KERNARG);
        assertEquals(true, runtime.regionGetInfo(kernarg, RegionInfo.RUNTIME_ALLOC_ALLOWED));
        assertEquals(RegionSegment.GROUP.value(), runtime.regionGetInfo(regions.get(2), RegionInfo.SEGMENT));
        assertEquals(65536L, runtime.regionGetInfo(regions.get(2), RegionInfo.SIZE));
        assertEquals(HsaStatus.INFO_BREAK, runtime.iterateAgents(a -> HsaStatus.INFO_BREAK));
    }

    @Test
    void memoryCallsAllocateCopyFreeAndRejectBadPointers() {
        runtime.init();
        Agent agent = runtime.agents().get(0);
        MemoryRegion region = runtime.findRegion(agent, MemoryRegion.FLAG_COARSE_GRAINED);
        long a = runtime.memoryAllocate(region, 64);
        long b = runtime.memoryAllocate(region, 64);
        runtime.memory().storeLong(a, 99);
        runtime.memoryCopy(b, a, 8);
        assertEquals(99, runtime.memory().loadLong(b));
        runtime.memoryRegister(a, 64);
        runtime.memoryFree(a);
        runtime.memoryFree(0);
        HsaException twice = assertThrows(HsaException.class, () -> runtime.memoryFree(a));
        assertEquals(HsaStatus.ERROR_INVALID_ALLOCATION, twice.status());
        assertEquals(HsaStatus.ERROR_INVALID_ARGUMENT, assertThrows(HsaException.class,
                () -> runtime.memoryCopy(b, a, 8)).status());
        MemoryRegion group = agent.regions().get(2);
        assertThrows(HsaException.class, () -> runtime.memoryAllocate(group, 16));
    }

    @Test
    void queueCreationChecksItsArgumentsAndHandsTheQueueToTheAgent() {
        runtime.init();
        Agent agent = runtime.agents().get(0);
        assertEquals(HsaStatus.ERROR_INVALID_ARGUMENT,
                assertThrows(HsaException.class, () -> runtime.queueCreate(agent, 100, QueueType.MULTI, null)).status());
        assertEquals(HsaStatus.ERROR_INVALID_ARGUMENT,
                assertThrows(HsaException.class, () -> runtime.queueCreate(agent, 8192, QueueType.MULTI, null)).status());
        UserModeQueue small = runtime.queueCreate(agent, 1, QueueType.SINGLE, null);
        assertEquals(4, small.size(), "raised to QUEUE_MIN_SIZE");
        assertEquals(List.of(small), device.attached);
        UserModeQueue second = runtime.queueCreate(agent, 64, QueueType.MULTI, null);
        assertEquals(HsaStatus.ERROR_OUT_OF_RESOURCES,
                assertThrows(HsaException.class, () -> runtime.queueCreate(agent, 64, QueueType.MULTI, null)).status());
        runtime.queueDestroy(small);
        assertTrue(!small.isActive() && device.attached.equals(List.of(second)));
        assertEquals(HsaStatus.ERROR_INVALID_QUEUE, assertThrows(HsaException.class, () -> runtime.queueDestroy(small)).status());
        Signal s = runtime.signalCreate(5);
        assertEquals(s, runtime.signal(s.handle()));
        runtime.signalDestroy(s);
        assertEquals(HsaStatus.ERROR_INVALID_SIGNAL, assertThrows(HsaException.class, () -> runtime.signal(s.handle())).status());
    }

    @Test
    void settingsComeFromProperties() {
        Properties p = new Properties();
        p.setProperty("hsaj.address-space", "16g");
        p.setProperty("hsaj.wait-strategy", "yielding");
        p.setProperty("hsaj.invalid-packet-grace-ms", "250");
        HsaConfig c = HsaConfig.fromProperties(p);
        assertEquals(16L << 30, c.addressSpaceSize());
        assertEquals(WaitStrategyKind.YIELDING, c.waitStrategy());
        assertEquals(250, c.invalidPacketGraceMillis());
        p.setProperty("hsaj.global-region", "lots");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HsaConfig.fromProperties(p));
        assertEquals("setting hsaj.global-region='lots' is not a size (expected digits with an optional k, m or g)",
                e.getMessage());
    }

    @Test
    void statusCodesHaveTheSpecificationValues() {
        assertEquals(0x1009, HsaStatus.ERROR_INVALID_PACKET_FORMAT.code());
        assertEquals(0x1017, HsaStatus.ERROR_INVALID_ISA_NAME.code());
        assertEquals(0x2005, HsaStatus.EXT_ERROR_FINALIZATION_FAILED.code());
        assertEquals(HsaStatus.ERROR_INVALID_SIGNAL, HsaStatus.fromCode(0x1006));
        assertThrows(IllegalArgumentException.class, () -> HsaStatus.fromCode(0x3000));
    }
}
