package org.hsaj.hsail.codegen.jvm;

/** Thrown by the generated code's watchdog poll when the dispatch was cancelled. Internal. */
final class DispatchCancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DispatchCancelled(String reason) {
        super(reason, null, false, false);
    }
}
