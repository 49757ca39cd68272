package org.hsaj.cpu.elf;

/**
 * Where an executable landed in guest memory.
 *
 * @param base             load bias (0 for ET_EXEC, the chosen base for static-PIE)
 * @param entry            guest address of the entry point
 * @param programHeaders   guest address of the program headers (AT_PHDR)
 * @param programHeaderCount number of program headers (AT_PHNUM)
 * @param imageStart       lowest mapped address of the image
 * @param imageEnd         end of the highest segment, page-rounded: where the program break starts
 * @param executableStack  PT_GNU_STACK asked for an executable stack
 */
public record LoadedImage(long base, long entry, long programHeaders, int programHeaderCount, long imageStart,
                          long imageEnd, boolean executableStack) {
}
