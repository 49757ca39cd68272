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
 * the pages were checked by the access check that computed the address (checked mode). One method per
 * operation, named {@code op + bits}, which the generated code calls by name.
 */
final class SharedAtomics {
    private static final VarHandle INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN).varHandle();

    private SharedAtomics() {
    }

    /** The name of the method for {@code op} on values of {@code bits} bits. */
    static String method(AtomicOp op, int bits) {
        return op.name().toLowerCase(java.util.Locale.ROOT) + bits;
    }

    static int add32(MemorySegment m, long a, int v) {
        GroupAtomics.aligned(a, 4, true);
        return (int) INT.getAndAdd(m, a, v);
    }

    static int sub32(MemorySegment m, long a, int v) {
        GroupAtomics.aligned(a, 4, true);
        return (int) INT.getAndAdd(m, a, -v);
    }

    static int and32(MemorySegment m, long a, int v) {
        GroupAtomics.aligned(a, 4, true);
        return (int) INT.getAndBitwiseAnd(m, a, v);
    }

    static int or32(MemorySegment m, long a, int v) {
        GroupAtomics.aligned(a, 4, true);
        return (int) INT.getAndBitwiseOr(m, a, v);
    }

    static int xor32(MemorySegment m, long a, int v) {
        GroupAtomics.aligned(a, 4, true);
        return (int) INT.getAndBitwiseXor(m, a, v);
    }

    static int exchange32(MemorySegment m, long a, int v) {
        GroupAtomics.aligned(a, 4, true);
        return (int) INT.getAndSet(m, a, v);
    }

    static int min32(MemorySegment m, long a, int v) {
        return update32(m, a, v, AtomicOp.MIN);
    }

    static int max32(MemorySegment m, long a, int v) {
        return update32(m, a, v, AtomicOp.MAX);
    }

    static int umin32(MemorySegment m, long a, int v) {
        return update32(m, a, v, AtomicOp.UMIN);
    }

    static int umax32(MemorySegment m, long a, int v) {
        return update32(m, a, v, AtomicOp.UMAX);
    }

    private static int update32(MemorySegment m, long a, int v, AtomicOp op) {
        GroupAtomics.aligned(a, 4, true);
        int current = (int) INT.getVolatile(m, a);
        while (true) {
            int witness = (int) INT.compareAndExchange(m, a, current, op.apply(current, v));
            if (witness == current) {
                return current;
            }
            current = witness;
        }
    }

    static int cas32(MemorySegment m, long a, int expected, int desired) {
        GroupAtomics.aligned(a, 4, true);
        return (int) INT.compareAndExchange(m, a, expected, desired);
    }

    static long add64(MemorySegment m, long a, long v) {
        GroupAtomics.aligned(a, 8, true);
        return (long) LONG.getAndAdd(m, a, v);
    }

    static long sub64(MemorySegment m, long a, long v) {
        GroupAtomics.aligned(a, 8, true);
        return (long) LONG.getAndAdd(m, a, -v);
    }

    static long and64(MemorySegment m, long a, long v) {
        GroupAtomics.aligned(a, 8, true);
        return (long) LONG.getAndBitwiseAnd(m, a, v);
    }

    static long or64(MemorySegment m, long a, long v) {
        GroupAtomics.aligned(a, 8, true);
        return (long) LONG.getAndBitwiseOr(m, a, v);
    }

    static long xor64(MemorySegment m, long a, long v) {
        GroupAtomics.aligned(a, 8, true);
        return (long) LONG.getAndBitwiseXor(m, a, v);
    }

    static long exchange64(MemorySegment m, long a, long v) {
        GroupAtomics.aligned(a, 8, true);
        return (long) LONG.getAndSet(m, a, v);
    }

    static long min64(MemorySegment m, long a, long v) {
        return update64(m, a, v, AtomicOp.MIN);
    }

    static long max64(MemorySegment m, long a, long v) {
        return update64(m, a, v, AtomicOp.MAX);
    }

    static long umin64(MemorySegment m, long a, long v) {
        return update64(m, a, v, AtomicOp.UMIN);
    }

    static long umax64(MemorySegment m, long a, long v) {
        return update64(m, a, v, AtomicOp.UMAX);
    }

    private static long update64(MemorySegment m, long a, long v, AtomicOp op) {
        GroupAtomics.aligned(a, 8, true);
        long current = (long) LONG.getVolatile(m, a);
        while (true) {
            long witness = (long) LONG.compareAndExchange(m, a, current, op.apply(current, v));
            if (witness == current) {
                return current;
            }
            current = witness;
        }
    }

    static long cas64(MemorySegment m, long a, long expected, long desired) {
        GroupAtomics.aligned(a, 8, true);
        return (long) LONG.compareAndExchange(m, a, expected, desired);
    }
}
