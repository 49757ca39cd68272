package org.hsaj.runtime.queue;

/**
 * The bytes of a queue descriptor in shared virtual memory. The {@code hsa_queue_t*} a program gets is
 * the descriptor's address; the first 40 bytes are {@code hsa_queue_t} exactly as HSA defines it, and
 * the two 64-bit packet indices follow at fixed offsets, each on a cache line of its own (the write
 * index is hammered by producers, the read index by the packet processor). Guest programs, the guest
 * HSA library and HSAIL queue instructions ({@code ldqueuereadindex}, {@code addqueuewriteindex}, ...)
 * read these same offsets.
 *
 * <pre>
 *  offset  size  field
 *       0     4  type            (MULTI = 0, SINGLE = 1)
 *       4     4  features        (KERNEL_DISPATCH = 1 | AGENT_DISPATCH = 2)
 *       8     8  base_address    (the ring: size x 64-byte packets, 64-byte aligned)
 *      16     8  doorbell_signal (signal handle)
 *      24     4  size            (packets, a power of two)
 *      28     4  reserved1       (0)
 *      32     8  id
 *      40    24  reserved
 *      64     8  read_index      (packet id of the next packet the processor consumes)
 *     128     8  write_index     (packet id of the next slot producers will claim)
 *     192        end
 * </pre>
 */
public final class QueueLayout {
    public static final int TYPE = 0;
    public static final int FEATURES = 4;
    public static final int BASE_ADDRESS = 8;
    public static final int DOORBELL_SIGNAL = 16;
    public static final int SIZE = 24;
    public static final int RESERVED1 = 28;
    public static final int ID = 32;
    /** Size of {@code hsa_queue_t}. */
    public static final int HSA_QUEUE_T_SIZE = 40;
    public static final int READ_INDEX = 64;
    public static final int WRITE_INDEX = 128;
    public static final int DESCRIPTOR_SIZE = 192;

    /** {@code HSA_QUEUE_FEATURE_KERNEL_DISPATCH}. */
    public static final int FEATURE_KERNEL_DISPATCH = 1;
    /** {@code HSA_QUEUE_FEATURE_AGENT_DISPATCH}. */
    public static final int FEATURE_AGENT_DISPATCH = 2;

    private QueueLayout() {
    }
}
