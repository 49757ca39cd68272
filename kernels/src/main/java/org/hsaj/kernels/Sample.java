package org.hsaj.kernels;

import org.hsaj.runtime.api.HsaRuntime;

/**
 * An HSA sample application: HSAIL kernels and the host program that dispatches them through the
 * runtime API, then checks what they computed against a plain Java computation of the same result.
 *
 * <p>Threading: a sample holds no state between runs; runs on different platforms may overlap.
 */
public interface Sample {
    /** The name {@code ./hsaj samples NAME} knows it by ({@code vector_add}). */
    String name();

    /** One line saying what it computes and which HSA features it shows. */
    String description();

    /**
     * Runs the sample on {@code runtime}'s GPU agent with the kernels finalized by {@code backend}.
     *
     * @return PASS when every result matched the Java computation, else FAIL saying what differed
     * @throws org.hsaj.runtime.api.HsaException when the runtime or a dispatch failed (a kernel fault,
     *     an invalid packet), with the queue's error message
     */
    SampleResult run(HsaRuntime runtime, String backend);
}
