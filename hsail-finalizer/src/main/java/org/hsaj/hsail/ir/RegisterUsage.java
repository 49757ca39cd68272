package org.hsaj.hsail.ir;

/**
 * How many registers of each class a code block needs: one more than the highest register number
 * used, 0 when the class is unused (PRM 4.7 counts them the same way).
 */
public record RegisterUsage(int c, int s, int d, int q) {
    public static final RegisterUsage NONE = new RegisterUsage(0, 0, 0, 0);

    public int count(RegisterClass rc) {
        return switch (rc) {
            case C -> c;
            case S -> s;
            case D -> d;
            case Q -> q;
        };
    }

    /** This usage widened to include {@code register}. */
    public RegisterUsage including(Operand.Register register) {
        int n = register.number() + 1;
        return switch (register.registerClass()) {
            case C -> new RegisterUsage(Math.max(c, n), s, d, q);
            case S -> new RegisterUsage(c, Math.max(s, n), d, q);
            case D -> new RegisterUsage(c, s, Math.max(d, n), q);
            case Q -> new RegisterUsage(c, s, d, Math.max(q, n));
        };
    }
}
