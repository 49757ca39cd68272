package org.hsaj.runtime.memory;

/**
 * The memory orders of HSA (and of HSAIL's {@code _rlx}, {@code _scacq}, {@code _screl}, {@code _scar}
 * suffixes, and of RISC-V's aq/rl bits). Every atomic of {@link SharedVirtualMemory} takes one.
 */
public enum MemoryOrder {
    RELAXED, ACQUIRE, RELEASE, ACQ_REL, SEQ_CST;

    /** True when this order has acquire semantics on a read. */
    public boolean acquires() {
        return this == ACQUIRE || this == ACQ_REL || this == SEQ_CST;
    }

    /** True when this order has release semantics on a write. */
    public boolean releases() {
        return this == RELEASE || this == ACQ_REL || this == SEQ_CST;
    }
}
