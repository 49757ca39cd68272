package org.hsaj.gpu.code;

import java.util.BitSet;
import java.util.List;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.MemoryRegion;

/**
 * A kernarg segment for one dispatch of one kernel: allocated in a kernarg region at the kernel's
 * alignment, filled parameter by parameter at the offsets the finalizer laid out, each write checked
 * against the parameter's type. {@link #address()} is the packet's {@code kernarg_address}; it must
 * stay unchanged until the dispatch completes.
 *
 * <p>Threading: fill it on one thread, then publish it with the packet (the header's release store).
 */
public final class Kernarg implements AutoCloseable {
    private final HsaRuntime runtime;
    private final KernelSymbol kernel;
    private final long address;
    private final BitSet written = new BitSet();

    private Kernarg(HsaRuntime runtime, KernelSymbol kernel, long address) {
        this.runtime = runtime;
        this.kernel = kernel;
        this.address = address;
    }

    /**
     * Allocates the kernarg segment of {@code kernel} in {@code region} (which must have the KERNARG flag).
     *
     * @throws HsaException ERROR_INVALID_REGION for a region without the KERNARG flag
     */
    public static Kernarg allocate(HsaRuntime runtime, MemoryRegion region, KernelSymbol kernel) {
        if ((region.globalFlags() & MemoryRegion.FLAG_KERNARG) == 0) {
            throw new HsaException(HsaStatus.ERROR_INVALID_REGION, region + " is not a kernarg region");
        }
        long alignment = Math.max(kernel.kernargSegmentAlignment(), region.allocationAlignment());
        return new Kernarg(runtime, kernel, region.allocate(Math.max(1, kernel.kernargSegmentSize()), alignment));
    }

    /** Writes a 32-bit integer (or b32) parameter. */
    public Kernarg putInt(String parameter, int value) {
        KernelArgument a = check(parameter, 4, false);
        runtime.memory().storeInt(address + a.offset(), value);
        return this;
    }

    /** Writes a 64-bit integer, b64, address or signal-handle parameter. */
    public Kernarg putLong(String parameter, long value) {
        KernelArgument a = check(parameter, 8, false);
        runtime.memory().storeLong(address + a.offset(), value);
        return this;
    }

    /** Writes an f32 parameter. */
    public Kernarg putFloat(String parameter, float value) {
        KernelArgument a = check(parameter, 4, true);
        runtime.memory().storeInt(address + a.offset(), Float.floatToRawIntBits(value));
        return this;
    }

    /** Writes an f64 parameter. */
    public Kernarg putDouble(String parameter, double value) {
        KernelArgument a = check(parameter, 8, true);
        runtime.memory().storeLong(address + a.offset(), Double.doubleToRawLongBits(value));
        return this;
    }

    private KernelArgument check(String parameter, int bytes, boolean floating) {
        KernelArgument a = kernel.argument(parameter);
        DataType t = a.type();
        boolean fits = a.dimension() == 0 && t.bytes() == bytes && !t.isPacked()
                && (floating ? t.isFloat() : !t.isFloat());
        if (!fits) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "parameter " + parameter + " of kernel "
                    + kernel.name() + " is " + a + ", not a " + bytes * 8 + "-bit " + (floating ? "float" : "integer"));
        }
        written.set(kernel.arguments().indexOf(a));
        return a;
    }

    /**
     * The segment's address, for the packet's {@code kernarg_address}.
     *
     * @throws HsaException ERROR_INVALID_ARGUMENT naming the parameters not written yet
     */
    public long address() {
        List<String> missing = kernel.arguments().stream().filter(a -> !written.get(kernel.arguments().indexOf(a)))
                .map(KernelArgument::name).toList();
        if (!missing.isEmpty()) {
            throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "kernel " + kernel.name()
                    + " parameters not written: " + String.join(", ", missing));
        }
        return address;
    }

    /** Frees the segment; only once the dispatch that reads it has completed. */
    @Override
    public void close() {
        runtime.memoryFree(address);
    }
}
