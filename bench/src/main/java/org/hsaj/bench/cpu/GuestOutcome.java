package org.hsaj.bench.cpu;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** How a run ended: exit status, everything written to stdout and stderr, and its wall time. */
public record GuestOutcome(int status, byte[] stdout, byte[] stderr, long nanos) {
    public GuestOutcome {
        stdout = stdout.clone();
        stderr = stderr.clone();
    }

    @Override
    public byte[] stdout() {
        return stdout.clone();
    }

    @Override
    public byte[] stderr() {
        return stderr.clone();
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** Same exit status and byte-identical stdout (timing and stderr aside). */
    public boolean sameResultAs(GuestOutcome other) {
        return status == other.status && Arrays.equals(stdout, other.stdout);
    }
}
