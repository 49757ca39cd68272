package org.hsaj.runtime.signal;

/** {@code hsa_signal_condition_t}: what a signal wait waits for. */
public enum SignalCondition {
    EQ(0), NE(1), LT(2), GTE(3);

    private final int value;

    SignalCondition(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** True when a signal holding {@code observed} satisfies this condition against {@code compare}. */
    public boolean test(long observed, long compare) {
        return switch (this) {
            case EQ -> observed == compare;
            case NE -> observed != compare;
            case LT -> observed < compare;
            case GTE -> observed >= compare;
        };
    }

    public static SignalCondition fromValue(int value) {
        for (SignalCondition c : values()) {
            if (c.value == value) {
                return c;
            }
        }
        throw new IllegalArgumentException("no signal condition has the value " + value);
    }
}
