package org.hsaj.cpu;

import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Serves the HSA hypercalls of guest programs: an {@code ecall} with a7 in
 * [{@link #FIRST}, {@link #LAST}] is routed here instead of to the Linux system calls.
 *
 * <p>Threading: called on the host thread of the guest thread that made the call, possibly from several
 * guest threads at once; implementations synchronize as they need.
 */
@FunctionalInterface
public interface HypercallHandler {
    /** The first and last a7 values reserved for HSA hypercalls ("HSA" followed by a function byte). */
    long FIRST = 0x48534100L;
    long LAST = 0x485341FFL;

    /**
     * Performs hypercall {@code function} (a7 - FIRST, 0..255) with {@code arguments} a0..a5 on the
     * guest's memory; the result goes to a0. Throw {@link GuestFault} for an unrecoverable misuse.
     */
    long call(int function, long[] arguments, SharedVirtualMemory memory);

    /** The handler of a CPU agent with no HSA runtime: every hypercall is an error. */
    HypercallHandler NONE = (function, arguments, memory) -> {
        throw new GuestFault(String.format("hypercall 0x%x: no HSA runtime attached", FIRST + function),
                GuestFault.UNSUPPORTED_STATUS);
    };
}
