package org.hsaj.kernels;

import java.util.Objects;

/**
 * What a sample run found.
 *
 * @param detail for PASS what was checked, for FAIL what differed (or failed) and where
 * @param output the bytes of the sample's output buffers, in a fixed order: equal on every back end
 *     when they agree (empty when the run failed before producing output)
 */
public record SampleResult(Verdict verdict, String detail, byte[] output) {
    /** PASS or FAIL. */
    public enum Verdict { PASS, FAIL }

    public SampleResult {
        Objects.requireNonNull(verdict);
        Objects.requireNonNull(detail);
        output = output.clone();
    }

    /** PASS when {@code mismatch} is null, else FAIL with it as the detail. */
    public static SampleResult checked(String mismatch, String passDetail, byte[] output) {
        return mismatch == null ? new SampleResult(Verdict.PASS, passDetail, output)
                : new SampleResult(Verdict.FAIL, mismatch, output);
    }

    public static SampleResult failed(String detail) {
        return new SampleResult(Verdict.FAIL, detail, new byte[0]);
    }

    public boolean passed() {
        return verdict == Verdict.PASS;
    }

    @Override
    public byte[] output() {
        return output.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleResult r && r.verdict == verdict && r.detail.equals(detail)
                && java.util.Arrays.equals(r.output, output);
    }

    @Override
    public int hashCode() {
        return Objects.hash(verdict, detail, java.util.Arrays.hashCode(output));
    }

    @Override
    public String toString() {
        return verdict + ": " + detail;
    }
}
