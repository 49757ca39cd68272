package org.hsaj.hsail.codegen.jvm;

/**
 * What a generated kernel class implements: run every work-item of one work-group. Called once per
 * work-group, so the interface call here is the only one between the agent and the kernel's loops.
 */
interface WorkGroupProgram {
    void run(WorkGroupState state);
}
