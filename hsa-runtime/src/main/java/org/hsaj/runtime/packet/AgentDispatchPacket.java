package org.hsaj.runtime.packet;

import static org.hsaj.runtime.memory.SharedVirtualMemory.INT;
import static org.hsaj.runtime.memory.SharedVirtualMemory.LONG;
import static org.hsaj.runtime.memory.SharedVirtualMemory.SHORT;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * {@code hsa_agent_dispatch_packet_t}: asks the consuming agent to run the function numbered
 * {@code type} with four 64-bit arguments, writing its result at {@code returnAddress}.
 */
public record AgentDispatchPacket(PacketHeader header, int type, int reserved0, long returnAddress, long[] args,
        long reserved2, long completionSignal) implements AqlPacket {
    public static final int TYPE = 2;
    public static final int RESERVED0 = 4;
    public static final int RETURN_ADDRESS = 8;
    public static final int ARG = 16;
    public static final int ARGS = 4;
    public static final int RESERVED2 = 48;

    public AgentDispatchPacket {
        if (args.length != ARGS) {
            throw new IllegalArgumentException("an agent dispatch packet has exactly 4 arguments");
        }
        args = args.clone();
    }

    public static AgentDispatchPacket decode(MemorySegment slot) {
        long[] args = new long[ARGS];
        for (int i = 0; i < ARGS; i++) {
            args[i] = slot.get(LONG, ARG + 8L * i);
        }
        return new AgentDispatchPacket(PacketHeader.decode(slot.get(SHORT, 0)), Short.toUnsignedInt(slot.get(SHORT, TYPE)),
                slot.get(INT, RESERVED0), slot.get(LONG, RETURN_ADDRESS), args, slot.get(LONG, RESERVED2),
                slot.get(LONG, COMPLETION_SIGNAL_OFFSET));
    }

    @Override
    public void encodeBody(MemorySegment slot) {
        slot.set(SHORT, TYPE, (short) type);
        slot.set(INT, RESERVED0, reserved0);
        slot.set(LONG, RETURN_ADDRESS, returnAddress);
        for (int i = 0; i < ARGS; i++) {
            slot.set(LONG, ARG + 8L * i, args[i]);
        }
        slot.set(LONG, RESERVED2, reserved2);
        slot.set(LONG, COMPLETION_SIGNAL_OFFSET, completionSignal);
    }

    @Override
    public long[] args() {
        return args.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentDispatchPacket a && header.equals(a.header) && type == a.type
                && reserved0 == a.reserved0 && returnAddress == a.returnAddress && Arrays.equals(args, a.args)
                && reserved2 == a.reserved2 && completionSignal == a.completionSignal;
    }

    @Override
    public int hashCode() {
        return header.hashCode() * 31 + type + Arrays.hashCode(args) + Long.hashCode(completionSignal);
    }

    @Override
    public String toString() {
        return "AgentDispatchPacket[" + header + ", type=" + type + ", args=" + Arrays.toString(args)
                + ", return=" + returnAddress + ", completion=" + completionSignal + "]";
    }
}
