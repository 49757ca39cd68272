package org.hsaj.bench.cpu;

/**
 * Runs a program one way: natively, under qemu-riscv64, or under one of hsaj's CPU agent tiers.
 * Implementations are stateless between launches; one launch at a time per instance.
 */
public interface GuestLauncher {
    /** A short column name, e.g. "qemu". */
    String label();

    /**
     * Runs the invocation to its end.
     *
     * @throws Exception when the program could not be run to its end (failed to start, timed out, or hsaj
     *     reported a guest fault); an exit status other than 0 is a normal outcome, not an exception
     */
    GuestOutcome launch(GuestInvocation invocation) throws Exception;
}
