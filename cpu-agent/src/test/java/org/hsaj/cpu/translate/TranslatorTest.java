package org.hsaj.cpu.translate;

import static org.junit.jupiter.api.Assertions.*;
import static org.hsaj.cpu.testing.Registers.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hsaj.cpu.exec.CodeCache;
import org.hsaj.cpu.exec.DecodedBlock;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.cpu.testing.Asm;
import org.hsaj.cpu.testing.Engine;
import org.hsaj.cpu.testing.Machine;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/** Code cache behaviour of the translator: self-modifying code, chaining, dumping, method sizes. */
class TranslatorTest {
    @ParameterizedTest
    @EnumSource(Engine.class)
    void storesToCodeInvalidateTranslations(Engine e) {
        // The program calls a one-instruction function at F twice; in between it overwrites the
        // function's "addi a0, a0, 1" with "addi a0, a0, 100" and executes fence.i.
        long f = Machine.CODE + 0x1000;
        int add100 = Asm.i(0x13, 0, A0, A0, 100);
        try (Machine m = new Machine()) {
            m.shared.map(f & -PageTable.PAGE_SIZE, PageTable.PAGE_SIZE, PageTable.READ | PageTable.WRITE | PageTable.EXECUTE);
            m.memory.refresh(f, PageTable.PAGE_SIZE);
            write(m, f, new Asm().addi(A0, A0, 1).jalr(0, 1, 0));
            Asm main = new Asm().li(T0, f).addi(A0, 0, 0);
            for (int round = 0; round < 40; round++) {
                main.jalr(1, T0, 0);  // 40 calls make the function hot before the change
            }
            main.li(A1, add100).store(2, T0, A1, 0).word(0x0000100f).jalr(1, T0, 0);
            m.load(main).run(e);
            assertEquals(40 + 100, m.x(A0));
        }
    }

    /**
     * The build runs this module's tests with java.base/jdk.internal.misc exported (translated code
     * reaches memory by host address) and the memory tests once more with the segment forced.
     */
    @Test
    void translatedCodeReachesMemoryByHostAddressUnlessTheSegmentIsForced() {
        boolean forced = "segment".equals(System.getProperty("hsaj.translator.memory"));
        assertEquals(!forced, MemoryAccess.usesHostAddresses());
    }

    @Test
    void directExitsAreChainedToTheirTargetsTranslation() {
        try (Machine m = new Machine()) {
            // Two blocks: the first jumps to the second.
            m.load(new Asm().addi(A0, 0, 1).jal(0, 8).addi(A0, 0, 99).addi(A1, A0, 2));
            CodeCache cache = new CodeCache(m.memory);
            Translator translator = new Translator(m.memory, cache, false);
            DecodedBlock first = cache.block(Machine.CODE);
            DecodedBlock second = cache.block(Machine.CODE + 12);
            translator.translateBlock(second);
            translator.translateBlock(first);
            TranslatedRegion a = (TranslatedRegion) first.translation;
            TranslatedRegion b = (TranslatedRegion) second.translation;
            assertSame(b, a.links[0], "the jump's exit calls the target's translation directly");
            m.hart.pc = Machine.CODE;
            long next = a.execute(m.hart, Machine.CODE);
            assertEquals(m.end(), next, "the chained call ran the second block too");
            assertEquals(3, m.x(A1));
            // Dropping the target's page unlinks it.
            cache.invalidatePage(Machine.CODE);
            assertNull(a.links[0]);
            assertFalse(b.valid);
        }
    }

    /** Two translated blocks, the first jumping to the second; the second is translated only when asked. */
    private static final class TwoBlocks {
        final Machine m = new Machine();
        final CodeCache cache = new CodeCache(m.memory);
        final Translator translator = new Translator(m.memory, cache, false);
        final DecodedBlock first;
        final DecodedBlock second;

        TwoBlocks() {
            m.load(new Asm().addi(A0, 0, 1).jal(0, 8).addi(A0, 0, 99).addi(A1, A0, 2));
            first = cache.block(Machine.CODE);
            second = cache.block(Machine.CODE + 12);
            translator.translateBlock(first);
        }

        TranslatedRegion a() {
            return (TranslatedRegion) first.translation;
        }
    }

    @Test
    void aTargetTranslatedAfterItsPredecessorIsChainedToFromThenOn() {
        TwoBlocks t = new TwoBlocks();
        try (t.m) {
            assertNull(t.a().links[0]);
            assertEquals(Machine.CODE + 12, t.a().execute(t.m.hart, Machine.CODE),
                    "unlinked, the exit returns the target's pc to the dispatcher");
            assertEquals(0, t.m.x(A1));
            t.translator.translateBlock(t.second);
            assertSame(t.second.translation, t.a().links[0]);
            assertEquals(t.m.end(), t.a().execute(t.m.hart, Machine.CODE), "linked, the exit runs the target");
            assertEquals(3, t.m.x(A1));
            assertEquals(0, t.m.hart.chainDepth, "the nesting count is back where it was");
        }
    }

    @Test
    void chainedCallsStopAtTheNestingLimit() {
        TwoBlocks t = new TwoBlocks();
        try (t.m) {
            t.translator.translateBlock(t.second);
            t.m.hart.chainDepth = TranslatedRegion.MAX_CHAIN_DEPTH;
            assertEquals(Machine.CODE + 12, t.a().execute(t.m.hart, Machine.CODE),
                    "at the limit the exit returns to the dispatcher");
            assertEquals(0, t.m.x(A1));
            assertEquals(TranslatedRegion.MAX_CHAIN_DEPTH, t.m.hart.chainDepth);
            t.m.hart.chainDepth = TranslatedRegion.MAX_CHAIN_DEPTH - 1;
            assertEquals(t.m.end(), t.a().execute(t.m.hart, Machine.CODE), "one below the limit the call is made");
            assertEquals(3, t.m.x(A1));
            assertEquals(TranslatedRegion.MAX_CHAIN_DEPTH - 1, t.m.hart.chainDepth);
        }
    }

    @Test
    void dumpsGeneratedClassesThatVerifyAndStaySmall(@TempDir Path dump) throws IOException {
        System.setProperty("hsaj.dump", dump.toString());
        try (Machine m = new Machine()) {
            // A long straight run of loads and stores: the region must be split to stay under the size limit.
            Asm asm = new Asm().li(8, Machine.DATA);
            for (int i = 0; i < 600; i++) {
                asm.load(3, 10 + i % 8, 8, (i % 200) * 8).store(3, 8, 10 + (i + 3) % 8, (i % 100) * 16);
            }
            m.load(asm).run(Engine.REGION);
        } finally {
            System.clearProperty("hsaj.dump");
        }
        List<Path> classes;
        try (Stream<Path> files = Files.list(dump)) {
            classes = files.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertFalse(classes.isEmpty());
        boolean hot = false;
        for (Path c : classes) {
            byte[] bytes = Files.readAllBytes(c);
            Translator.check(bytes);
            ClassNode node = new ClassNode();
            new ClassReader(bytes).accept(node, 0);
            hot |= node.name.contains("Hot_");
            for (MethodNode method : node.methods) {
                int size = codeSize(bytes, method.name);
                assertTrue(size < 8000, c + " " + method.name + " has " + size + " bytes of bytecode");
            }
        }
        assertTrue(hot, "a hot region was compiled");
    }

    /**
     * A loop of two blocks from CODE: a0 += 1; on even a0, a2 += 1; again while a0 < a1. Its back edge
     * (CODE + 16 to CODE) is not a block's jump to its own start.
     */
    private static Asm twoBlockLoop() {
        return new Asm().addi(A0, A0, 1).word(Asm.i(0x13, 7, T0, A0, 1)).branch(1, T0, 0, 8).addi(12, 12, 1)
                .branch(4, A0, A1, -16);
    }

    /** Decodes the loop's blocks as run often and compiles the hot region grown from CODE. */
    private static TranslatedRegion hotLoop(CodeCache cache, Translator translator) {
        return hotRegion(cache, translator, Machine.CODE + 12, Machine.CODE + 16);
    }

    /** The hot region grown from the block at Machine.CODE, it and the blocks at {@code alsoHot} made hot. */
    private static TranslatedRegion hotRegion(CodeCache cache, Translator translator, long... alsoHot) {
        for (long pc : alsoHot) {
            cache.block(pc).executions = 5000;
        }
        DecodedBlock head = cache.block(Machine.CODE);
        head.executions = 5000;
        translator.translateHot(head);
        return (TranslatedRegion) head.translation;
    }

    @Test
    void backEdgesLookAtTheStopRequestOnlyOnceTheProcessHasASecondThread() {
        try (Machine m = new Machine()) {
            m.load(twoBlockLoop());
            CodeCache cache = new CodeCache(m.memory);
            Translator translator = new Translator(m.memory, cache, false);
            TranslatedRegion single = hotLoop(cache, translator);
            // Nobody asks a one-thread process to stop: set here only to see whether the loop looks.
            m.hart.stopRequested = true;
            m.x(A0, 0).x(A1, 100);
            assertEquals(m.end(), single.execute(m.hart, Machine.CODE));
            assertEquals(100, m.x(A0), "one thread: the loop ran to its end without looking");

            translator.enableStopChecks();
            assertFalse(single.valid, "what was compiled without the look is dropped");
            assertNull(cache.peek(Machine.CODE), "with the decoded blocks, which heat up anew");
            TranslatedRegion threaded = hotLoop(cache, translator);
            m.x(A0, 0);
            assertEquals(Machine.CODE, threaded.execute(m.hart, Machine.CODE), "the back edge left for the dispatcher");
            assertEquals(1, m.x(A0));
            assertEquals(0, translator.failures());
        }
    }

    /** A region whose system call drops it (the clone of a second thread does) leaves right after the call. */
    @ParameterizedTest(name = "dropped={0}")
    @ValueSource(booleans = {false, true})
    void aRegionDroppedByItsSystemCallLeavesAfterIt(boolean dropped) {
        try (Machine m = new Machine()) {
            m.load(new Asm().ecall().addi(A0, A0, 5));
            CodeCache cache = new CodeCache(m.memory);
            Translator translator = new Translator(m.memory, cache, false);
            Hart hart = new Hart(m.memory, h -> {
                if (dropped) {
                    translator.enableStopChecks();
                }
                return false;
            });
            TranslatedRegion region = hotRegion(cache, translator, Machine.CODE + 4);
            assertEquals(2, region.blocks.length, "the call and the block after it are one region");
            long next = region.execute(hart, Machine.CODE);
            assertEquals(dropped ? Machine.CODE + 4 : m.end(), next);
            assertEquals(dropped ? 0 : 5, hart.x[A0]);
        }
    }

    /**
     * A system call that moves the hart (the entry of a signal handler, rt_sigreturn) leaves the region
     * for the hart's new pc with the registers the call set: the region's own values, written back before
     * the call, must not overwrite them on the way out.
     */
    @Test
    void aSystemCallThatMovesTheHartLeavesWithTheRegistersItSet() {
        final int t0 = 5;
        final int t1 = 6;
        try (Machine m = new Machine()) {
            m.load(new Asm().addi(t0, 0, 3).addi(t1, 0, 4).ecall().addi(t0, t0, 100).addi(A0, A0, 5));
            CodeCache cache = new CodeCache(m.memory);
            Translator translator = new Translator(m.memory, cache, false);
            long elsewhere = Machine.CODE + 0x800;
            Hart hart = new Hart(m.memory, h -> {
                assertEquals(3, h.x[t0], "registers changed before the call are in the hart");
                h.x[t0] = 70;
                h.x[A0] = 9;
                h.pc = elsewhere;
                return true;
            });
            TranslatedRegion region = hotRegion(cache, translator, Machine.CODE + 12);
            assertEquals(2, region.blocks.length, "the call and the block after it are one region");
            assertEquals(elsewhere, region.execute(hart, Machine.CODE));
            assertEquals(70, hart.x[t0]);
            assertEquals(4, hart.x[t1]);
            assertEquals(9, hart.x[A0]);
        }
    }

    /**
     * Once the guest has a handler for a fault signal, a fault in translated code leaves the hart as it
     * was before the faulting instruction (what that handler gets): registers changed before it written
     * back, later ones not run. Before, the fault leaves the registers in the region (it ends the process).
     */
    @ParameterizedTest(name = "preciseFaults={0}")
    @ValueSource(booleans = {false, true})
    void aFaultInARegionLeavesTheHartAsItWasBeforeTheFaultingInstruction(boolean preciseFaults) {
        final int t0 = 5;
        final int t1 = 6;
        try (Machine m = new Machine()) {
            m.load(new Asm().addi(t0, 0, 3).addi(t1, 0, 4).load(2, t1, 0, 16).addi(t0, 0, 9).addi(A0, 0, 1));
            CodeCache cache = new CodeCache(m.memory);
            Translator translator = new Translator(m.memory, cache, false);
            if (preciseFaults) {
                translator.enablePreciseFaults();
            }
            TranslatedRegion region = hotRegion(cache, translator);
            assertNotNull(region);
            org.hsaj.cpu.GuestFault f = assertThrows(org.hsaj.cpu.GuestFault.class,
                    () -> region.execute(m.hart, Machine.CODE));
            assertEquals(new org.hsaj.cpu.GuestFault.Trap(11, 1, 16, Machine.CODE + 8), f.trap(),
                    "SIGSEGV, SEGV_MAPERR, at address 16, raised by the load");
            assertEquals(preciseFaults, f.registersSaved());
            assertEquals(preciseFaults ? 3 : 0, m.hart.x[t0]);
            assertEquals(preciseFaults ? 4 : 0, m.hart.x[t1]);
            assertEquals(0, m.hart.x[A0]);
        }
    }

    /**
     * A callee that rewrites code of its caller's region (a store, then fence.i) and returns: the caller
     * must not carry on in its dropped translation, which still holds the old instruction.
     */
    @Test
    void aCallerWhoseCodeTheCalleeRewroteLeavesWhenTheCallReturns() {
        final int t1 = 6;
        long callee = Machine.CODE + 0x1000;
        int add7 = Asm.i(0x13, 0, A0, A0, 7);
        try (Machine m = new Machine()) {
            // CODE: jal ra, callee; addi a0, a0, 5 (the callee makes it addi a0, a0, 7).
            m.load(new Asm().jal(1, 0x1000).addi(A0, A0, 5));
            // callee: sw t1, 4(t0); fence.i; ret -- on a page of its own.
            write(m, callee, new Asm().store(2, T0, t1, 4).word(0x0000100f).jalr(0, 1, 0));
            m.shared.map(Machine.CODE, PageTable.PAGE_SIZE, PageTable.READ | PageTable.WRITE | PageTable.EXECUTE);
            m.memory.refresh(Machine.CODE, PageTable.PAGE_SIZE);
            CodeCache cache = new CodeCache(m.memory);
            Translator translator = new Translator(m.memory, cache, false);
            for (long pc : new long[] {callee + 8, callee}) {
                DecodedBlock b = cache.block(pc);
                b.executions = 5000;
                translator.translateHot(b);
            }
            TranslatedRegion caller = hotRegion(cache, translator, Machine.CODE + 4);
            assertEquals(2, caller.blocks.length, "the caller's region holds the call and its continuation, not the callee");
            m.x(T0, Machine.CODE).x(t1, add7);
            assertEquals(Machine.CODE + 4, caller.execute(m.hart, Machine.CODE), "left at the return address");
            assertFalse(caller.valid);
            assertEquals(0, m.x(A0), "the old instruction did not run");
        }
    }

    /**
     * A region checks its loads and stores against the access windows the interpreter's addresses chose
     * (the window test, the unchecked access, the mirror-checking helper outside the window), and those
     * follow the mapping: once a page in the middle of the data area is unmapped, the same region faults
     * at its load there, where before it loaded and stored.
     */
    @Test
    void aRegionsAccessesUseWindowsThatFollowTheMapping(@TempDir Path dump) throws IOException {
        final int t1 = 6;
        copyThroughAWindowThenUnmap(dump, t1, List.of("holds", "readLong", "ld", "holds", "writeLong", "sd"));
    }

    /**
     * Accesses through one base register share one check, which tries their access window first, and
     * that window follows the mapping too.
     */
    @Test
    void aGroupsSharedCheckUsesAWindowThatFollowsTheMapping(@TempDir Path dump) throws IOException {
        copyThroughAWindowThenUnmap(dump, T0, List.of("holds", "groupAllows", "ldIf", "sdIf"));
    }

    /**
     * Runs {@code ld a0, 8(t0); sd a0, 16(storeBase)} (both bases the same page) as a region, which must
     * make the {@code expectedCalls}, copy the value, then fault at the load once the page is unmapped.
     */
    private static void copyThroughAWindowThenUnmap(Path dump, int storeBase, List<String> expectedCalls) throws IOException {
        long page = Machine.DATA + 2 * PageTable.PAGE_SIZE;
        try (Machine m = new Machine()) {
            m.load(new Asm().load(3, A0, T0, 8).store(3, storeBase, A0, 16));
            m.x(T0, page).x(storeBase, page).storeLong(page + 8, 42);
            CodeCache cache = new CodeCache(m.memory);
            Translator translator = dumpingTranslator(m, cache, dump);
            org.hsaj.cpu.interp.Interpreter.run(m.hart, cache.block(Machine.CODE), true); // the interpreter records the addresses
            TranslatedRegion region = hotRegion(cache, translator);
            assertEquals(expectedCalls, accessCalls(dump));

            m.x(A0, 0).storeLong(page + 16, 0);
            region.execute(m.hart, Machine.CODE);
            assertEquals(42, m.loadLong(page + 16));

            m.shared.unmap(page, PageTable.PAGE_SIZE);
            m.memory.refresh(page, PageTable.PAGE_SIZE);
            org.hsaj.cpu.GuestFault f = assertThrows(org.hsaj.cpu.GuestFault.class, () -> region.execute(m.hart, Machine.CODE));
            assertEquals(new org.hsaj.cpu.GuestFault.Trap(11, 1, page + 8, Machine.CODE), f.trap(), "SIGSEGV at the load");
        }
    }

    /**
     * A store window loses a page once code is decoded from it: a region's store there then reaches the
     * code-write listener, which drops the code decoded from that page.
     */
    @Test
    void aStoreWhoseWindowHeldAPageThatBecameCodeStillDropsThatCode(@TempDir Path dump) throws IOException {
        long page = Machine.DATA + PageTable.PAGE_SIZE;
        try (Machine m = new Machine()) {
            m.shared.map(page, PageTable.PAGE_SIZE, PageTable.READ_WRITE | PageTable.EXECUTE);
            m.memory.refresh(page, PageTable.PAGE_SIZE);
            m.load(new Asm().store(3, T0, A0, 0)); // sd a0, 0(t0)
            m.x(T0, page + 64);
            CodeCache cache = new CodeCache(m.memory);
            Translator translator = dumpingTranslator(m, cache, dump);
            org.hsaj.cpu.interp.Interpreter.run(m.hart, cache.block(Machine.CODE), true);
            TranslatedRegion region = hotRegion(cache, translator);
            assertEquals(List.of("writeLong"), windowChecks(dump));
            write(m, page, new Asm().addi(A0, A0, 1).jalr(0, 1, 0));
            DecodedBlock code = cache.block(page); // code decoded from the data page, after the region was compiled
            region.execute(m.hart, Machine.CODE);
            assertNull(cache.peek(page), "the store dropped the decoded block");
            assertNotSame(code, cache.block(page));
        }
    }

    /**
     * Regions of a process with a second thread keep the mirror check alone (see AccessWindows): the
     * start of that thread drops the regions compiled with windows, and their successors have none.
     */
    @Test
    void aSecondThreadDropsRegionsWithWindowsForRegionsWithout(@TempDir Path dump) throws IOException {
        try (Machine m = new Machine()) {
            m.load(new Asm().load(3, A0, T0, 8));
            m.x(T0, Machine.DATA);
            CodeCache cache = new CodeCache(m.memory);
            Translator translator = dumpingTranslator(m, cache, dump);
            org.hsaj.cpu.interp.Interpreter.run(m.hart, cache.block(Machine.CODE), true);
            TranslatedRegion windowed = hotRegion(cache, translator);
            assertEquals(List.of("readLong"), windowChecks(dump));
            clear(dump);

            translator.enableStopChecks();
            assertFalse(windowed.valid);
            org.hsaj.cpu.interp.Interpreter.run(m.hart, cache.block(Machine.CODE), true);
            TranslatedRegion plain = hotRegion(cache, translator);
            assertNotSame(windowed, plain);
            assertEquals(List.of(), windowChecks(dump));
            m.storeLong(Machine.DATA + 8, 7);
            plain.execute(m.hart, Machine.CODE);
            assertEquals(7, m.x(A0));
        }
    }

    private static void clear(Path dump) throws IOException {
        try (Stream<Path> files = Files.list(dump)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    /** A translator of the machine's memory that writes every class it generates to {@code dump}. */
    private static Translator dumpingTranslator(Machine m, CodeCache cache, Path dump) {
        System.setProperty("hsaj.dump", dump.toString());
        try {
            return new Translator(m.memory, cache, false);
        } finally {
            System.clearProperty("hsaj.dump");
        }
    }

    /**
     * The accesses a window holds ({@code readLong}, {@code writeByte}, ..., which only a window test reaches)
     * the classes in {@code dump} call, in order.
     */
    private static List<String> windowChecks(Path dump) throws IOException {
        return calls(dump, name -> name.startsWith("read") || name.startsWith("write"));
    }

    /** The window tests, accesses, access helpers and shared checks the classes in {@code dump} call, in order. */
    private static List<String> accessCalls(Path dump) throws IOException {
        return calls(dump, name -> name.equals("holds") || name.startsWith("group") || name.matches("[ls][bhwd](If)?")
                || name.startsWith("read") || name.startsWith("write"));
    }

    /** The names of the methods the classes in {@code dump} call that {@code wanted} accepts, in order. */
    private static List<String> calls(Path dump, java.util.function.Predicate<String> wanted) throws IOException {
        List<String> calls = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(dump)) {
            for (Path c : files.sorted().toList()) {
                ClassNode node = new ClassNode();
                new ClassReader(Files.readAllBytes(c)).accept(node, 0);
                for (MethodNode method : node.methods) {
                    for (org.objectweb.asm.tree.AbstractInsnNode insn : method.instructions) {
                        if (insn instanceof org.objectweb.asm.tree.MethodInsnNode call && wanted.test(call.name)) {
                            calls.add(call.name);
                        }
                    }
                }
            }
        }
        return calls;
    }

    /** Writes {@code code} into the machine's memory at {@code at} (beside the program it loaded). */
    private static void write(Machine m, long at, Asm code) {
        List<Integer> parcels = code.parcels();
        for (int i = 0; i < parcels.size(); i++) {
            m.shared.segment().set(SharedVirtualMemory.SHORT, at + 2L * i, (short) (int) parcels.get(i));
        }
    }

    /** The bytecode length of method {@code name} in a class file. */
    private static int codeSize(byte[] classBytes, String name) {
        return CodeLength.of(classBytes, name);
    }
}
