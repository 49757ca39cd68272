package org.hsaj.cpu.testing;

import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * A 16 MiB shared virtual memory with nothing mapped and the CPU agent's view of it, for tests that
 * map and unmap pages themselves, each change told to the view as the agent's system calls do.
 */
public final class PagedMemory implements AutoCloseable {
    public final SharedVirtualMemory shared = SharedVirtualMemory.reserve(16L << 20);
    public final GuestMemory memory = new GuestMemory(shared);

    public void map(long address, long length, int permission) {
        shared.map(address, length, permission);
        memory.refresh(address, length);
    }

    public void unmap(long address, long length) {
        shared.unmap(address, length);
        memory.refresh(address, length);
    }

    @Override
    public void close() {
        shared.close();
    }
}
