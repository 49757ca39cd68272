package org.hsaj.runtime.packet;

/**
 * A decoded 64-byte AQL packet. Records of this interface are pure values: decoding reads every field
 * exactly as HSA lays it out (little-endian), encoding writes them back, nothing is validated here.
 */
public sealed interface AqlPacket permits KernelDispatchPacket, BarrierPacket, AgentDispatchPacket {
    /** Every AQL packet is 64 bytes. */
    int SIZE = 64;
    /** Every packet type keeps its completion signal handle at this offset. */
    int COMPLETION_SIGNAL_OFFSET = 56;

    PacketHeader header();

    /** The completion signal handle, 0 for none. */
    long completionSignal();

    /** Writes every byte of the packet except the 16-bit header (which is published last) into {@code slot}. */
    void encodeBody(java.lang.foreign.MemorySegment slot);
}
