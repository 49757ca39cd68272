package org.hsaj.runtime.signal;

/**
 * {@code hsa_wait_state_t}: the waiter's hint. BLOCKED lets the platform's configured wait strategy
 * park the thread; ACTIVE keeps it spinning (then yielding) for the lowest wake-up latency.
 */
public enum WaitState {
    BLOCKED, ACTIVE
}
