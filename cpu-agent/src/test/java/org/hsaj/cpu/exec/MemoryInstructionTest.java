package org.hsaj.cpu.exec;

import static org.junit.jupiter.api.Assertions.*;
import static org.hsaj.cpu.testing.Registers.*;

import java.util.function.Consumer;
import org.hsaj.cpu.GuestFault;
import org.hsaj.cpu.testing.Asm;
import org.hsaj.cpu.testing.Engine;
import org.hsaj.cpu.testing.Machine;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Loads, stores (aligned, misaligned, crossing pages), faults, LR/SC, AMOs, CSRs, fences, traps and
 * compressed instructions on every engine.
 */
class MemoryInstructionTest {
    static final long PATTERN = 0x8182838485868788L;

    static Machine run(Engine e, Consumer<Machine> setup, Consumer<Asm> program) {
        Asm asm = new Asm();
        program.accept(asm);
        Machine m = new Machine().load(asm);
        setup.accept(m);
        return m.run(e);
    }

    static GuestFault fault(Engine e, Consumer<Asm> program) {
        try (Machine m = new Machine()) {
            Asm asm = new Asm();
            program.accept(asm);
            m.load(asm);
            return assertThrows(GuestFault.class, () -> m.run(e));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void loadsExtendBySignOrZero(Engine e) {
        for (int offset : new int[] {0, 1, 3, 5}) {
            long base = Machine.DATA + 64;
            try (Machine m = run(e, mm -> mm.storeLong(base, PATTERN).storeLong(base + 8, PATTERN), asm -> asm
                    .li(S0, base).load(0, A0, S0, offset).load(4, A1, S0, offset).load(1, A2, S0, offset)
                    .load(5, A3, S0, offset).load(2, A4, S0, offset).load(6, 15, S0, offset).load(3, 16, S0, offset))) {
                long v = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(PATTERN)
                        .putLong(PATTERN).getLong(offset);
                assertEquals((byte) v, m.x(A0), "lb at +" + offset);
                assertEquals(v & 0xff, m.x(A1), "lbu");
                assertEquals((short) v, m.x(A2), "lh");
                assertEquals(v & 0xffff, m.x(A3), "lhu");
                assertEquals((int) v, m.x(A4), "lw");
                assertEquals(v & 0xffffffffL, m.x(15), "lwu");
                assertEquals(v, m.x(16), "ld");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void storesWriteTheirLowBytes(Engine e) {
        long base = Machine.DATA + 128;
        try (Machine m = run(e, mm -> mm.x(A1, PATTERN), asm -> asm.li(S0, base).store(0, S0, A1, 1)
                .store(1, S0, A1, 9).store(2, S0, A1, 19).store(3, S0, A1, 35))) {
            assertEquals(0x88L << 8, m.loadLong(base));
            assertEquals(0x8788L << 8, m.loadLong(base + 8));
            assertEquals(0x85868788L << 24, m.loadLong(base + 16));
            assertEquals(PATTERN, m.shared.segment().get(SharedVirtualMemory.LONG, base + 35));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void accessesMayCrossPages(Engine e) {
        long at = Machine.DATA + 0x1ffd;
        try (Machine m = run(e, mm -> mm.x(A1, PATTERN), asm -> asm.li(S0, at).store(3, S0, A1, 0).load(3, A0, S0, 0)
                .load(2, A2, S0, 1))) {
            assertEquals(PATTERN, m.x(A0));
            assertEquals((int) (PATTERN >>> 8), m.x(A2));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void nullPointerLoadsFault(Engine e) {
        GuestFault f = fault(e, asm -> asm.addi(A0, 0, 1).load(3, A1, 0, 8));
        assertEquals("segmentation fault at pc 0x10004: read of 8 bytes at 0x8: page 0x0 is not mapped", f.getMessage());
        assertEquals(139, f.exitStatus());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void loadsFromUnmappedPages(Engine e) {
        GuestFault f = fault(e, asm -> asm.li(S0, Machine.UNMAPPED).load(2, A0, S0, 4));
        assertEquals("segmentation fault at pc 0x10004: read of 4 bytes at 0x70004: page 0x70000 is not mapped",
                f.getMessage());
        GuestFault outside = fault(e, asm -> asm.li(S0, -16).load(3, A0, S0, 0));
        assertTrue(outside.getMessage().startsWith(
                "segmentation fault at pc 0x10004: read of 8 bytes at 0xfffffffffffffff0"), outside.getMessage());
    }

    /** Code above 2^31: the same values, and a fault names the full pc (no truncation to 32 bits). */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void loadsAtPcsAboveTwoGigabytes(Engine e) {
        long high = 0x8000_0000L;
        try (Machine m = new Machine(high)) {
            m.storeLong(Machine.DATA, PATTERN);
            m.load(new Asm().li(S0, Machine.DATA).load(3, A0, S0, 0).load(6, A1, S0, 4).load(4, A2, S0, 7)
                    .load(0, A3, S0, 1)).run(e);
            assertEquals(PATTERN, m.x(A0));
            assertEquals(PATTERN >>> 32, m.x(A1), "lwu zero-extends");
            assertEquals((PATTERN >>> 56) & 0xff, m.x(A2), "lbu zero-extends");
            assertEquals((long) (byte) (PATTERN >>> 8), m.x(A3), "lb sign-extends");
        }
        try (Machine m = new Machine(high)) {
            m.load(new Asm().li(S0, Machine.UNMAPPED).load(3, A0, S0, 8));
            GuestFault f = assertThrows(GuestFault.class, () -> m.run(e));
            assertEquals("segmentation fault at pc 0x80000004: read of 8 bytes at 0x70008: page 0x70000 is not mapped",
                    f.getMessage());
        }
    }

    /**
     * A loop summing the data area walks off its end: 8,192 loads succeed (the loop is hot and
     * translated by then), the next one, from the unmapped page after the area, faults with its pc.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void hotLoopWalkingOffMappedMemoryFaults(Engine e) {
        for (int size : new int[] {1, 2, 4, 8}) {
            int funct3 = size == 8 ? 3 : Integer.numberOfTrailingZeros(size) | 4;
            long end = Machine.DATA + Machine.DATA_SIZE;
            try (Machine m = new Machine()) {
                m.load(new Asm()
                        .li(S0, Machine.DATA)                  // 0x10000 (lui)
                        .load(funct3, A0, S0, 0)               // 0x10004: the faulting load
                        .op(0, 0, A1, A1, A0)                  // a1 += a0
                        .addi(S0, S0, size)
                        .branch(0, 0, 0, -12));                // loop
                GuestFault f = assertThrows(GuestFault.class, () -> m.run(e, 10_000_000));
                assertEquals(String.format("segmentation fault at pc 0x10004: read of %d byte%s at 0x%x: page 0x%x is not mapped",
                        size, size == 1 ? "" : "s", end, end), f.getMessage(), "size " + size);
                assertEquals(139, f.exitStatus());
            }
        }
    }

    /**
     * The last page of the address space mapped: accesses ending at its last byte work, one running
     * past the end faults. Translated code proves its accesses in bounds from the permission check
     * alone (no bounds check of its own), so the edge of the address space must still be exact: both
     * with a power-of-two address space and with one that is not.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void accessesAtTheTopOfTheAddressSpace(Engine e) {
        for (long codeBase : new long[] {Machine.CODE, 0x8000_0000L}) {
            try (Machine m = withTopPageMapped(codeBase)) {
                long size = m.shared.size();
                m.x(A1, PATTERN);
                m.load(new Asm().li(S0, size - 8)
                        .store(3, S0, A1, 0)           // sd a1 at the last 8 bytes
                        .load(3, A0, S0, 0)            // ld them back
                        .load(4, A2, S0, 7)            // lbu the very last byte
                        .store(0, S0, A1, -8)          // sb just below
                        .load(0, A3, S0, -8)).run(e);
                assertEquals(PATTERN, m.x(A0), "size 0x" + Long.toHexString(size));
                assertEquals(PATTERN >>> 56, m.x(A2));
                assertEquals((long) (byte) PATTERN, m.x(A3));
                assertEquals(PATTERN, m.loadLong(size - 8));
            }
            for (long at : new long[] {-4, 0}) {
                try (Machine m = withTopPageMapped(codeBase)) {
                    long size = m.shared.size();
                    m.load(new Asm().li(S0, size + at).load(3, A0, S0, 0));
                    long pc = m.end() - 4;
                    GuestFault f = assertThrows(GuestFault.class, () -> m.run(e));
                    assertTrue(f.getMessage().startsWith(String.format(
                            "segmentation fault at pc 0x%x: read of 8 bytes at 0x%x", pc, size + at)), f.getMessage());
                }
            }
        }
    }

    /** A machine whose code starts at {@code codeBase}, with the last page of its address space mapped read-write. */
    private static Machine withTopPageMapped(long codeBase) {
        Machine m = new Machine(codeBase);
        long top = m.shared.size() - PageTable.PAGE_SIZE;
        m.shared.allocator().reserveFixed(top, PageTable.PAGE_SIZE);
        m.shared.map(top, PageTable.PAGE_SIZE, PageTable.READ_WRITE);
        m.memory.refresh(top, PageTable.PAGE_SIZE);
        return m;
    }

    /**
     * A hot loop's load whose base register then moves far above the address space, to an address
     * whose low bits name the mapped data area: it faults with that address and its own pc rather
     * than reading the data area. (Registers saved at the fault, as for a guest's handler, show what the
     * loads before it read.)
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void addressesBeyondTheAddressSpaceNeverAliasMappedMemory(Engine e) {
        for (long distance : new long[] {1L << 34, 1L << 40, 1L << 62}) {
            try (Machine m = new Machine().preciseFaults()) {
                m.storeLong(Machine.DATA, PATTERN);
                Asm asm = new Asm().li(S0, Machine.DATA).li(5, distance).li(A2, 20_000);
                long loop = Machine.CODE + 2L * asm.parcels().size();
                asm.load(3, A0, S0, 0)                 // loop: the load that faults at last
                        .addi(A2, A2, -1)
                        .branch(1, A2, 0, -8)          // bnez a2, loop
                        .op(0, 0, S0, S0, 5)           // s0 += distance
                        .jal(0, -16);                  // j loop
                m.load(asm);
                GuestFault f = assertThrows(GuestFault.class, () -> m.run(e, 10_000_000));
                assertTrue(f.getMessage().startsWith(String.format("segmentation fault at pc 0x%x: read of 8 bytes at 0x%x",
                        loop, Machine.DATA + distance)), f.getMessage());
                assertEquals(PATTERN, m.x(A0), "the loop's loads before it read the data area");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void storesToReadOnlyOrUnmappedPagesFault(Engine e) {
        GuestFault readOnly = fault(e, asm -> asm.li(S0, Machine.READ_ONLY).store(2, S0, A0, 0));
        assertEquals("segmentation fault at pc 0x10004: write of 4 bytes at 0x60000: page 0x60000 is mapped r--",
                readOnly.getMessage());
        GuestFault unmapped = fault(e, asm -> asm.li(S0, Machine.UNMAPPED).store(0, S0, A0, 1));
        assertEquals("segmentation fault at pc 0x10004: write of 1 byte at 0x70001: page 0x70000 is not mapped",
                unmapped.getMessage());
        GuestFault crossing = fault(e, asm -> asm.li(S0, Machine.DATA + Machine.DATA_SIZE - 4).store(3, S0, A0, 0));
        assertTrue(crossing.getMessage().contains("write of 8 bytes at 0x4fffc: page 0x50000 is not mapped"),
                crossing.getMessage());
    }

    // ---- A extension ----

    private static Asm lr(Asm a, boolean word, int rd, int rs1) {
        return a.amo(0b00010, word ? 2 : 3, false, false, rd, rs1, 0);
    }

    private static Asm sc(Asm a, boolean word, int rd, int rs1, int rs2) {
        return a.amo(0b00011, word ? 2 : 3, false, true, rd, rs1, rs2);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void loadReservedStoreConditional(Engine e) {
        long at = Machine.DATA + 256;
        try (Machine m = run(e, mm -> mm.storeLong(at, 0xfffffffff0000001L).x(A2, 42).x(A3, 7), asm -> {
            asm.li(S0, at);
            lr(asm, true, A0, S0);          // reserve, a0 = sign-extended word
            sc(asm, true, A1, S0, A2);      // succeeds: a1 = 0, word = 42
            sc(asm, true, A4, S0, A3);      // no reservation any more: a4 = 1, memory unchanged
            lr(asm, false, 15, S0);         // reserve the doubleword
            asm.store(3, S0, A3, 0);        // another store changes the value
            sc(asm, false, 16, S0, A2);     // fails: a6 = 1
        })) {
            assertEquals(0xfffffffff0000001L, m.x(A0));
            assertEquals(0, m.x(A1));
            assertEquals(1, m.x(A4));
            assertEquals(0xffffffff0000002aL, m.x(15));
            assertEquals(1, m.x(16));
            assertEquals(7, m.loadLong(at));
        }
    }

    /** funct5 of each AMO and its effect on (memory, operand). */
    private static final Object[][] AMOS = {
        {0b00001, "swap"}, {0b00000, "add"}, {0b00100, "xor"}, {0b01100, "and"}, {0b01000, "or"},
        {0b10000, "min"}, {0b10100, "max"}, {0b11000, "minu"}, {0b11100, "maxu"},
    };

    private static long amoResult(String op, long mem, long operand, boolean word) {
        if (word) {
            int m = (int) mem;
            int o = (int) operand;
            return switch (op) {
                case "swap" -> o;
                case "add" -> m + o;
                case "xor" -> m ^ o;
                case "and" -> m & o;
                case "or" -> m | o;
                case "min" -> Math.min(m, o);
                case "max" -> Math.max(m, o);
                case "minu" -> Integer.compareUnsigned(m, o) < 0 ? m : o;
                default -> Integer.compareUnsigned(m, o) > 0 ? m : o;
            };
        }
        return switch (op) {
            case "swap" -> operand;
            case "add" -> mem + operand;
            case "xor" -> mem ^ operand;
            case "and" -> mem & operand;
            case "or" -> mem | operand;
            case "min" -> Math.min(mem, operand);
            case "max" -> Math.max(mem, operand);
            case "minu" -> Long.compareUnsigned(mem, operand) < 0 ? mem : operand;
            default -> Long.compareUnsigned(mem, operand) > 0 ? mem : operand;
        };
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void atomicMemoryOperations(Engine e) {
        long[][] cases = {{5, -3}, {-1, 1}, {0x80000000L, 0x7fffffffL}, {Long.MIN_VALUE, 1}};
        for (Object[] amo : AMOS) {
            for (boolean word : new boolean[] {true, false}) {
                for (long[] c : cases) {
                    long at = Machine.DATA + 512;
                    int funct5 = (int) amo[0];
                    String op = (String) amo[1];
                    try (Machine m = run(e, mm -> mm.storeLong(at, c[0]).x(A2, c[1]),
                            asm -> asm.li(S0, at).amo(funct5, word ? 2 : 3, true, true, A0, S0, A2))) {
                        long old = word ? (int) c[0] : c[0];
                        long stored = amoResult(op, c[0], c[1], word);
                        String what = "amo" + op + (word ? ".w" : ".d") + " " + c[0] + ", " + c[1];
                        assertEquals(old, m.x(A0), what + " returns the old value");
                        if (word) {
                            assertEquals((int) stored, (int) m.loadLong(at), what);
                            assertEquals(c[0] >>> 32, m.loadLong(at) >>> 32, what + " leaves the upper word");
                        } else {
                            assertEquals(stored, m.loadLong(at), what);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void misalignedAtomicsAreBusErrors(Engine e) {
        GuestFault f = fault(e, asm -> asm.li(S0, Machine.DATA + 2).amo(0, 2, false, false, A0, S0, A1));
        assertEquals("bus error at pc 0x10008: misaligned 4-byte atomic access at 0x40002", f.getMessage());
        assertEquals(135, f.exitStatus());
    }

    // ---- CSRs, fences, traps ----

    @ParameterizedTest
    @EnumSource(Engine.class)
    void floatingPointControlRegisters(Engine e) {
        try (Machine m = run(e, mm -> mm.x(A1, 0xff), asm -> asm
                .csr(1, A0, 0x003, A1)      // csrrw a0, fcsr, a1: fcsr = 0xff
                .csr(2, A2, 0x002, 0)       // csrrs a2, frm, zero: read 7
                .csr(3, A3, 0x001, A1)      // csrrc a3, fflags, a1: read 0x1f, clear all
                .csr(5, A4, 0x002, 2)       // csrrwi a4, frm, 2: old 7
                .csr(6, 15, 0x001, 0b101)   // csrrsi a5, fflags, 5: old 0
                .csr(2, 16, 0x003, 0))) {   // csrrs a6, fcsr, zero
            assertEquals(0, m.x(A0));
            assertEquals(7, m.x(A2));
            assertEquals(0x1f, m.x(A3));
            assertEquals(7, m.x(A4));
            assertEquals(0, m.x(15));
            assertEquals((2 << 5) | 5, m.x(16));
            assertEquals(2, m.hart.frm);
            assertEquals(5, m.hart.fflags);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void countersAdvance(Engine e) {
        try (Machine m = run(e, mm -> { }, asm -> asm.csr(2, A0, 0xc00, 0).csr(2, A1, 0xc01, 0).csr(2, A2, 0xc02, 0)
                .li(A4, 20000).addi(A4, A4, -1).branch(1, A4, 0, -4)
                .csr(2, A3, 0xc00, 0).csr(2, 15, 0xc01, 0))) {
            assertTrue(m.x(A3) > m.x(A0), "cycle advances");
            assertTrue(m.x(15) >= m.x(A1), "time does not go back");
            assertTrue(m.x(A2) > 0);
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void badCsrAccessesAreIllegal(Engine e) {
        assertEquals("illegal instruction 0xc0059573 (CSR 0xc00 is read-only) at pc 0x10000",
                fault(e, asm -> asm.csr(1, A0, 0xc00, A1)).getMessage());
        assertEquals("illegal instruction 0x30002573 (CSR 0x300 is not accessible in user mode) at pc 0x10000",
                fault(e, asm -> asm.csr(2, A0, 0x300, 0)).getMessage());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void trapsNameTheirInstructionAndPc(Engine e) {
        GuestFault breakpoint = fault(e, asm -> asm.addi(A0, 0, 1).ebreak());
        assertEquals("breakpoint (ebreak) at pc 0x10004", breakpoint.getMessage());
        assertEquals(133, breakpoint.exitStatus());
        GuestFault illegal = fault(e, asm -> asm.addi(A0, 0, 1).word(0x0000000b));
        assertEquals("illegal instruction 0x0000000b at pc 0x10004", illegal.getMessage());
        assertEquals(132, illegal.exitStatus());
        assertEquals("illegal instruction 0x0000 at pc 0x10002", fault(e, asm -> asm.half(0x0001).half(0)).getMessage());
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void fencesAndSystemCalls(Engine e) {
        try (Machine m = run(e, mm -> mm.x(17, 93), asm -> asm.word(0x0ff0000f).word(0x0000100f).addi(A0, 0, 3)
                .ecall().addi(A1, A0, 1))) {
            assertEquals(java.util.List.of(93L), m.ecalls());
            assertEquals(4, m.x(A1));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void compressedInstructionsExecute(Engine e) {
        long stack = Machine.DATA + 0x800;
        try (Machine m = run(e, mm -> mm.x(SP, stack).x(14, Machine.DATA + 0x100).storeLong(Machine.DATA + 0x110, 1234)
                .storeLong(stack + 32, -99).fd(11, 2.5), asm -> asm
                .half(0x556d)   // c.li a0, -5
                .half(0x051d)   // c.addi a0, 7        -> 2
                .half(0x357d)   // c.addiw a0, -1      -> 1
                .half(0x65fd)   // c.lui a1, 0x1f      -> 0x1f000
                .half(0x058e)   // c.slli a1, 3        -> 0xf8000
                .half(0x8189)   // c.srli a1, 2        -> 0x3e000
                .half(0x8585)   // c.srai a1, 1        -> 0x1f000
                .half(0x862e)   // c.mv a2, a1
                .half(0x962a)   // c.add a2, a0        -> 0x1f001
                .half(0x8e09)   // c.sub a2, a0        -> 0x1f000
                .half(0x8e49)   // c.or a2, a0         -> 0x1f001
                .half(0x6b14)   // c.ld a3, 16(a4)     -> 1234
                .half(0xef14)   // c.sd a3, 24(a4)
                .half(0x7782)   // c.ldsp a5, 32(sp)   -> -99
                .half(0xf43e)   // c.sdsp a5, 40(sp)
                .half(0xa4ae)   // c.fsdsp fa1, 72(sp)
                .half(0x7139)   // c.addi16sp sp, -64
                .half(0x1ff8)   // c.addi4spn a4, sp, 1020
                .half(0xa011)   // c.j +4 (over the next c.li)
                .half(0x4501)   // c.li a0, 0 (skipped)
                .half(0xc111)   // c.beqz a0, +4 (not taken: a0 = 1)
                .half(0x0505)   // c.addi a0, 1        -> 2
        )) {
            assertEquals(2, m.x(A0));
            assertEquals(0x1f000, m.x(A1));
            assertEquals(0x1f001, m.x(A2));
            assertEquals(1234, m.loadLong(Machine.DATA + 0x118));
            assertEquals(-99, m.loadLong(stack + 40));
            assertEquals(2.5, Double.longBitsToDouble(m.loadLong(stack + 72)));
            assertEquals(stack - 64, m.x(SP));
            assertEquals(stack - 64 + 1020, m.x(14));
        }
    }
}
