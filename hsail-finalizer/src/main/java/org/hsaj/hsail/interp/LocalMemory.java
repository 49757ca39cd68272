package org.hsaj.hsail.interp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Memory that only one work-group (group segment) or one work-item (private stack) sees: a byte array
 * with little-endian accesses of 1 to 8 bytes. An access outside [0, limit) throws
 * {@link IndexOutOfBoundsException} with a message naming the segment, for the caller to turn into
 * a kernel fault. Not thread-safe; each instance belongs to one work-group run.
 */
final class LocalMemory {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private byte[] bytes;
    private long limit;

    LocalMemory(String name, long size) {
        this.name = name;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(name + " segment of " + size + " bytes is too large");
        }
        this.bytes = new byte[(int) size];
        this.limit = size;
    }

    long limit() {
        return limit;
    }

    /** Grows the usable size to {@code newLimit} (a stack push); new bytes are zero. */
    void ensure(long newLimit) {
        if (newLimit > Integer.MAX_VALUE - 8) {
            throw new IndexOutOfBoundsException(name + " segment would exceed 2 GiB");
        }
        if (newLimit > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.max(newLimit, Math.min(Integer.MAX_VALUE - 8L, bytes.length * 2L)));
        }
        if (newLimit > limit) {
            Arrays.fill(bytes, (int) limit, (int) newLimit, (byte) 0);
        }
        limit = newLimit;
    }

    /** Shrinks the usable size (a stack pop). */
    void truncate(long newLimit) {
        limit = newLimit;
    }

    private int check(long address, int size) {
        if (address < 0 || address + size > limit) {
            throw new IndexOutOfBoundsException(String.format("%d-byte access at %s segment address 0x%x is outside"
                    + " its %d bytes", size, name, address, limit));
        }
        return (int) address;
    }

    long load(long address, int size) {
        int a = check(address, size);
        return switch (size) {
            case 1 -> bytes[a] & 0xffL;
            case 2 -> (short) SHORT.get(bytes, a) & 0xffffL;
            case 4 -> (int) INT.get(bytes, a) & 0xffffffffL;
            default -> (long) LONG.get(bytes, a);
        };
    }

    void store(long address, int size, long value) {
        int a = check(address, size);
        switch (size) {
            case 1 -> bytes[a] = (byte) value;
            case 2 -> SHORT.set(bytes, a, (short) value);
            case 4 -> INT.set(bytes, a, (int) value);
            default -> LONG.set(bytes, a, value);
        }
    }

    void read(long address, byte[] into, int length) {
        int a = check(address, length);
        System.arraycopy(bytes, a, into, 0, length);
    }

    void write(long address, byte[] from, int length) {
        int a = check(address, length);
        System.arraycopy(from, 0, bytes, a, length);
    }
}
