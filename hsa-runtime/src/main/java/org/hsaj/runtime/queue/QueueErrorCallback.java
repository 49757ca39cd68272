package org.hsaj.runtime.queue;

import org.hsaj.runtime.api.HsaStatus;

/**
 * The callback of {@code hsa_queue_create}: told when the packet processor finds a queue's packet
 * invalid or a dispatch fails. It runs on the queue's processor thread; the queue has already stopped
 * when it is called, and every other queue keeps running.
 */
@FunctionalInterface
public interface QueueErrorCallback {
    /**
     * @param status the HSA status of the failure
     * @param queue the queue that stopped
     * @param packetId the id (index) of the offending packet
     * @param message what was wrong, where and why
     */
    void onError(HsaStatus status, UserModeQueue queue, long packetId, String message);

    /** A callback that ignores errors (the queue still stops). */
    QueueErrorCallback NONE = (status, queue, packetId, message) -> { };
}
