package org.hsaj.hsail.codegen.jvm;

/** A work-item stopped the kernel on purpose or broke an execution rule (debugtrap, barrier divergence). */
final class WorkItemTrap extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkItemTrap(String what) {
        super(what, null, false, false);
    }
}
