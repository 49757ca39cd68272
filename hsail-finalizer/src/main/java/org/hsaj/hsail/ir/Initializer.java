package org.hsaj.hsail.ir;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The initial bytes of a global or readonly variable, little-endian, exactly as they are to be
 * copied into memory when the variable is allocated (PRM 4.10). Immutable: the array is copied in
 * and out.
 */
public final class Initializer {
    private final byte[] bytes;

    public Initializer(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    /** Byte {@code index} without copying. */
    public byte byteAt(int index) {
        return bytes[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Initializer other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Initializer[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
