package org.hsaj.cpu.testing;

/** How a test program runs: the reference interpreter, every block translated alone, or one hot region. */
public enum Engine {
    INTERPRETER, BLOCKS, REGION
}
