package org.hsaj.hsail.ir;

import java.util.Locale;

/**
 * HSAIL compound types (PRM 4.13): bit, signed, unsigned and float types of every length, the packed
 * types, and the opaque handle types. {@link #NONE} marks an instruction without a (second) type.
 *
 * <p>The HSAIL spelling of a type is its lower-case name ({@code u32}, {@code f16x2}, {@code sig64}).
 */
public enum DataType {
    NONE(Kind.NONE, 0, null, 0),
    B1(Kind.BIT, 1, null, 1), B8(Kind.BIT, 8, null, 1), B16(Kind.BIT, 16, null, 1), B32(Kind.BIT, 32, null, 1),
    B64(Kind.BIT, 64, null, 1), B128(Kind.BIT, 128, null, 1),
    U8(Kind.UNSIGNED, 8, null, 1), U16(Kind.UNSIGNED, 16, null, 1), U32(Kind.UNSIGNED, 32, null, 1),
    U64(Kind.UNSIGNED, 64, null, 1),
    S8(Kind.SIGNED, 8, null, 1), S16(Kind.SIGNED, 16, null, 1), S32(Kind.SIGNED, 32, null, 1),
    S64(Kind.SIGNED, 64, null, 1),
    F16(Kind.FLOAT, 16, null, 1), F32(Kind.FLOAT, 32, null, 1), F64(Kind.FLOAT, 64, null, 1),
    U8X4(Kind.PACKED, 32, U8, 4), S8X4(Kind.PACKED, 32, S8, 4), U16X2(Kind.PACKED, 32, U16, 2),
    S16X2(Kind.PACKED, 32, S16, 2), F16X2(Kind.PACKED, 32, F16, 2),
    U8X8(Kind.PACKED, 64, U8, 8), S8X8(Kind.PACKED, 64, S8, 8), U16X4(Kind.PACKED, 64, U16, 4),
    S16X4(Kind.PACKED, 64, S16, 4), F16X4(Kind.PACKED, 64, F16, 4), U32X2(Kind.PACKED, 64, U32, 2),
    S32X2(Kind.PACKED, 64, S32, 2), F32X2(Kind.PACKED, 64, F32, 2),
    U8X16(Kind.PACKED, 128, U8, 16), S8X16(Kind.PACKED, 128, S8, 16), U16X8(Kind.PACKED, 128, U16, 8),
    S16X8(Kind.PACKED, 128, S16, 8), F16X8(Kind.PACKED, 128, F16, 8), U32X4(Kind.PACKED, 128, U32, 4),
    S32X4(Kind.PACKED, 128, S32, 4), F32X4(Kind.PACKED, 128, F32, 4), U64X2(Kind.PACKED, 128, U64, 2),
    S64X2(Kind.PACKED, 128, S64, 2), F64X2(Kind.PACKED, 128, F64, 2),
    ROIMG(Kind.OPAQUE, 64, null, 1), WOIMG(Kind.OPAQUE, 64, null, 1), RWIMG(Kind.OPAQUE, 64, null, 1),
    SAMP(Kind.OPAQUE, 64, null, 1), SIG32(Kind.OPAQUE, 64, null, 1), SIG64(Kind.OPAQUE, 64, null, 1);

    /** The family a type belongs to. */
    public enum Kind { NONE, BIT, UNSIGNED, SIGNED, FLOAT, PACKED, OPAQUE }

    private final Kind kind;
    private final int bits;
    private final DataType element;
    private final int elements;

    DataType(Kind kind, int bits, DataType element, int elements) {
        this.kind = kind;
        this.bits = bits;
        this.element = element;
        this.elements = elements;
    }

    public Kind kind() {
        return kind;
    }

    /** Size in bits (1 for b1). */
    public int bits() {
        return bits;
    }

    /** Size in bytes as stored in memory ({@code b1} is not storable and reports 1). */
    public int bytes() {
        return Math.max(1, bits / 8);
    }

    /** For packed types the element type, otherwise the type itself. */
    public DataType elementType() {
        return element == null ? this : element;
    }

    /** Number of packed elements; 1 for non-packed types. */
    public int elementCount() {
        return elements;
    }

    public boolean isPacked() {
        return kind == Kind.PACKED;
    }

    public boolean isFloat() {
        return kind == Kind.FLOAT;
    }

    /** Float, or packed with float elements. */
    public boolean isFloatingPoint() {
        return elementType().kind == Kind.FLOAT;
    }

    public boolean isSigned() {
        return kind == Kind.SIGNED;
    }

    public boolean isUnsigned() {
        return kind == Kind.UNSIGNED;
    }

    /** Signed or unsigned integer (not bit, not packed). */
    public boolean isInteger() {
        return kind == Kind.SIGNED || kind == Kind.UNSIGNED;
    }

    public boolean isBit() {
        return kind == Kind.BIT;
    }

    public boolean isOpaque() {
        return kind == Kind.OPAQUE;
    }

    /**
     * The register class an operand of this type lives in (PRM 4.16.2): b1 in {@code $c}; types of 32
     * bits or fewer (including f16, u8, s16) in {@code $s}; 64-bit types and handles in {@code $d};
     * 128-bit types in {@code $q}.
     */
    public RegisterClass registerClass() {
        if (this == B1) {
            return RegisterClass.C;
        }
        if (this == NONE) {
            throw new IllegalStateException("NONE has no register class");
        }
        return bits <= 32 ? RegisterClass.S : RegisterClass.forBits(bits);
    }

    /** The HSAIL spelling ({@code "u32"}); empty for {@link #NONE}. */
    public String hsailName() {
        return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
    }

    /** The type spelled {@code name} in HSAIL ({@code "f16x2"}), or null. */
    public static DataType fromHsailName(String name) {
        if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
            return null;
        }
        try {
            DataType t = valueOf(name.toUpperCase(Locale.ROOT));
            return t == NONE ? null : t;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The bit type of the same size ({@code f32 -> b32}). */
    public DataType bitType() {
        return switch (bits) {
            case 1 -> B1;
            case 8 -> B8;
            case 16 -> B16;
            case 32 -> B32;
            case 64 -> B64;
            case 128 -> B128;
            default -> throw new IllegalStateException("no bit type of " + bits + " bits");
        };
    }

    /**
     * For a packed type, the packed type of unsigned integers with the same shape ({@code f32x2 -> u32x2},
     * {@code s8x4 -> u8x4}): the type of packed masks (cmp results, cmov controls). Other types: itself.
     */
    public DataType withUnsignedElements() {
        if (!isPacked()) {
            return this;
        }
        return valueOf("U" + element.bits() + "X" + elements);
    }

    /** The unsigned integer type of {@code bits} bits (8, 16, 32, 64). */
    public static DataType unsignedOf(int bits) {
        return switch (bits) {
            case 8 -> U8;
            case 16 -> U16;
            case 32 -> U32;
            case 64 -> U64;
            default -> throw new IllegalArgumentException("no unsigned type of " + bits + " bits");
        };
    }

    /** The signed integer type of {@code bits} bits (8, 16, 32, 64). */
    public static DataType signedOf(int bits) {
        return switch (bits) {
            case 8 -> S8;
            case 16 -> S16;
            case 32 -> S32;
            case 64 -> S64;
            default -> throw new IllegalArgumentException("no signed type of " + bits + " bits");
        };
    }
}
