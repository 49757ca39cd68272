package org.hsaj.hsail.ir;

/**
 * The {@code _width(n)} modifier (PRM 2.12): how many work-items share one value of the operation's
 * result. {@link #DEFAULT} when absent (each instruction has its own default).
 *
 * @param kind  default, all, WAVESIZE or an explicit count
 * @param count the count for {@link Kind#COUNT} (a power of two from 1 to 2^31), else 0
 */
public record Width(Kind kind, long count) {
    public enum Kind { DEFAULT, ALL, WAVESIZE, COUNT }

    public static final Width DEFAULT = new Width(Kind.DEFAULT, 0);
    public static final Width ALL = new Width(Kind.ALL, 0);
    public static final Width WAVESIZE = new Width(Kind.WAVESIZE, 0);

    public Width {
        if ((kind == Kind.COUNT) != (count != 0)) {
            throw new IllegalArgumentException("a width count goes with Kind.COUNT only: " + kind + " " + count);
        }
    }

    public static Width of(long count) {
        return new Width(Kind.COUNT, count);
    }
}
