package org.hsaj.hsail.codegen.jvm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.hsaj.runtime.memory.AtomicOp;

/**
 * Read-modify-write atomics on global and flat memory, straight through VarHandles on the shared
 * memory's segment, so that the JIT compiles each to one locked instruction (or a compare-and-swap
 * loop for the operations x86 has no instruction for). Every order is given the strongest, volatile
 * one, which is what locked instructions are on x86 anyway. Alignment is checked as for any atomic;
 * the pages were checked by the access check that computed the address (checked mode). Each helper
 * takes the operation as a constant the JIT folds.
 */
final class SharedAtomics {
    private static final VarHandle INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private SharedAtomics() {
    }

    /** Applies {@code AtomicOp.values()[op]} to the int at {@code address}; returns the old value. */
    static int rmw32(MemorySegment m, long address, int op, int operand) {
        GroupAtomics.aligned(address, 4, true);
        AtomicOp a = AtomicOp.values()[op];
        return switch (a) {
            case ADD -> (int) INT.getAndAdd(m, address, operand);
            case SUB -> (int) INT.getAndAdd(m, address, -operand);
            case AND -> (int) INT.getAndBitwiseAnd(m, address, operand);
            case OR -> (int) INT.getAndBitwiseOr(m, address, operand);
            case XOR -> (int) INT.getAndBitwiseXor(m, address, operand);
            case EXCHANGE -> (int) INT.getAndSet(m, address, operand);
            default -> {
                int current = (int) INT.getVolatile(m, address);
                while (true) {
                    int witness = (int) INT.compareAndExchange(m, address, current, a.apply(current, operand));
                    if (witness == current) {
                        yield current;
                    }
                    current = witness;
                }
            }
        };
    }

    static long rmw64(MemorySegment m, long address, int op, long operand) {
        GroupAtomics.aligned(address, 8, true);
        AtomicOp a = AtomicOp.values()[op];
        return switch (a) {
            case ADD -> (long) LONG.getAndAdd(m, address, operand);
            case SUB -> (long) LONG.getAndAdd(m, address, -operand);
            case AND -> (long) LONG.getAndBitwiseAnd(m, address, operand);
            case OR -> (long) LONG.getAndBitwiseOr(m, address, operand);
            case XOR -> (long) LONG.getAndBitwiseXor(m, address, operand);
            case EXCHANGE -> (long) LONG.getAndSet(m, address, operand);
            default -> {
                long current = (long) LONG.getVolatile(m, address);
                while (true) {
                    long witness = (long) LONG.compareAndExchange(m, address, current, a.apply(current, operand));
                    if (witness == current) {
                        yield current;
                    }
                    current = witness;
                }
            }
        };
    }

    static int cas32(MemorySegment m, long address, int expected, int desired) {
        GroupAtomics.aligned(address, 4, true);
        return (int) INT.compareAndExchange(m, address, expected, desired);
    }

    static long cas64(MemorySegment m, long address, long expected, long desired) {
        GroupAtomics.aligned(address, 8, true);
        return (long) LONG.compareAndExchange(m, address, expected, desired);
    }
}
