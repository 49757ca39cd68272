package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.text.HsailParser;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Test support: a shared memory with buffers, kernarg building, and a sequential dispatcher that runs
 * every work-group of a grid on the calling thread. Every kernel compiled through it is checked with
 * ASM's CheckClassAdapter.
 */
final class KernelRunner implements AutoCloseable {
    final SharedVirtualMemory memory;

    KernelRunner(long size) {
        memory = SharedVirtualMemory.reserve(size);
    }

    KernelRunner() {
        this(1L << 30);
    }

    /** Reserves and maps {@code size} bytes read-write; returns the address. */
    long allocate(long size) {
        long rounded = Math.max(PageTable.PAGE_SIZE, (size + PageTable.PAGE_SIZE - 1) & -PageTable.PAGE_SIZE);
        long a = memory.allocator().reserve(rounded, PageTable.PAGE_SIZE, 0);
        if (a == 0) {
            throw new IllegalStateException("out of test memory");
        }
        memory.map(a, rounded, PageTable.READ_WRITE);
        return a;
    }

    /** Writes kernarg values (Integer as 4 bytes, Long as 8, at their natural alignment) and returns its address. */
    long kernarg(Object... args) {
        ByteBuffer b = ByteBuffer.allocate(16 * (args.length + 1)).order(ByteOrder.LITTLE_ENDIAN);
        for (Object o : args) {
            switch (o) {
                case Integer i -> {
                    b.position((b.position() + 3) & ~3);
                    b.putInt(i);
                }
                case Long l -> {
                    b.position((b.position() + 7) & ~7);
                    b.putLong(l);
                }
                case Float f -> {
                    b.position((b.position() + 3) & ~3);
                    b.putFloat(f);
                }
                case Double d -> {
                    b.position((b.position() + 7) & ~7);
                    b.putDouble(d);
                }
                default -> throw new IllegalArgumentException("kernarg of " + o.getClass());
            }
        }
        long a = allocate(b.position());
        memory.write(a, b.array(), 0, b.position());
        return a;
    }

    static Module parse(String text) {
        return HsailParser.parse("test.hsail", text);
    }

    /** Compiles the only (or first) kernel of {@code text} and verifies its class. */
    static CompiledKernel compile(KernelCompiler compiler, String text) {
        Module m = parse(text);
        Kernel k = m.kernels().stream().filter(Kernel::isDefinition).findFirst().orElseThrow();
        CompiledKernel ck = compiler.compile(m, k);
        if (ck instanceof JvmCompiledKernel jk) {
            verify(jk.classFile());
        }
        return ck;
    }

    static void verify(byte[] classFile) {
        StringWriter sw = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(classFile), KernelRunner.class.getClassLoader(), false,
                new PrintWriter(sw));
        assertEquals("", sw.toString(), "CheckClassAdapter found problems in the generated class");
    }

    /** Runs every work-group of the grid in order. */
    void run(CompiledKernel k, DispatchGeometry g, long kernarg) {
        run(k, dispatch(k, g, kernarg, 0));
    }

    DispatchContext dispatch(CompiledKernel k, DispatchGeometry g, long kernarg, long dynamicGroup) {
        return DispatchContext.standalone(memory, g, kernarg, k.groupSegmentSize() + dynamicGroup,
                Math.max(16, k.privateSegmentSize()));
    }

    private long groupMemory;
    private long groupCapacity;
    private long privateMemory;
    private long privateCapacity;

    void run(CompiledKernel k, DispatchContext d) {
        DispatchGeometry g = d.geometry();
        long groupNeeded = Math.max(PageTable.PAGE_SIZE, d.groupSegmentSize());
        long privateNeeded = Math.max(PageTable.PAGE_SIZE, d.privateSegmentSize() * g.workItemsPerGroup());
        if (groupCapacity < groupNeeded) {
            groupMemory = allocate(groupNeeded);
            groupCapacity = groupNeeded;
        }
        if (privateCapacity < privateNeeded) {
            privateMemory = allocate(privateNeeded);
            privateCapacity = privateNeeded;
        }
        WorkGroupMemory wgm = new WorkGroupMemory(groupMemory, groupCapacity, privateMemory, privateCapacity);
        for (long z = 0; z < g.gridGroups(2); z++) {
            for (long y = 0; y < g.gridGroups(1); y++) {
                for (long x = 0; x < g.gridGroups(0); x++) {
                    k.runWorkGroup(d, wgm, x, y, z);
                }
            }
        }
    }

    /** The flat address of the group memory {@link #run} lends its work-groups (after a run). */
    long groupBase() {
        return groupMemory;
    }

    @Override
    public void close() {
        memory.close();
    }
}
