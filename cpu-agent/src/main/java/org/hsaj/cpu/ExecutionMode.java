package org.hsaj.cpu;

/** Which of the CPU agent's tiers run a guest's code. */
public enum ExecutionMode {
    /** The reference interpreter runs everything. */
    INTERPRETER,
    /**
     * The default: the interpreter runs cold code and hot code gets compiled regions (see
     * {@link org.hsaj.cpu.translate.Translator}).
     */
    TIERED,
    /**
     * Every block is translated alone before its first run, and no hot regions are grown: slower, but the
     * translator runs all the code the guest executes, startup and library code included, which the tiered
     * mode leaves to the interpreter. For checking the translator against the interpreter or qemu-riscv64
     * on programs whose code never gets hot, such as instruction test suites.
     */
    TRANSLATE_ALL
}
