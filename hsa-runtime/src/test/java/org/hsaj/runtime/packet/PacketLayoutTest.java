package org.hsaj.runtime.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Every field of every AQL packet at the byte offset the HSA specification gives it (hsa.h, large
 * model, little-endian), checked by reading the encoded bytes back with a ByteBuffer.
 */
class PacketLayoutTest {
    private final Arena arena = Arena.ofAuto();

    private MemorySegment slot() {
        return arena.allocate(64, 64);
    }

    private static ByteBuffer bytes(MemorySegment slot) {
        return slot.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void headerBitsSitWhereHsaPutsThem() {
        assertEquals(0x1402, PacketHeader.of(PacketType.KERNEL_DISPATCH, false, FenceScope.SYSTEM, FenceScope.SYSTEM).encode());
        assertEquals(0x1502, PacketHeader.of(PacketType.KERNEL_DISPATCH, true, FenceScope.SYSTEM, FenceScope.SYSTEM).encode());
        assertEquals(0x1504, PacketHeader.of(PacketType.AGENT_DISPATCH, true, FenceScope.SYSTEM, FenceScope.SYSTEM).encode());
        assertEquals(0x0A03, PacketHeader.of(PacketType.BARRIER_AND, false, FenceScope.AGENT, FenceScope.AGENT).encode());
        assertEquals(1, PacketHeader.of(PacketType.INVALID, false, FenceScope.NONE, FenceScope.NONE).encode());
        PacketHeader decoded = PacketHeader.decode((short) 0x1505);
        assertEquals(PacketType.BARRIER_OR, decoded.type());
        assertTrue(decoded.barrier());
        assertEquals(FenceScope.SYSTEM, decoded.acquireScope());
        assertEquals(FenceScope.SYSTEM, decoded.releaseScope());
        assertNull(decoded.problem());
    }

    @Test
    void malformedHeadersSayWhatIsWrong() {
        assertEquals("unknown packet type 6", PacketHeader.decode((short) 6).problem());
        assertEquals("reserved acquire fence scope 3", PacketHeader.decode((short) (2 | 3 << 9)).problem());
        assertEquals("reserved release fence scope 3", PacketHeader.decode((short) (2 | 3 << 11)).problem());
        assertEquals("reserved header bits 13-15 set (0x8000)", PacketHeader.decode((short) 0x8002).problem());
        assertFalse(PacketHeader.decode((short) 0x2002).isWellFormed());
        for (int h = 0; h < 0x10000; h++) {
            assertEquals((short) h, PacketHeader.decode((short) h).encode(), "header round trip");
        }
    }

    @Test
    void kernelDispatchFieldsAtSpecOffsets() {
        KernelDispatchPacket p = new KernelDispatchPacket(
                PacketHeader.of(PacketType.KERNEL_DISPATCH, true, FenceScope.SYSTEM, FenceScope.AGENT),
                3, 0x0102, 0x0304, 0x0506, 0x0708, 0x11111111, 0x22222222, 0x33333333, 0x44444444, 0x55555555,
                0x6666666666666666L, 0x7777777777777770L, 0x0102030405060708L, 0x1122334455667788L);
        MemorySegment slot = slot();
        p.encodeBody(slot);
        slot.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 0, p.header().encode());
        ByteBuffer b = bytes(slot);
        assertEquals(p.header().encode(), b.getShort(0));
        assertEquals(3, b.getShort(2));
        assertEquals(0x0102, b.getShort(4));
        assertEquals(0x0304, b.getShort(6));
        assertEquals(0x0506, b.getShort(8));
        assertEquals(0x0708, b.getShort(10));
        assertEquals(0x11111111, b.getInt(12));
        assertEquals(0x22222222, b.getInt(16));
        assertEquals(0x33333333, b.getInt(20));
        assertEquals(0x44444444, b.getInt(24));
        assertEquals(0x55555555, b.getInt(28));
        assertEquals(0x6666666666666666L, b.getLong(32));
        assertEquals(0x7777777777777770L, b.getLong(40));
        assertEquals(0x0102030405060708L, b.getLong(48));
        assertEquals(0x1122334455667788L, b.getLong(56));
        assertEquals(p, KernelDispatchPacket.decode(slot));
        assertEquals(3, p.dimensions());
    }

    @Test
    void barrierFieldsAtSpecOffsets() {
        BarrierPacket p = new BarrierPacket(PacketHeader.of(PacketType.BARRIER_OR, false, FenceScope.NONE, FenceScope.SYSTEM),
                0x0A0B, 0x0C0D0E0F, new long[] {11, 22, 33, 44, 55}, 66, 77);
        MemorySegment slot = slot();
        p.encodeBody(slot);
        slot.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 0, p.header().encode());
        ByteBuffer b = bytes(slot);
        assertEquals(0x0A0B, b.getShort(2));
        assertEquals(0x0C0D0E0F, b.getInt(4));
        for (int i = 0; i < 5; i++) {
            assertEquals(11L * (i + 1), b.getLong(8 + 8 * i));
        }
        assertEquals(66, b.getLong(48));
        assertEquals(77, b.getLong(56));
        assertEquals(p, BarrierPacket.decode(slot));
    }

    @Test
    void agentDispatchFieldsAtSpecOffsets() {
        AgentDispatchPacket p = new AgentDispatchPacket(
                PacketHeader.of(PacketType.AGENT_DISPATCH, true, FenceScope.SYSTEM, FenceScope.SYSTEM),
                0x8000, 0x12345678, 0xABCDEF00L, new long[] {101, 102, 103, 104}, 5, 0xFEED);
        MemorySegment slot = slot();
        p.encodeBody(slot);
        slot.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 0, p.header().encode());
        ByteBuffer b = bytes(slot);
        assertEquals(0x80001504, b.getInt(0), "header and type as one 32-bit word");
        assertEquals(0x12345678, b.getInt(4));
        assertEquals(0xABCDEF00L, b.getLong(8));
        assertEquals(101, b.getLong(16));
        assertEquals(102, b.getLong(24));
        assertEquals(103, b.getLong(32));
        assertEquals(104, b.getLong(40));
        assertEquals(5, b.getLong(48));
        assertEquals(0xFEED, b.getLong(56));
        assertEquals(p, AgentDispatchPacket.decode(slot));
    }
}
