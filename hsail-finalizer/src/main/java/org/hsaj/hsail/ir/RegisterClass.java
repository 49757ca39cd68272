package org.hsaj.hsail.ir;

/**
 * The four HSAIL register files: {@code $c} (1 bit), {@code $s} (32 bits), {@code $d} (64 bits) and
 * {@code $q} (128 bits). Registers are per work-item and per function scope.
 */
public enum RegisterClass {
    C(1, 'c'), S(32, 's'), D(64, 'd'), Q(128, 'q');

    private final int bits;
    private final char letter;

    RegisterClass(int bits, char letter) {
        this.bits = bits;
        this.letter = letter;
    }

    public int bits() {
        return bits;
    }

    /** The letter after {@code $} in the text form. */
    public char letter() {
        return letter;
    }

    /** The register class that holds a value of {@code bits} bits (1, 32, 64 or 128). */
    public static RegisterClass forBits(int bits) {
        return switch (bits) {
            case 1 -> C;
            case 32 -> S;
            case 64 -> D;
            case 128 -> Q;
            default -> throw new IllegalArgumentException("no register class holds " + bits + " bits");
        };
    }
}
