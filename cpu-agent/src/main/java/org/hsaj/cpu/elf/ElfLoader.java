package org.hsaj.cpu.elf;

import java.lang.foreign.MemorySegment;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Maps the PT_LOAD segments of a validated static executable into the shared virtual memory: the
 * address range is booked with the memory's allocator (fixed for ET_EXEC, anywhere for static-PIE),
 * file bytes are copied, the rest of each segment (bss) is zeroed, and each page gets the union of the
 * permissions of the segments on it.
 */
public final class ElfLoader {
    /** Preferred load address of static-PIE executables. */
    public static final long PIE_BASE_HINT = 0x4000_0000L;

    private ElfLoader() {
    }

    public static LoadedImage load(ElfFile elf, SharedVirtualMemory memory, String name) throws ElfFormatException {
        long low = Long.MAX_VALUE;
        long high = 0;
        long align = PageTable.PAGE_SIZE;
        boolean execStack = false;
        for (ElfFile.Segment s : elf.segments()) {
            if (s.type() == ElfFile.PT_LOAD && s.memorySize() > 0) {
                low = Math.min(low, s.vaddr() & -PageTable.PAGE_SIZE);
                high = Math.max(high, pageUp(s.vaddr() + s.memorySize()));
                if (s.align() > align && Long.bitCount(s.align()) == 1) {
                    align = s.align();
                }
            }
            if (s.type() == ElfFile.PT_GNU_STACK) {
                execStack = (s.flags() & ElfFile.PF_X) != 0;
            }
        }
        if (low == Long.MAX_VALUE) {
            throw new ElfFormatException(name + ": all loadable segments are empty");
        }
        long span = high - low;
        long bias;
        if (elf.type() == ElfFile.ET_EXEC) {
            if (high > memory.size() || !memory.allocator().reserveFixed(low, span)) {
                throw new ElfFormatException(String.format(
                        "%s: cannot place segments at [0x%x, 0x%x): outside the guest address space of 0x%x bytes or already in use",
                        name, low, high, memory.size()));
            }
            bias = 0;
        } else {
            long at = memory.allocator().reserve(span, align, PIE_BASE_HINT);
            if (at == 0) {
                throw new ElfFormatException(name + ": no room for a position-independent image of " + span + " bytes");
            }
            bias = at - low;
        }
        MemorySegment target = memory.segment();
        byte[] image = elf.image();
        int pages = (int) (span >>> PageTable.PAGE_SHIFT);
        int[] permissions = new int[pages];
        long phdrAddress = 0;
        for (ElfFile.Segment s : elf.segments()) {
            if (s.type() == ElfFile.PT_PHDR) {
                phdrAddress = s.vaddr() + bias;
            }
            if (s.type() != ElfFile.PT_LOAD || s.memorySize() == 0) {
                continue;
            }
            long start = s.vaddr() + bias;
            MemorySegment.copy(image, (int) s.offset(), target, SharedVirtualMemory.BYTE, start, (int) s.fileSize());
            target.asSlice(start + s.fileSize(), s.memorySize() - s.fileSize()).fill((byte) 0);
            int permission = ((s.flags() & ElfFile.PF_R) != 0 ? PageTable.READ : 0)
                    | ((s.flags() & ElfFile.PF_W) != 0 ? PageTable.WRITE : 0)
                    | ((s.flags() & ElfFile.PF_X) != 0 ? PageTable.EXECUTE : 0);
            for (long page = start & -PageTable.PAGE_SIZE; page < start + s.memorySize(); page += PageTable.PAGE_SIZE) {
                permissions[(int) ((page - low - bias) >>> PageTable.PAGE_SHIFT)] |= permission;
            }
            if (phdrAddress == 0 && elf.programHeaderOffset() >= s.offset()
                    && elf.programHeaderOffset() < s.offset() + s.fileSize()) {
                phdrAddress = start + (elf.programHeaderOffset() - s.offset());
            }
        }
        for (int i = 0; i < pages; i++) {
            if (permissions[i] != 0) {
                memory.map(low + bias + ((long) i << PageTable.PAGE_SHIFT), PageTable.PAGE_SIZE, permissions[i]);
            }
        }
        return new LoadedImage(bias, elf.entry() + bias, phdrAddress, elf.segments().size(), low + bias,
                high + bias, execStack);
    }

    static long pageUp(long address) {
        return (address + PageTable.PAGE_SIZE - 1) & -PageTable.PAGE_SIZE;
    }
}
