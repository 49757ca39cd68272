package org.hsaj.hsail.interp;

/**
 * What went wrong in the instruction a work-item is running (a trap, a bad operand, a broken rule),
 * raised inside instruction execution and turned into a {@code KernelFault} naming the work-item and
 * the instruction's position. Internal to the interpreter.
 */
final class WorkItemFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkItemFault(String message) {
        super(message, null, false, false);
    }

    WorkItemFault(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
