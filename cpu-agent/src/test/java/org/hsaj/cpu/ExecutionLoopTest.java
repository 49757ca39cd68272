package org.hsaj.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.hsaj.cpu.testing.Registers.*;

import java.util.List;

import org.hsaj.cpu.exec.CodeCache;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.cpu.testing.Asm;
import org.hsaj.cpu.testing.Machine;
import org.hsaj.cpu.translate.TranslatedRegion;
import org.hsaj.cpu.translate.Translator;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher in each {@link ExecutionMode}: which tier ends up running a loop that turns well past the
 * hot threshold, and that every mode computes what a plain Java loop computes.
 */
class ExecutionLoopTest {
    private static final int TURNS = Translator.HOT_THRESHOLD + 2000;
    private static final int SUM = 5;

    /** x5 = TURNS + (TURNS - 1) + ... + 1, then an ecall, which stops the hart. */
    private static Machine sumLoop() {
        Asm program = new Asm().li(SUM, 0).li(6, TURNS);
        int loop = program.here();
        program.op(0, 0, SUM, SUM, 6).addi(6, 6, -1);
        program.branch(1, 6, 0, loop - program.here()).ecall(); // bne x6, x0, loop
        return new Machine().load(program);
    }

    private static long expectedSum() {
        long sum = 0;
        for (long i = TURNS; i > 0; i--) {
            sum += i;
        }
        return sum;
    }

    /**
     * Runs the loop in {@code mode}, with a foreground translator (so a hot region is in place as soon as
     * it is asked for), until the ecall stops the hart; checks the sum and returns the translator (null for
     * the interpreter alone).
     */
    private static Translator run(Machine m, ExecutionMode mode) {
        CodeCache cache = new CodeCache(m.memory);
        Translator translator = mode == ExecutionMode.INTERPRETER ? null : new Translator(m.memory, cache, false);
        Hart h = new Hart(m.memory, hart -> {
            hart.stopRequested = true;
            return false;
        });
        h.pc = Machine.CODE;
        new ExecutionLoop(cache, translator, mode == ExecutionMode.TRANSLATE_ALL).run(h);
        assertEquals(expectedSum(), h.x[SUM]);
        return translator;
    }

    @Test
    void theInterpreterAloneComputesTheSum() {
        try (Machine m = sumLoop()) {
            run(m, ExecutionMode.INTERPRETER);
        }
    }

    @Test
    void tieredCompilesTheHotLoopAsARegionAndNoBlockAlone() {
        try (Machine m = sumLoop()) {
            Translator translator = run(m, ExecutionMode.TIERED);
            assertEquals(1, translator.hotTranslations());
            assertEquals(0, translator.blockTranslations());
        }
    }

    @Test
    void translateAllTranslatesEveryBlockAloneAndGrowsNoRegion() {
        try (Machine m = sumLoop()) {
            Translator translator = run(m, ExecutionMode.TRANSLATE_ALL);
            assertEquals(0, translator.hotTranslations());
            // The first block (the li, then the first turn of the body), the body entered at its head, the ecall.
            assertEquals(3, translator.blockTranslations());
            assertEquals(0, translator.failures());
        }
    }

    @Test
    void translateAllNeedsATranslator() {
        try (Machine m = sumLoop()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ExecutionLoop(new CodeCache(m.memory), null, true));
            assertEquals("translating every block needs a translator", e.getMessage());
        }
    }

    // ---- a switch whose cases change with its phase ----

    private static final int SWITCH_TURNS = 4 * Translator.HOT_THRESHOLD;
    /** Where the loop's jump through the table is, and each case (two instructions) after it. */
    private static final long SWITCH_LOOP = Machine.CODE + 24;
    private static final long FIRST_CASE = SWITCH_LOOP + 40;

    /**
     * SWITCH_TURNS turns of: case = (i < SWITCH_TURNS / 2 ? 0 : 2) + (i & 1); i += 1; jump through the
     * table at DATA to the case, which updates a0 (+1), a1 (+i), a2 (^i) or a3 (+3) and jumps to the
     * latch; then an ecall. The first half of the run uses cases 0 and 1 only, the second 2 and 3 only.
     */
    private static Machine phasedSwitch() {
        Asm program = new Asm().li(S0, Machine.DATA).li(T1, 0).li(T2, SWITCH_TURNS).li(T5, SWITCH_TURNS / 2);
        assertEquals(SWITCH_LOOP - Machine.CODE, program.here());
        program.op(2, 0, T4, T1, T5) // slt
                .word(Asm.i(0x13, 4, T4, T4, 1)) // xori
                .word(Asm.i(0x13, 1, T4, T4, 1)) // slli
                .word(Asm.i(0x13, 7, T6, T1, 1)) // andi
                .op(0, 0, T4, T4, T6)
                .word(Asm.i(0x13, 1, T4, T4, 3))
                .op(0, 0, T4, T4, S0)
                .load(3, T4, T4, 0)
                .addi(T1, T1, 1)
                .jalr(0, T4, 0);
        assertEquals(FIRST_CASE - Machine.CODE, program.here());
        int latch = program.here() + 4 * 8;
        program.addi(10, 10, 1).jal(0, latch - program.here());
        program.op(0, 0, 11, 11, T1).jal(0, latch - program.here());
        program.op(4, 0, 12, 12, T1).jal(0, latch - program.here());
        program.addi(13, 13, 3).jal(0, latch - program.here());
        int loop = (int) (SWITCH_LOOP - Machine.CODE);
        program.branch(4, T1, T2, loop - program.here()).ecall(); // blt
        Machine m = new Machine().load(program);
        for (int c = 0; c < 4; c++) {
            m.storeLong(Machine.DATA + 8L * c, FIRST_CASE + 8L * c);
        }
        return m;
    }

    @Test
    void aSwitchWhoseLaterPhaseLeavesItsRegionGetsTheRegionGrownAnewWithThoseCases() {
        try (Machine m = phasedSwitch()) {
            CodeCache cache = new CodeCache(m.memory);
            Translator translator = new Translator(m.memory, cache, false);
            Hart h = new Hart(m.memory, hart -> {
                hart.stopRequested = true;
                return false;
            });
            h.pc = Machine.CODE;
            new ExecutionLoop(cache, translator, false).run(h);
            long a0 = 0;
            long a1 = 0;
            long a2 = 0;
            long a3 = 0;
            for (long i = 0; i < SWITCH_TURNS; i++) {
                int c = (i < SWITCH_TURNS / 2 ? 0 : 2) + (int) (i & 1);
                switch (c) {
                    case 0 -> a0 += 1;
                    case 1 -> a1 += i + 1;
                    case 2 -> a2 ^= i + 1;
                    default -> a3 += 3;
                }
            }
            assertEquals(List.of(a0, a1, a2, a3), List.of(h.x[10], h.x[11], h.x[12], h.x[13]));
            assertEquals(1, translator.regrowths());
            Object region = cache.peek(SWITCH_LOOP).translation;
            assertInstanceOf(TranslatedRegion.class, region);
            for (int c = 0; c < 4; c++) {
                assertSame(region, cache.peek(FIRST_CASE + 8L * c).translation, "case " + c);
            }
        }
    }
}
