package org.hsaj.runtime.api;

import java.util.Objects;

/**
 * A failed HSA runtime call: carries the {@link HsaStatus} the C API would have returned and a message
 * saying what was wrong, where and why. Subclasses narrow the kind of failure.
 */
public class HsaException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final HsaStatus status;

    public HsaException(HsaStatus status, String message) {
        super(message);
        this.status = Objects.requireNonNull(status);
    }

    public HsaException(HsaStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status);
    }

    public HsaStatus status() {
        return status;
    }

    @Override
    public String getMessage() {
        return status + ": " + super.getMessage();
    }
}
