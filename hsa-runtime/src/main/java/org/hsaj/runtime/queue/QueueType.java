package org.hsaj.runtime.queue;

/** {@code hsa_queue_type_t}: whether several producers may submit to a queue. */
public enum QueueType {
    MULTI(0), SINGLE(1);

    private final int value;

    QueueType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }
}
