package org.hsaj.cpu.elf;

/** A file that is not a loadable RV64 Linux executable; the message says what is wrong and where. */
public final class ElfFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public ElfFormatException(String message) {
        super(message);
    }
}
