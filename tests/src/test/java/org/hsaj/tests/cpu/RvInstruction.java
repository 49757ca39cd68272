package org.hsaj.tests.cpu;

/**
 * One encoded RV64GC instruction: its bits, its length (2 for compressed, 4 otherwise) and its text in
 * GNU assembler syntax (x/f register numbers, branch targets as {@code .+offset}), which the encoder
 * test feeds to riscv64-linux-gnu-as to check the bits.
 */
record RvInstruction(int bits, int length, String text) {
    RvInstruction {
        if (length == 2 && (bits & ~0xFFFF) != 0 || length == 2 && (bits & 3) == 3 || length == 4 && (bits & 3) != 3) {
            throw new IllegalArgumentException("length " + length + " does not fit the bits of " + text);
        }
    }

    boolean compressed() {
        return length == 2;
    }

    /** Little-endian bytes into {@code out} at {@code offset}. */
    void writeTo(byte[] out, int offset) {
        for (int i = 0; i < length; i++) {
            out[offset + i] = (byte) (bits >>> (8 * i));
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
