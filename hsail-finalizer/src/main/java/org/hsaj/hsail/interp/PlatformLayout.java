package org.hsaj.hsail.interp;

/**
 * Where things are in memory for HSAIL code on this platform: the layouts that the runtime, the
 * interpreter and every code generator must agree on. One place, so they cannot drift apart.
 *
 * <ul>
 * <li>Signals: a signal handle is the address of a 64-byte signal object in shared virtual memory;
 *     its 64-bit value is at {@link #SIGNAL_VALUE_OFFSET}.</li>
 * <li>Queues: a queue address points at the {@code hsa_queue_t}; the 64-bit read index is at
 *     {@link #QUEUE_READ_INDEX_OFFSET} and the write index at {@link #QUEUE_WRITE_INDEX_OFFSET}.</li>
 * <li>Flat addresses: global (and kernarg, readonly) segment addresses are flat addresses, the guest
 *     addresses of the shared virtual memory. The group segment of the executing work-group and the
 *     private segment of the executing work-item appear in the flat space through apertures: flat
 *     address = aperture base + segment address. Both apertures lie above any shared virtual memory
 *     ({@link #APERTURE_SIZE} each).</li>
 * <li>Segment null pointers ({@code nullptr_group}, {@code nullptr_private}): {@link #SEGMENT_NULL};
 *     the flat and global null pointer is 0.</li>
 * </ul>
 */
public final class PlatformLayout {
    private PlatformLayout() {
    }

    public static final long SIGNAL_VALUE_OFFSET = 8;
    public static final long QUEUE_READ_INDEX_OFFSET = 64;
    public static final long QUEUE_WRITE_INDEX_OFFSET = 128;

    public static final long APERTURE_SIZE = 1L << 32;
    public static final long GROUP_APERTURE_BASE = 1L << 48;
    public static final long PRIVATE_APERTURE_BASE = 2L << 48;

    /** The null value of 32-bit group, private, spill and arg segment addresses. */
    public static final long SEGMENT_NULL = 0xffffffffL;

    /** The wavefront size of this platform's kernel agent: WAVESIZE, and the lane count of cross-lane ops. */
    public static final int WAVEFRONT_SIZE = 1;

    /** True when {@code flat} lies in the group aperture. */
    public static boolean isGroupAddress(long flat) {
        return flat - GROUP_APERTURE_BASE >= 0 && flat - GROUP_APERTURE_BASE < APERTURE_SIZE;
    }

    /** True when {@code flat} lies in the private aperture. */
    public static boolean isPrivateAddress(long flat) {
        return flat - PRIVATE_APERTURE_BASE >= 0 && flat - PRIVATE_APERTURE_BASE < APERTURE_SIZE;
    }
}
