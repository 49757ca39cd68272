package org.hsaj.hsail.codegen.jvm;

import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Checked mode's windows for one dispatch: for kernarg pointer k ({@link KernelInfo#pointers}), the run
 * of pages around its value that allow reads (index 2k) and writes (2k + 1), [start, end), empty when
 * the pointer's own page refuses the access. Found once when the dispatch starts (page-table changes
 * made while it runs, such as freeing memory a running kernel uses, which HSA leaves undefined, are
 * not seen by the windows; accesses outside them are checked against the page table as it is).
 *
 * <p>Immutable after construction; shared by every compute unit running the dispatch.
 */
final class PointerWindows {
    static final PointerWindows NONE = new PointerWindows(null, new long[0], new long[0]);

    final DispatchContext dispatch;
    final long[] start;
    final long[] end;

    private PointerWindows(DispatchContext dispatch, long[] start, long[] end) {
        this.dispatch = dispatch;
        this.start = start;
        this.end = end;
    }

    static PointerWindows of(KernelInfo kernel, DispatchContext dispatch) {
        long[] pointers = kernel.pointers();
        if (pointers.length == 0) {
            return NONE;
        }
        SharedVirtualMemory svm = dispatch.memory();
        PageTable pages = svm.pageTable();
        long[] start = new long[2 * pointers.length];
        long[] end = new long[2 * pointers.length];
        for (int k = 0; k < pointers.length; k++) {
            long slot = dispatch.kernargAddress() + pointers[k];
            long value = pages.allows(slot, 8, PageTable.READ) ? svm.segment().get(SharedVirtualMemory.LONG, slot) : 0;
            for (int w = 0; w < 2; w++) {
                int permission = w == 0 ? PageTable.READ : PageTable.WRITE;
                start[2 * k + w] = MemoryChecks.windowStart(pages, value, permission,
                        MemoryChecks.POINTER_WINDOW_BEFORE);
                end[2 * k + w] = MemoryChecks.windowEnd(pages, value, permission, MemoryChecks.POINTER_WINDOW_AFTER);
            }
        }
        return new PointerWindows(dispatch, start, end);
    }
}
