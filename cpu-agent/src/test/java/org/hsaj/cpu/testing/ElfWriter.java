package org.hsaj.cpu.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small RV64 ELF executables for loader tests: a file header, program headers and segment
 * contents, with every field settable so tests can break them one at a time.
 */
public final class ElfWriter {
    /** One program header and the bytes its file range holds. */
    public static final class Segment {
        public int type = 1;
        public int flags = 5;
        public long vaddr;
        public long memorySize;
        public long align = 0x1000;
        public byte[] contents = new byte[0];
        /** When set, replaces the computed file offset (to break it). */
        public Long offsetOverride;
        public Long fileSizeOverride;
    }

    public byte[] ident = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
    public int type = 2;
    public int machine = 243;
    public long entry;
    public final List<Segment> segments = new ArrayList<>();
    /** Truncate the result to this many bytes (negative: keep everything). */
    public int truncateTo = -1;
    public long phoffOverride = -1;

    public Segment segment(int type, int flags, long vaddr, byte[] contents, long memorySize) {
        Segment s = new Segment();
        s.type = type;
        s.flags = flags;
        s.vaddr = vaddr;
        s.contents = contents;
        s.memorySize = memorySize;
        segments.add(s);
        return s;
    }

    /** Code bytes of an assembled program. */
    public static byte[] code(Asm asm) {
        ByteBuffer b = ByteBuffer.allocate(asm.parcels().size() * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int p : asm.parcels()) {
            b.putShort((short) p);
        }
        return b.array();
    }

    public byte[] build() {
        int phoff = 64;
        int headers = segments.size() * 56;
        // Segment contents start page-aligned so that offset and vaddr agree modulo the page size.
        long dataStart = 0x1000;
        ByteBuffer b = ByteBuffer.allocate((int) dataStart + segments.stream().mapToInt(s -> s.contents.length + 0x1000).sum())
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(ident);
        b.position(16);
        b.putShort((short) type).putShort((short) machine).putInt(1).putLong(entry)
                .putLong(phoffOverride >= 0 ? phoffOverride : phoff).putLong(0).putInt(0).putShort((short) 64)
                .putShort((short) 56).putShort((short) segments.size()).putShort((short) 64).putShort((short) 0)
                .putShort((short) 0);
        long offset = dataStart;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            long at = offset + (s.vaddr & 0xfff);
            b.position(phoff + i * 56);
            b.putInt(s.type).putInt(s.flags).putLong(s.offsetOverride != null ? s.offsetOverride : at).putLong(s.vaddr)
                    .putLong(s.vaddr).putLong(s.fileSizeOverride != null ? s.fileSizeOverride : s.contents.length)
                    .putLong(s.memorySize).putLong(s.align);
            b.position((int) at);
            b.put(s.contents);
            offset = (at + s.contents.length + 0xfff) & ~0xfffL;
        }
        int length = (int) Math.max(offset, phoff + headers);
        byte[] all = java.util.Arrays.copyOf(b.array(), length);
        return truncateTo >= 0 ? java.util.Arrays.copyOf(all, truncateTo) : all;
    }
}
