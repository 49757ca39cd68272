package org.hsaj.gpu.dispatch;

import org.hsaj.runtime.api.HsaStatus;

/** Why a packet cannot be processed: the status for the error callback and a message that says what and why. */
record PacketProblem(HsaStatus status, String message) {
    static PacketProblem format(String message) {
        return new PacketProblem(HsaStatus.ERROR_INVALID_PACKET_FORMAT, message);
    }
}
