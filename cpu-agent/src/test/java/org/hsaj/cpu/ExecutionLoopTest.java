package org.hsaj.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hsaj.cpu.exec.CodeCache;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.cpu.testing.Asm;
import org.hsaj.cpu.testing.Machine;
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
}
