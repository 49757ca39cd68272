package org.hsaj.runtime.packet;

import static org.hsaj.runtime.memory.SharedVirtualMemory.INT;
import static org.hsaj.runtime.memory.SharedVirtualMemory.LONG;
import static org.hsaj.runtime.memory.SharedVirtualMemory.SHORT;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * {@code hsa_barrier_and_packet_t} / {@code hsa_barrier_or_packet_t} (the same bytes; the header type
 * tells them apart). AND completes when every dependency signal is 0 (a 0 handle counts as satisfied);
 * OR when any one is 0 (a 0 handle never satisfies it).
 */
public record BarrierPacket(PacketHeader header, int reserved0, int reserved1, long[] dependencySignals,
        long reserved2, long completionSignal) implements AqlPacket {
    public static final int RESERVED0 = 2;
    public static final int RESERVED1 = 4;
    public static final int DEP_SIGNAL = 8;
    public static final int DEPENDENCIES = 5;
    public static final int RESERVED2 = 48;

    public BarrierPacket {
        if (dependencySignals.length != DEPENDENCIES) {
            throw new IllegalArgumentException("a barrier packet has exactly 5 dependency signal slots");
        }
        dependencySignals = dependencySignals.clone();
    }

    /** A barrier with reserved fields zero; {@code dependencies} (up to 5) fill the first slots. */
    public static BarrierPacket of(PacketHeader header, long completionSignal, long... dependencies) {
        if (dependencies.length > DEPENDENCIES) {
            throw new IllegalArgumentException("a barrier packet waits on at most 5 signals, got " + dependencies.length);
        }
        return new BarrierPacket(header, 0, 0, Arrays.copyOf(dependencies, DEPENDENCIES), 0, completionSignal);
    }

    public static BarrierPacket decode(MemorySegment slot) {
        long[] deps = new long[DEPENDENCIES];
        for (int i = 0; i < DEPENDENCIES; i++) {
            deps[i] = slot.get(LONG, DEP_SIGNAL + 8L * i);
        }
        return new BarrierPacket(PacketHeader.decode(slot.get(SHORT, 0)), Short.toUnsignedInt(slot.get(SHORT, RESERVED0)),
                slot.get(INT, RESERVED1), deps, slot.get(LONG, RESERVED2), slot.get(LONG, COMPLETION_SIGNAL_OFFSET));
    }

    @Override
    public void encodeBody(MemorySegment slot) {
        slot.set(SHORT, RESERVED0, (short) reserved0);
        slot.set(INT, RESERVED1, reserved1);
        for (int i = 0; i < DEPENDENCIES; i++) {
            slot.set(LONG, DEP_SIGNAL + 8L * i, dependencySignals[i]);
        }
        slot.set(LONG, RESERVED2, reserved2);
        slot.set(LONG, COMPLETION_SIGNAL_OFFSET, completionSignal);
    }

    @Override
    public long[] dependencySignals() {
        return dependencySignals.clone();
    }

    /** Dependency handle {@code i} (0..4). */
    public long dependencySignal(int i) {
        return dependencySignals[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BarrierPacket b && header.equals(b.header) && reserved0 == b.reserved0
                && reserved1 == b.reserved1 && Arrays.equals(dependencySignals, b.dependencySignals)
                && reserved2 == b.reserved2 && completionSignal == b.completionSignal;
    }

    @Override
    public int hashCode() {
        return header.hashCode() * 31 + Arrays.hashCode(dependencySignals) + Long.hashCode(completionSignal);
    }

    @Override
    public String toString() {
        return "BarrierPacket[" + header + ", deps=" + Arrays.toString(dependencySignals) + ", completion="
                + completionSignal + "]";
    }
}
