package org.hsaj.runtime.memory;

/** What an access to the shared virtual memory wanted to do; each kind needs one page permission. */
public enum AccessKind {
    READ(PageTable.READ), WRITE(PageTable.WRITE), EXECUTE(PageTable.EXECUTE);

    final int permission;

    AccessKind(int permission) {
        this.permission = permission;
    }
}
