package org.hsaj.cpu.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an ELF64 file that loading an RV64 executable needs: the file header and the program
 * headers, validated (magic, class, byte order, machine, type, header and segment bounds). Immutable.
 */
public final class ElfFile {
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int EM_RISCV = 243;
    public static final int PT_LOAD = 1;
    public static final int PT_INTERP = 3;
    public static final int PT_PHDR = 6;
    public static final int PT_TLS = 7;
    public static final int PT_GNU_STACK = 0x6474e551;
    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;
    static final int EHDR_SIZE = 64;
    static final int PHDR_SIZE = 56;

    /** One program header. */
    public record Segment(int type, int flags, long offset, long vaddr, long fileSize, long memorySize, long align) {
    }

    private final byte[] image;
    private final int type;
    private final long entry;
    private final long phoff;
    private final int phentsize;
    private final List<Segment> segments;

    private ElfFile(byte[] image, int type, long entry, long phoff, int phentsize, List<Segment> segments) {
        this.image = image;
        this.type = type;
        this.entry = entry;
        this.phoff = phoff;
        this.phentsize = phentsize;
        this.segments = segments;
    }

    /** Parses and validates {@code image}; {@code name} only labels error messages. */
    public static ElfFile parse(byte[] image, String name) throws ElfFormatException {
        if (image.length < 4 || image[0] != 0x7f || image[1] != 'E' || image[2] != 'L' || image[3] != 'F') {
            throw new ElfFormatException(name + ": not an ELF file (bad magic number)");
        }
        if (image.length < EHDR_SIZE) {
            throw new ElfFormatException(name + ": truncated ELF header (" + image.length + " of 64 bytes)");
        }
        if (image[4] != 2) {
            throw new ElfFormatException(name + ": ELF class " + image[4] + " is not ELFCLASS64 (2); only RV64 executables run");
        }
        if (image[5] != 1) {
            throw new ElfFormatException(name + ": ELF data encoding " + image[5] + " is not little-endian (1)");
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int type = Short.toUnsignedInt(b.getShort(16));
        int machine = Short.toUnsignedInt(b.getShort(18));
        if (machine != EM_RISCV) {
            throw new ElfFormatException(name + ": machine " + machine + " is not RISC-V (" + EM_RISCV + ")");
        }
        if (type != ET_EXEC && type != ET_DYN) {
            throw new ElfFormatException(name + ": ELF type " + type + " is not an executable (ET_EXEC 2 or ET_DYN 3)");
        }
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        int phentsize = Short.toUnsignedInt(b.getShort(54));
        int phnum = Short.toUnsignedInt(b.getShort(56));
        if (phnum == 0) {
            throw new ElfFormatException(name + ": no program headers");
        }
        if (phentsize != PHDR_SIZE) {
            throw new ElfFormatException(name + ": program header size " + phentsize + " is not " + PHDR_SIZE);
        }
        if (phoff < EHDR_SIZE || phoff > image.length || (long) phnum * phentsize > image.length - phoff) {
            throw new ElfFormatException(String.format("%s: program headers [0x%x, 0x%x) lie outside the file of %d bytes",
                    name, phoff, phoff + (long) phnum * phentsize, image.length));
        }
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int at = (int) (phoff + (long) i * phentsize);
            Segment s = new Segment(b.getInt(at), b.getInt(at + 4), b.getLong(at + 8), b.getLong(at + 16),
                    b.getLong(at + 32), b.getLong(at + 40), b.getLong(at + 48));
            segments.add(s);
            if (s.type() == PT_INTERP) {
                String interpreter = s.offset() >= 0 && s.offset() < image.length
                        ? new String(image, (int) s.offset(), (int) Math.max(0, Math.min(s.fileSize(),
                                image.length - s.offset()) - 1), java.nio.charset.StandardCharsets.UTF_8)
                        : "?";
                throw new ElfFormatException(name + ": dynamically linked executable (needs the interpreter "
                        + interpreter + "); only static executables are supported");
            }
            if (s.type() == PT_LOAD || s.type() == PT_TLS) {
                if (s.offset() < 0 || s.fileSize() < 0 || s.offset() > image.length
                        || s.fileSize() > image.length - s.offset()) {
                    throw new ElfFormatException(String.format(
                            "%s: segment %d [file offset 0x%x, +0x%x) lies outside the file of %d bytes",
                            name, i, s.offset(), s.fileSize(), image.length));
                }
                if (s.memorySize() < s.fileSize()) {
                    throw new ElfFormatException(String.format(
                            "%s: segment %d has memory size 0x%x smaller than its file size 0x%x",
                            name, i, s.memorySize(), s.fileSize()));
                }
                if (s.vaddr() < 0 || s.vaddr() + s.memorySize() < s.vaddr()) {
                    throw new ElfFormatException(String.format("%s: segment %d at 0x%x of 0x%x bytes wraps the address space",
                            name, i, s.vaddr(), s.memorySize()));
                }
            }
            if (s.type() == PT_LOAD && s.align() > 1 && ((s.vaddr() - s.offset()) % s.align()) != 0) {
                throw new ElfFormatException(String.format(
                        "%s: segment %d address 0x%x and file offset 0x%x disagree modulo its alignment 0x%x",
                        name, i, s.vaddr(), s.offset(), s.align()));
            }
        }
        if (segments.stream().noneMatch(s -> s.type() == PT_LOAD)) {
            throw new ElfFormatException(name + ": no loadable (PT_LOAD) segment");
        }
        return new ElfFile(image, type, entry, phoff, phentsize, List.copyOf(segments));
    }

    public byte[] image() {
        return image;
    }

    public int type() {
        return type;
    }

    public long entry() {
        return entry;
    }

    public long programHeaderOffset() {
        return phoff;
    }

    public int programHeaderSize() {
        return phentsize;
    }

    public List<Segment> segments() {
        return segments;
    }
}
