package org.hsaj.tests.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes the headers of a minimal static RV64 Linux executable: a 64-byte ELF header and one program
 * header whose PT_LOAD maps the whole file, headers included, read-write-execute at one address. No
 * sections. Field offsets are public so tests can break one field at a time.
 */
final class TinyElf {
    static final int ELF_HEADER_BYTES = 64;
    static final int PROGRAM_HEADER_BYTES = 56;
    /** The first byte a caller may use for its own content. */
    static final int HEADERS_END = ELF_HEADER_BYTES + PROGRAM_HEADER_BYTES;

    static final int OFF_CLASS = 4, OFF_DATA = 5, OFF_TYPE = 16, OFF_MACHINE = 18, OFF_ENTRY = 24, OFF_PHOFF = 32,
            OFF_PHENTSIZE = 54, OFF_PHNUM = 56;
    /** Offsets of program header fields, from the start of the file. */
    static final int OFF_P_TYPE = 64, OFF_P_FLAGS = 68, OFF_P_OFFSET = 72, OFF_P_VADDR = 80, OFF_P_FILESZ = 96,
            OFF_P_MEMSZ = 104, OFF_P_ALIGN = 112;

    static final short EM_RISCV = 243;
    private static final int EF_RISCV_RVC = 0x1, EF_RISCV_FLOAT_ABI_DOUBLE = 0x4;
    private static final int PT_LOAD = 1, PF_X = 1, PF_W = 2, PF_R = 4;

    private TinyElf() {}

    /** An executable of just {@code code}, placed right after the headers and entered at its first byte. */
    static byte[] program(long loadAddress, List<RvInstruction> code) {
        int size = code.stream().mapToInt(RvInstruction::length).sum();
        byte[] file = new byte[HEADERS_END + size];
        int at = HEADERS_END;
        for (RvInstruction i : code) {
            i.writeTo(file, at);
            at += i.length();
        }
        writeHeaders(file, loadAddress, loadAddress + HEADERS_END);
        return file;
    }

    /**
     * Fills in the headers of {@code file}, whose bytes from {@link #HEADERS_END} on are the caller's,
     * so that the whole file is loaded at {@code loadAddress} and runs from {@code entry}.
     */
    static void writeHeaders(byte[] file, long loadAddress, long entry) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, new byte[] {0x7F, 'E', 'L', 'F', 2 /* 64-bit */, 1 /* little-endian */, 1 /* version */});
        b.putShort(OFF_TYPE, (short) 2); // ET_EXEC
        b.putShort(OFF_MACHINE, EM_RISCV);
        b.putInt(20, 1); // e_version
        b.putLong(OFF_ENTRY, entry);
        b.putLong(OFF_PHOFF, ELF_HEADER_BYTES);
        b.putLong(40, 0); // e_shoff: no section headers
        b.putInt(48, EF_RISCV_RVC | EF_RISCV_FLOAT_ABI_DOUBLE);
        b.putShort(52, (short) ELF_HEADER_BYTES);
        b.putShort(OFF_PHENTSIZE, (short) PROGRAM_HEADER_BYTES);
        b.putShort(OFF_PHNUM, (short) 1);
        b.putShort(58, (short) 64); // e_shentsize
        b.putShort(60, (short) 0); // e_shnum
        b.putShort(62, (short) 0); // e_shstrndx

        b.putInt(OFF_P_TYPE, PT_LOAD);
        b.putInt(OFF_P_FLAGS, PF_R | PF_W | PF_X);
        b.putLong(OFF_P_OFFSET, 0);
        b.putLong(OFF_P_VADDR, loadAddress);
        b.putLong(88, loadAddress); // p_paddr
        b.putLong(OFF_P_FILESZ, file.length);
        b.putLong(OFF_P_MEMSZ, file.length);
        b.putLong(OFF_P_ALIGN, 0x1000);
    }
}
