package org.hsaj.runtime.memory;

/**
 * Read-modify-write operations of the shared virtual memory: those of HSA signals, HSAIL {@code atomic}
 * and the RISC-V A extension. MIN/MAX compare signed, UMIN/UMAX unsigned.
 */
public enum AtomicOp {
    ADD, SUB, AND, OR, XOR, EXCHANGE, MIN, MAX, UMIN, UMAX;

    /** The value stored when {@code current} is combined with {@code operand} (64-bit). */
    public long apply(long current, long operand) {
        return switch (this) {
            case ADD -> current + operand;
            case SUB -> current - operand;
            case AND -> current & operand;
            case OR -> current | operand;
            case XOR -> current ^ operand;
            case EXCHANGE -> operand;
            case MIN -> Math.min(current, operand);
            case MAX -> Math.max(current, operand);
            case UMIN -> Long.compareUnsigned(current, operand) <= 0 ? current : operand;
            case UMAX -> Long.compareUnsigned(current, operand) >= 0 ? current : operand;
        };
    }

    /**
     * The value stored when {@code current} is combined with {@code operand} (32-bit). Sign-extending
     * both to 64 bits preserves signed and unsigned order alike, so the 64-bit definition serves.
     */
    public int apply(int current, int operand) {
        return (int) apply((long) current, (long) operand);
    }
}
