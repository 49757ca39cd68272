package org.hsaj.hsail.interp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hsaj.hsail.TestKernels;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.Variable;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * A small shared virtual memory with a loaded module, for running test kernels: allocates buffers,
 * builds kernarg segments by parameter name, runs dispatches with the reference interpreter.
 */
final class Machine implements AutoCloseable {
    final SharedVirtualMemory memory = SharedVirtualMemory.reserve(256L << 20);
    final Module module;
    final ModuleVariables globals;
    final KernelInterpreter interpreter;

    Machine(String kernelFile) {
        this(TestKernels.parse(kernelFile), KernelInterpreter.Options.DEFAULT.withInstructionLimit(10_000_000));
    }

    Machine(Module module, KernelInterpreter.Options options) {
        this.module = module;
        this.globals = ModuleVariables.allocate(module, memory);
        this.interpreter = new KernelInterpreter(module, memory, globals, options);
    }

    /** A mapped, zeroed buffer of {@code size} bytes. */
    long alloc(long size) {
        long rounded = Math.max(PageTable.PAGE_SIZE, (size + PageTable.PAGE_SIZE - 1) & -PageTable.PAGE_SIZE);
        long a = memory.allocator().reserve(rounded, PageTable.PAGE_SIZE, 0);
        memory.map(a, rounded, PageTable.READ | PageTable.WRITE);
        return a;
    }

    long ints(int... values) {
        long a = alloc(4L * values.length);
        for (int i = 0; i < values.length; i++) {
            memory.storeInt(a + 4L * i, values[i]);
        }
        return a;
    }

    long longs(long... values) {
        long a = alloc(8L * values.length);
        for (int i = 0; i < values.length; i++) {
            memory.storeLong(a + 8L * i, values[i]);
        }
        return a;
    }

    long floats(float... values) {
        long a = alloc(4L * values.length);
        for (int i = 0; i < values.length; i++) {
            memory.storeFloat(a + 4L * i, values[i]);
        }
        return a;
    }

    long doubles(double... values) {
        long a = alloc(8L * values.length);
        for (int i = 0; i < values.length; i++) {
            memory.storeDouble(a + 8L * i, values[i]);
        }
        return a;
    }

    int[] readInts(long address, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = memory.loadInt(address + 4L * i);
        }
        return out;
    }

    long[] readLongs(long address, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = memory.loadLong(address + 8L * i);
        }
        return out;
    }

    float[] readFloats(long address, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = memory.loadFloat(address + 4L * i);
        }
        return out;
    }

    Kernel kernel(String name) {
        return interpreter.kernel(name);
    }

    /**
     * A kernarg segment for {@code kernel} with the given values in parameter order (each written at
     * its parameter's offset with its parameter's size).
     */
    long kernargs(Kernel kernel, long... values) {
        if (values.length != kernel.parameters().size()) {
            throw new IllegalArgumentException(kernel.name() + " takes " + kernel.parameters().size() + " arguments");
        }
        long a = alloc(kernel.kernargSegmentSize());
        ByteBuffer b = ByteBuffer.allocate((int) kernel.kernargSegmentSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            Variable p = kernel.parameters().get(i);
            switch (p.type().bytes()) {
                case 1 -> b.put((int) p.offset(), (byte) values[i]);
                case 2 -> b.putShort((int) p.offset(), (short) values[i]);
                case 4 -> b.putInt((int) p.offset(), (int) values[i]);
                default -> b.putLong((int) p.offset(), values[i]);
            }
        }
        memory.write(a, b.array(), 0, b.capacity());
        return a;
    }

    /** Runs {@code kernel} over a 1-D grid with the given arguments. */
    void run(String kernel, long grid, int workgroup, long... args) {
        Kernel k = kernel(kernel);
        interpreter.run(k, KernelDispatch.of(DispatchGeometry.of(grid, workgroup), kernargs(k, args)));
    }

    void run(String kernel, DispatchGeometry g, long... args) {
        Kernel k = kernel(kernel);
        interpreter.run(k, KernelDispatch.of(g, kernargs(k, args)));
    }

    static float f(int bits) {
        return Float.intBitsToFloat(bits);
    }

    @Override
    public void close() {
        memory.close();
    }
}
