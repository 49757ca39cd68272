package org.hsaj.runtime.packet;

import static org.hsaj.runtime.memory.SharedVirtualMemory.INT;
import static org.hsaj.runtime.memory.SharedVirtualMemory.LONG;
import static org.hsaj.runtime.memory.SharedVirtualMemory.SHORT;

import java.lang.foreign.MemorySegment;

/** {@code hsa_kernel_dispatch_packet_t}: launches a kernel over a grid of work-items. */
public record KernelDispatchPacket(PacketHeader header, int setup, int workgroupSizeX, int workgroupSizeY,
        int workgroupSizeZ, int reserved0, int gridSizeX, int gridSizeY, int gridSizeZ, int privateSegmentSize,
        int groupSegmentSize, long kernelObject, long kernargAddress, long reserved2, long completionSignal)
        implements AqlPacket {
    public static final int SETUP = 2;
    public static final int WORKGROUP_SIZE_X = 4;
    public static final int WORKGROUP_SIZE_Y = 6;
    public static final int WORKGROUP_SIZE_Z = 8;
    public static final int RESERVED0 = 10;
    public static final int GRID_SIZE_X = 12;
    public static final int GRID_SIZE_Y = 16;
    public static final int GRID_SIZE_Z = 20;
    public static final int PRIVATE_SEGMENT_SIZE = 24;
    public static final int GROUP_SEGMENT_SIZE = 28;
    public static final int KERNEL_OBJECT = 32;
    public static final int KERNARG_ADDRESS = 40;
    public static final int RESERVED2 = 48;
    /** Bits 0-1 of {@code setup}: the number of dimensions. */
    public static final int SETUP_DIMENSIONS_MASK = 3;

    /** A dispatch with reserved fields zero; sizes of unused dimensions must be 1. */
    public static KernelDispatchPacket of(PacketHeader header, int dimensions, int[] workgroupSize, int[] gridSize,
            int privateSegmentSize, int groupSegmentSize, long kernelObject, long kernargAddress,
            long completionSignal) {
        return new KernelDispatchPacket(header, dimensions, workgroupSize[0], workgroupSize[1], workgroupSize[2], 0,
                gridSize[0], gridSize[1], gridSize[2], privateSegmentSize, groupSegmentSize, kernelObject,
                kernargAddress, 0, completionSignal);
    }

    public static KernelDispatchPacket decode(MemorySegment slot) {
        return new KernelDispatchPacket(PacketHeader.decode(slot.get(SHORT, 0)),
                Short.toUnsignedInt(slot.get(SHORT, SETUP)),
                Short.toUnsignedInt(slot.get(SHORT, WORKGROUP_SIZE_X)),
                Short.toUnsignedInt(slot.get(SHORT, WORKGROUP_SIZE_Y)),
                Short.toUnsignedInt(slot.get(SHORT, WORKGROUP_SIZE_Z)),
                Short.toUnsignedInt(slot.get(SHORT, RESERVED0)),
                slot.get(INT, GRID_SIZE_X), slot.get(INT, GRID_SIZE_Y), slot.get(INT, GRID_SIZE_Z),
                slot.get(INT, PRIVATE_SEGMENT_SIZE), slot.get(INT, GROUP_SEGMENT_SIZE),
                slot.get(LONG, KERNEL_OBJECT), slot.get(LONG, KERNARG_ADDRESS), slot.get(LONG, RESERVED2),
                slot.get(LONG, COMPLETION_SIGNAL_OFFSET));
    }

    @Override
    public void encodeBody(MemorySegment slot) {
        slot.set(SHORT, SETUP, (short) setup);
        slot.set(SHORT, WORKGROUP_SIZE_X, (short) workgroupSizeX);
        slot.set(SHORT, WORKGROUP_SIZE_Y, (short) workgroupSizeY);
        slot.set(SHORT, WORKGROUP_SIZE_Z, (short) workgroupSizeZ);
        slot.set(SHORT, RESERVED0, (short) reserved0);
        slot.set(INT, GRID_SIZE_X, gridSizeX);
        slot.set(INT, GRID_SIZE_Y, gridSizeY);
        slot.set(INT, GRID_SIZE_Z, gridSizeZ);
        slot.set(INT, PRIVATE_SEGMENT_SIZE, privateSegmentSize);
        slot.set(INT, GROUP_SEGMENT_SIZE, groupSegmentSize);
        slot.set(LONG, KERNEL_OBJECT, kernelObject);
        slot.set(LONG, KERNARG_ADDRESS, kernargAddress);
        slot.set(LONG, RESERVED2, reserved2);
        slot.set(LONG, COMPLETION_SIGNAL_OFFSET, completionSignal);
    }

    /** The number of dimensions from {@code setup} (1..3 when valid). */
    public int dimensions() {
        return setup & SETUP_DIMENSIONS_MASK;
    }

    /** Unsigned grid size along {@code axis} (0 = x). */
    public long gridSize(int axis) {
        return Integer.toUnsignedLong(switch (axis) {
            case 0 -> gridSizeX;
            case 1 -> gridSizeY;
            default -> gridSizeZ;
        });
    }

    /** Work-group size along {@code axis} (0 = x). */
    public int workgroupSize(int axis) {
        return switch (axis) {
            case 0 -> workgroupSizeX;
            case 1 -> workgroupSizeY;
            default -> workgroupSizeZ;
        };
    }
}
