package org.hsaj.runtime.api;

import org.hsaj.runtime.queue.QueueErrorCallback;
import org.hsaj.runtime.queue.UserModeQueue;

/**
 * What implements an agent behind the runtime API: the GPU agent (kernel dispatch), the CPU agent
 * (agent dispatch). The runtime creates queues in shared memory and hands them to the device, which
 * consumes their packets until told to stop.
 */
public interface AgentDevice {
    AgentProperties properties();

    /**
     * Starts consuming {@code queue}'s packets (on a thread of the device's choosing) and returns what
     * stops it. Errors found in the queue go to {@code errors}.
     */
    AutoCloseable attach(UserModeQueue queue, QueueErrorCallback errors);

    /** Stops every thread of the device; called once when the platform closes. */
    void shutDown();
}
