package org.hsaj.runtime.signal;

/**
 * The bytes of a signal object in shared virtual memory. A signal handle is the address of its object;
 * the 64-bit value sits at {@link #VALUE} so that HSAIL {@code signal} instructions and guest code read
 * it at {@code handle + 8}.
 *
 * <pre>
 *  offset  size  field
 *       0     8  kind   (1 = user signal, 0 = destroyed)
 *       8     8  value  (int64, the signal value)
 *      16    48  reserved (0)
 * </pre>
 */
public final class SignalLayout {
    public static final int KIND = 0;
    public static final int VALUE = 8;
    public static final int SIZE = 64;
    public static final long KIND_USER = 1;

    private SignalLayout() {
    }
}
