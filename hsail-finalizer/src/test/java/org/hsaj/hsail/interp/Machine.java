package org.hsaj.hsail.interp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hsaj.hsail.TestKernels;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.hsail.exec.ModuleVariables;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.Variable;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * A small shared virtual memory with a loaded module, for running test kernels through the back-end
 * contract as the GPU agent does: allocates buffers, builds kernarg segments by parameter name, lends
 * group and private memory, runs every work-group of a dispatch in order on the calling thread.
 */
final class Machine implements AutoCloseable {
    final SharedVirtualMemory memory = SharedVirtualMemory.reserve(256L << 20);
    final Module module;
    final ModuleVariables globals;
    final KernelCompiler compiler;

    Machine(String kernelFile) {
        this(TestKernels.parse(kernelFile), InterpreterKernelCompiler.Options.DEFAULT.withInstructionLimit(10_000_000));
    }

    Machine(Module module, InterpreterKernelCompiler.Options options) {
        this(module, new InterpreterKernelCompiler(options));
    }

    Machine(Module module, KernelCompiler compiler) {
        this.module = module;
        this.globals = ModuleVariables.allocate(module, memory);
        this.compiler = compiler;
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
        Kernel k = module.kernel(name);
        if (k == null || !k.isDefinition()) {
            throw new IllegalArgumentException("module " + module.name() + " defines no kernel " + name);
        }
        return k;
    }

    /** Kernel {@code name} finalized by this machine's back end for the module's loaded variables. */
    CompiledKernel compile(String name) {
        return compiler.compile(module, kernel(name), globals);
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

    /** A dispatch of {@code kernel} outside any queue, with the segment sizes the kernel asks for. */
    DispatchContext dispatch(CompiledKernel kernel, DispatchGeometry g, long kernarg) {
        return DispatchContext.standalone(memory, g, kernarg, kernel.groupSegmentSize(), kernel.privateSegmentSize());
    }

    /** Fresh group and private memory for one work-group of {@code d} at a time. */
    WorkGroupMemory workGroupMemory(DispatchContext d) {
        long group = Math.max(1, d.groupSegmentSize());
        long privates = Math.max(1, d.privateSegmentSize() * d.geometry().workItemsPerGroup());
        return new WorkGroupMemory(alloc(group), group, alloc(privates), privates);
    }

    /** Runs {@code kernel} over a 1-D grid with the given arguments. */
    void run(String kernel, long grid, int workgroup, long... args) {
        run(kernel, DispatchGeometry.of1D(grid, workgroup), args);
    }

    void run(String kernel, DispatchGeometry g, long... args) {
        CompiledKernel k = compile(kernel);
        run(k, dispatch(k, g, kernargs(kernel(kernel), args)));
    }

    /** Runs every work-group of {@code d} in order, in one lent memory. */
    void run(CompiledKernel kernel, DispatchContext d) {
        run(kernel, d, workGroupMemory(d));
    }

    /** Runs every work-group of {@code d} in order, in memory {@code wgm}. */
    void run(CompiledKernel kernel, DispatchContext d, WorkGroupMemory wgm) {
        DispatchGeometry g = d.geometry();
        for (long z = 0; z < g.gridGroups(2); z++) {
            for (long y = 0; y < g.gridGroups(1); y++) {
                for (long x = 0; x < g.gridGroups(0); x++) {
                    kernel.runWorkGroup(d, wgm, x, y, z);
                }
            }
        }
    }

    static float f(int bits) {
        return Float.intBitsToFloat(bits);
    }

    @Override
    public void close() {
        memory.close();
    }
}
