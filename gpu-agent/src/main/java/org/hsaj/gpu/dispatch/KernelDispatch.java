package org.hsaj.gpu.dispatch;

import org.hsaj.runtime.packet.KernelDispatchPacket;
import org.hsaj.runtime.queue.UserModeQueue;

/**
 * One kernel dispatch packet taken off a queue, validated, ready to run.
 *
 * @param packetId the packet's index in its queue (HSAIL {@code packetid})
 * @param packetAddress the address of its slot (what HSAIL's dispatch-packet pointer sees)
 */
public record KernelDispatch(KernelDispatchPacket packet, UserModeQueue queue, long packetId, long packetAddress) {
}
