package org.hsaj.runtime.memory;

/**
 * A hold on a {@link SharedVirtualMemory}'s backing store: the memory stays mapped until every lease
 * taken on it is closed, even after the memory itself was closed. Closing a lease twice is harmless.
 *
 * <p>Threading: may be closed from any thread, once or more.
 */
public final class MemoryLease implements AutoCloseable {
    private final SharedVirtualMemory memory;
    private boolean released;

    MemoryLease(SharedVirtualMemory memory) {
        this.memory = memory;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
        }
        memory.release();
    }
}
