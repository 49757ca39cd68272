package org.hsaj.hsail.ir;

import java.util.Locale;

/**
 * The operation of an {@code atomic}, {@code atomicnoret}, {@code signal} or {@code signalnoret}
 * instruction. The wait forms only occur on {@code signal}; min, max, wrapinc and wrapdec only on
 * {@code atomic}/{@code atomicnoret}. {@link #NONE} for every other opcode.
 */
public enum AtomicOperation {
    NONE, LD, ST, ADD, SUB, AND, OR, XOR, EXCH, CAS, MIN, MAX, WRAPINC, WRAPDEC,
    WAIT_EQ, WAIT_NE, WAIT_LT, WAIT_GTE, WAITTIMEOUT_EQ, WAITTIMEOUT_NE, WAITTIMEOUT_LT, WAITTIMEOUT_GTE;

    /** The modifier spelling without leading underscore ({@code "wait_eq"}); empty for NONE. */
    public String hsailName() {
        return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
    }

    public boolean isWait() {
        return name().startsWith("WAIT");
    }

    public boolean hasTimeout() {
        return name().startsWith("WAITTIMEOUT");
    }
}
