package org.hsaj.cpu.translate;

import static org.junit.jupiter.api.Assertions.*;
import static org.hsaj.cpu.testing.Registers.*;

import org.hsaj.cpu.exec.CodeCache;
import org.hsaj.cpu.exec.DecodedBlock;
import org.hsaj.cpu.testing.Asm;
import org.hsaj.cpu.testing.Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which blocks a hot region takes in as it grows from its head. */
class RegionTest {
    private static final int BEQ = 0;
    private static final int BLT = 4;
    private static final int HEAD_RUNS = 6400;
    /** The inner loop's block, the head. */
    private static final long INNER = Machine.CODE + 4;
    /** The block control falls into when the inner loop ends. */
    private static final long AFTER = Machine.CODE + 12;

    /**
     * Two loops, one inside the other: CODE: a1 += 1; INNER: a0 += 1, again while a0 < a2; AFTER: a3 += 1,
     * then {@code afterBranch} with offset {@code afterOffset} (to CODE: the outer loop's latch).
     */
    private static Asm nest(int afterBranch, int afterOffset) {
        return new Asm().addi(A1, A1, 1).addi(A0, A0, 1).branch(BLT, A0, A2, -4).addi(A3, A3, 1)
                .branch(afterBranch, A1, A4, afterOffset).ebreak().ebreak();
    }

    /** The region grown from INNER, run HEAD_RUNS times, with AFTER run {@code afterRuns} times. */
    private static Region grow(Asm program, int afterRuns) {
        try (Machine m = new Machine()) {
            m.load(program);
            CodeCache cache = new CodeCache(m.memory);
            DecodedBlock head = cache.block(INNER);
            head.executions = HEAD_RUNS;
            cache.block(AFTER).executions = afterRuns;
            cache.block(Machine.CODE).executions = afterRuns;
            return Region.grow(cache, head, Translator.MAX_REGION_INSTRUCTIONS, null);
        }
    }

    @Test
    void anOuterLoopsLatchRunLessThanASixteenthAsOftenAsTheInnerLoopStaysOut() {
        int runs = HEAD_RUNS / Region.OUTER_LATCH_FRACTION - 1;
        assertTrue(runs >= HEAD_RUNS / Region.HOTNESS_FRACTION, "warm enough for any other block");
        Region region = grow(nest(BLT, -16), runs);
        assertTrue(region.contains(INNER));
        assertFalse(region.contains(AFTER), "the outer loop would compete with the inner one for registers");
        assertFalse(region.contains(Machine.CODE));
    }

    @Test
    void anOuterLoopsLatchRunOftenEnoughComesInWithTheOuterLoop() {
        Region region = grow(nest(BLT, -16), HEAD_RUNS / Region.OUTER_LATCH_FRACTION);
        assertTrue(region.contains(AFTER));
        assertTrue(region.contains(Machine.CODE), "the outer loop's body, through its latch");
    }

    /** Where the inner loop falls out into code that does not close a loop around it, the general fraction holds. */
    @ParameterizedTest
    @ValueSource(ints = {BEQ, BLT})
    void aBlockAfterTheLoopThatClosesNoLoopAroundItNeedsOnlyTheGeneralFraction(int branch) {
        // BEQ forward: no loop at all; BLT to its own start: a loop after the inner one, not around it.
        int offset = branch == BEQ ? 8 : -4;
        Region region = grow(nest(branch, offset), HEAD_RUNS / Region.HOTNESS_FRACTION);
        assertTrue(region.contains(AFTER));
    }

    @Test
    void blocksRunLessThanTheGeneralFractionStayOut() {
        Region region = grow(nest(BEQ, 8), HEAD_RUNS / Region.HOTNESS_FRACTION - 1);
        assertFalse(region.contains(AFTER));
    }

    /** Guest instructions in each case of {@link #switchProgram}. */
    private static final int CASE_LENGTH = 24;
    private static final int CASES = 6;

    /**
     * HEAD: a jump through register {@code via} (x0 as the link), then CASES cases of CASE_LENGTH
     * instructions (CASE_LENGTH - 1 additions and a jump back to HEAD): more than a region's limit in all.
     */
    private static Asm switchProgram(int via) {
        Asm program = new Asm().jalr(0, via, 0);
        for (int c = 0; c < CASES; c++) {
            for (int i = 1; i < CASE_LENGTH; i++) {
                program.addi(A0, A0, c + 1);
            }
            program.jal(0, -program.here());
        }
        return program;
    }

    private static long casePc(int c) {
        return Machine.CODE + 4 + (long) c * CASE_LENGTH * 4;
    }

    /**
     * The region grown from the jump of {@link #switchProgram}, whose profile saw every case, each case run
     * too rarely to join any region on its own and the first held by another hot region.
     */
    private static Region growSwitch(int via) {
        try (Machine m = new Machine()) {
            m.load(switchProgram(via));
            CodeCache cache = new CodeCache(m.memory);
            DecodedBlock head = cache.block(Machine.CODE);
            head.executions = HEAD_RUNS;
            for (int c = 0; c < CASES; c++) {
                DecodedBlock block = cache.block(casePc(c));
                block.executions = HEAD_RUNS / Region.HOTNESS_FRACTION - 1;
                head.recordIndirectTarget(block.pc);
            }
            new Translator(m.memory, cache, false).translateHot(cache.block(casePc(0)));
            assertInstanceOf(TranslatedRegion.class, cache.block(casePc(0)).translation);
            return Region.grow(cache, head, Translator.MAX_REGION_INSTRUCTIONS, null);
        }
    }

    @Test
    void aJumpTablesCasesJoinItsRegionOnABudgetOfTheirOwnEvenWhereAnotherRegionHoldsThem() {
        assertTrue(CASES * CASE_LENGTH > Translator.MAX_REGION_INSTRUCTIONS, "more than one region's worth");
        Region region = growSwitch(A1);
        for (int c = 0; c < CASES; c++) {
            assertTrue(region.contains(casePc(c)), "case " + c);
        }
        assertEquals(1 + CASES * CASE_LENGTH, region.instructionCount());
    }

    @Test
    void aReturnIsNoJumpTable() {
        Region region = growSwitch(1); // jalr x0, 0(ra)
        for (int c = 0; c < CASES; c++) {
            assertFalse(region.contains(casePc(c)), "case " + c);
        }
    }

    /**
     * A switch in a loop whose head is not the jump: CODE: a0 += 1, leaving for the final ebreak when a0 == a4;
     * then a jump through a1 to one of three cases, each a2 += 1 and back to CODE.
     */
    private static Asm loopedSwitch() {
        Asm program = new Asm().addi(A0, A0, 1).branch(BEQ, A0, A4, 32).jalr(0, A1, 0);
        for (int c = 0; c < 3; c++) {
            program.addi(A2, A2, 1).jal(0, -program.here());
        }
        return program.ebreak();
    }

    @Test
    void aRegionGrownAnewInPlaceOfAnotherTakesInTheBlocksTheOldOneHeld() {
        long jump = Machine.CODE + 8;
        long[] cases = {Machine.CODE + 12, Machine.CODE + 20, Machine.CODE + 28};
        try (Machine m = new Machine()) {
            m.load(loopedSwitch());
            CodeCache cache = new CodeCache(m.memory);
            DecodedBlock head = cache.block(Machine.CODE);
            head.executions = HEAD_RUNS;
            DecodedBlock table = cache.block(jump);
            table.executions = HEAD_RUNS;
            for (long c : cases) {
                cache.block(c).executions = HEAD_RUNS / 3;
            }
            table.recordIndirectTarget(cases[0]);
            table.recordIndirectTarget(cases[1]);
            new Translator(m.memory, cache, false).translateHot(head);
            TranslatedRegion old = assertInstanceOf(TranslatedRegion.class, head.translation);
            assertSame(old, table.translation, "the old region holds the jump");
            table.recordIndirectTarget(cases[2]); // a later phase of the guest

            Region anew = Region.grow(cache, head, Translator.MAX_REGION_INSTRUCTIONS, old);
            assertTrue(anew.contains(jump), "the switch stays in its loop's region");
            for (long c : cases) {
                assertTrue(anew.contains(c), "case at " + Long.toHexString(c));
            }
            assertFalse(Region.grow(cache, head, Translator.MAX_REGION_INSTRUCTIONS, null).contains(jump),
                    "grown beside the old region, the jump is the old region's");
        }
    }
}
