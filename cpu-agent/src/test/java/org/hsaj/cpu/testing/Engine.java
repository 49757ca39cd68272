package org.hsaj.cpu.testing;

/** How a test program runs: the reference interpreter, block-tier translations, or one hot region. */
public enum Engine {
    INTERPRETER, BLOCKS, REGION
}
