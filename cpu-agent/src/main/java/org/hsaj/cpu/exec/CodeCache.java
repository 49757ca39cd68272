package org.hsaj.cpu.exec;

import java.util.concurrent.ConcurrentHashMap;
import org.hsaj.runtime.memory.PageTable;

/**
 * Decoded blocks of one process keyed by guest pc, shared by its harts. A store to a code page drops
 * every block overlapping that page and bumps {@link #generation()}, which tells harts to forget the
 * blocks they cached locally.
 *
 * <p>Threading: thread-safe. A hart may finish executing a block that another thread invalidated:
 * like a real hart without fence.i, it sees the new code from its next lookup on.
 */
public final class CodeCache {
    private final GuestMemory memory;
    private final ConcurrentHashMap<Long, DecodedBlock> blocks = new ConcurrentHashMap<>();
    private volatile long generation;
    private final java.util.List<java.util.function.LongConsumer> invalidationListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public CodeCache(GuestMemory memory) {
        this.memory = memory;
        memory.setCodeWriteListener(this::invalidatePage);
    }

    public long generation() {
        return generation;
    }

    /** Called with the page address whenever the blocks of a page are dropped. */
    public void addInvalidationListener(java.util.function.LongConsumer listener) {
        invalidationListeners.add(listener);
    }

    /** The block at {@code pc}, decoded on first use. Throws MemoryAccessException if pc cannot be fetched. */
    public DecodedBlock block(long pc) {
        DecodedBlock b = blocks.get(pc);
        if (b == null) {
            b = DecodedBlock.decode(memory, pc);
            DecodedBlock raced = blocks.putIfAbsent(pc, b);
            if (raced != null) {
                b = raced;
            }
        }
        return b;
    }

    /** The block at {@code pc} if it was decoded already, else null. */
    public DecodedBlock peek(long pc) {
        return blocks.get(pc);
    }

    /** Drops the blocks that overlap the page at {@code page}. */
    public void invalidatePage(long page) {
        long end = page + PageTable.PAGE_SIZE;
        blocks.values().removeIf(b -> b.pc < end && b.end > page);
        generation++;
        for (java.util.function.LongConsumer l : invalidationListeners) {
            l.accept(page);
        }
    }

    /** Drops everything (riscv_flush_icache, tests). */
    public void invalidateAll() {
        blocks.clear();
        generation++;
        for (java.util.function.LongConsumer l : invalidationListeners) {
            l.accept(-1);
        }
    }
}
