package org.hsaj.cpu.testing;

import java.util.ArrayList;
import java.util.List;
import org.hsaj.cpu.exec.CodeCache;
import org.hsaj.cpu.exec.DecodedBlock;
import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.cpu.exec.SystemCallHandler;
import org.hsaj.cpu.interp.Interpreter;
import org.hsaj.cpu.translate.TranslatedRegion;
import org.hsaj.cpu.translate.Translator;
import org.hsaj.runtime.memory.MemoryAccessException;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * A bare hart with a small address space for instruction tests: code at {@link #CODE}, a read-write
 * data area at {@link #DATA}, a read-only page at {@link #READ_ONLY}, nothing mapped at
 * {@link #UNMAPPED}. {@link #run} executes the loaded program until pc reaches its end, with the chosen
 * {@link Engine}; every class the translator generates is checked with ASM's CheckClassAdapter.
 */
public final class Machine implements AutoCloseable {
    public static final long CODE = 0x10000;
    public static final long DATA = 0x40000;
    public static final long DATA_SIZE = 0x10000;
    public static final long READ_ONLY = 0x60000;
    public static final long UNMAPPED = 0x70000;
    private static final long SIZE = 16L << 20;

    public final SharedVirtualMemory shared;
    public final GuestMemory memory;
    /** Where the program lies: {@link #CODE} unless chosen. */
    private final long codeBase;
    public final Hart hart;
    private final List<Long> ecalls = new ArrayList<>();
    private long end;
    /** Whether translated code saves its registers at a fault (see {@link #preciseFaults()}). */
    private boolean preciseFaults;

    static {
        System.setProperty("hsaj.verify", "true");
    }

    public Machine() {
        this(CODE);
    }

    /** A machine whose program lies at {@code codeBase} (64 KiB there), the address space grown to hold it. */
    public Machine(long codeBase) {
        this.codeBase = codeBase;
        long size = Math.max(SIZE, codeBase + 0x10000);
        shared = SharedVirtualMemory.reserve(size);
        memory = new GuestMemory(shared);
        SystemCallHandler recorder = h -> {
            ecalls.add(h.x[17]);
            return false;
        };
        hart = new Hart(memory, recorder);
        shared.allocator().reserveFixed(codeBase, 0x10000);
        shared.allocator().reserveFixed(DATA, DATA_SIZE);
        shared.allocator().reserveFixed(READ_ONLY, PageTable.PAGE_SIZE);
        shared.map(codeBase, 0x10000, PageTable.READ | PageTable.EXECUTE);
        shared.map(DATA, DATA_SIZE, PageTable.READ_WRITE);
        shared.map(READ_ONLY, PageTable.PAGE_SIZE, PageTable.READ);
        memory.refresh(0, size);
    }

    /** The a7 values of the ecalls the program made. */
    public List<Long> ecalls() {
        return ecalls;
    }

    /**
     * Loads the program at the code base, followed by a jump to itself that ends every block there;
     * execution ends when pc reaches that jump.
     */
    public Machine load(Asm program) {
        long at = codeBase;
        for (int parcel : program.parcels()) {
            shared.segment().set(SharedVirtualMemory.SHORT, at, (short) parcel);
            at += 2;
        }
        end = at;
        shared.segment().set(SharedVirtualMemory.INT, at, Asm.j(0, 0));
        hart.pc = codeBase;
        return this;
    }

    /**
     * Makes a fault in translated code leave the registers as they were before the faulting instruction,
     * as the translator does once the guest has a handler for the fault's signal (without one the
     * process ends and a region's registers are not written back).
     */
    public Machine preciseFaults() {
        preciseFaults = true;
        return this;
    }

    public long end() {
        return end;
    }

    /** Runs the program to its end (at most {@code limit} blocks). Faults propagate as GuestFault. */
    public Machine run(Engine engine) {
        return run(engine, 1_000_000);
    }

    public Machine run(Engine engine, int limit) {
        CodeCache cache = new CodeCache(memory);
        Translator translator = engine == Engine.INTERPRETER ? null : new Translator(memory, cache, false);
        if (translator != null && preciseFaults) {
            translator.enablePreciseFaults();
        }
        if (engine == Engine.REGION) {
            warmAll(cache, translator);
        }
        long pc = hart.pc;
        for (int steps = 0; pc != end; steps++) {
            if (steps == limit) {
                throw new AssertionError(String.format("program did not finish within %d blocks (pc 0x%x)", limit, pc));
            }
            DecodedBlock block;
            try {
                block = cache.block(pc);
            } catch (MemoryAccessException e) {
                throw GuestMemory.segmentationFault(e, pc);
            }
            hart.pc = pc;
            if (translator != null && block.translation == null) {
                translator.translateBlock(block);
            }
            if (block.translation instanceof TranslatedRegion t) {
                hart.chainDepth = 0;
                pc = t.execute(hart, pc);
            } else {
                pc = Interpreter.run(hart, block);
            }
        }
        hart.pc = pc;
        if (translator != null && translator.failures() > 0) {
            throw new AssertionError("translation failed", translator.lastFailure());
        }
        return this;
    }

    /**
     * Decodes every block reachable in the program and compiles one hot region from the first, so the
     * whole program runs as one method (where it fits), its accesses checked against access windows.
     */
    private void warmAll(CodeCache cache, Translator translator) {
        java.util.ArrayDeque<Long> work = new java.util.ArrayDeque<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        work.add(hart.pc);
        DecodedBlock head = null;
        while (!work.isEmpty()) {
            long pc = work.poll();
            if (pc < codeBase || pc >= end || !seen.add(pc)) {
                continue;
            }
            DecodedBlock b = cache.block(pc);
            if (head == null) {
                head = b;
            }
            // All equally hot: a block run less than 1/HOTNESS_FRACTION as often as the head stays out of
            // its region, which left every test program's region at its first block.
            b.executions = 100_000;
            // As if the interpreter had seen every access at DATA: the region then checks accesses against
            // the data area's access windows first (accesses elsewhere against the permission mirror).
            for (int i = 0; i < b.instructions.length; i++) {
                if (b.instructions[i].opcode().accessSize() > 0) {
                    b.recordAccess(i, DATA);
                }
            }
            org.hsaj.cpu.decode.Instruction last = b.last();
            long lastPc = b.end - last.length();
            switch (last.opcode()) {
                case BEQ, BNE, BLT, BGE, BLTU, BGEU -> {
                    work.add(lastPc + last.imm());
                    work.add(b.end);
                }
                case JAL -> work.add(lastPc + last.imm());
                case JALR, EBREAK, ILLEGAL -> {
                }
                default -> work.add(b.end);
            }
        }
        if (head != null) {
            translator.translateHot(head);
        }
    }

    public long x(int r) {
        return hart.x[r];
    }

    public Machine x(int r, long value) {
        hart.x[r] = value;
        return this;
    }

    public long f(int r) {
        return hart.f[r];
    }

    public Machine f(int r, long bits) {
        hart.f[r] = bits;
        return this;
    }

    public Machine fd(int r, double value) {
        hart.f[r] = Double.doubleToRawLongBits(value);
        return this;
    }

    public Machine fs(int r, float value) {
        hart.f[r] = org.hsaj.cpu.exec.FloatingPoint.box(Float.floatToRawIntBits(value));
        return this;
    }

    public double fd(int r) {
        return Double.longBitsToDouble(hart.f[r]);
    }

    public long loadLong(long address) {
        return shared.segment().get(SharedVirtualMemory.LONG, address);
    }

    public Machine storeLong(long address, long value) {
        shared.segment().set(SharedVirtualMemory.LONG, address, value);
        return this;
    }

    @Override
    public void close() {
        shared.close();
    }
}
