package org.hsaj.gpu.cu;

/** A work-group scheduling policy: decides which compute unit runs which work-group of a dispatch. */
public interface WorkGroupScheduler {
    /** Plans {@code totalGroups} work-groups over {@code computeUnits} compute units. */
    WorkGroupSource plan(long totalGroups, int computeUnits);

    /** The policy named {@code round-robin} or {@code work-stealing}. */
    static WorkGroupScheduler named(String name) {
        return switch (name) {
            case "round-robin" -> new RoundRobinWorkGroupScheduler();
            case "work-stealing" -> new WorkStealingWorkGroupScheduler();
            default -> throw new IllegalArgumentException("unknown work-group scheduler '" + name
                    + "' (expected round-robin or work-stealing)");
        };
    }
}
