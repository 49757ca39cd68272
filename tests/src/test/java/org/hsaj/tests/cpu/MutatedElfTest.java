package org.hsaj.tests.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.hsaj.cpu.elf.ElfFile;
import org.hsaj.cpu.elf.ElfFormatException;
import org.hsaj.cpu.elf.ElfLoader;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.junit.jupiter.api.Test;

/**
 * The committed guest programs with their ELF and program headers spoilt at random (bytes replaced, bits
 * flipped, fields filled with ones or zeros, the file cut short): loading each either places it or
 * fails with an {@link ElfFormatException} naming the file, never another exception. Seeded, so a
 * failure reproduces; its message carries the spoilt header bytes.
 */
class MutatedElfTest {
    private static final int MUTANTS = 2000;
    private static final long SEED = 20261122L;
    private static final int ELF_HEADER = 64;
    private static final int PROGRAM_HEADER = 56;
    private static final String NAME = "mutant";

    @Test
    void spoiltHeadersLoadOrAreRejectedByName() throws IOException {
        List<byte[]> programs = programs();
        Random random = new Random(SEED);
        int loaded = 0;
        for (int i = 0; i < MUTANTS; i++) {
            byte[] image = spoil(programs.get(random.nextInt(programs.size())), random);
            try (SharedVirtualMemory memory = SharedVirtualMemory.reserve(1L << 32)) {
                ElfLoader.load(ElfFile.parse(image, NAME), memory, NAME);
                loaded++;
            } catch (ElfFormatException rejected) {
                assertTrue(rejected.getMessage().startsWith(NAME + ": "), rejected.getMessage());
            } catch (RuntimeException | Error e) {
                fail("mutant " + i + " (seed " + SEED + "), headers "
                        + HexFormat.of().formatHex(image, 0, Math.min(image.length, 512)) + ": " + e, e);
            }
        }
        // Both outcomes must be exercised.
        assertFalse(loaded < MUTANTS / 20 || loaded > MUTANTS * 3 / 4, loaded + " of " + MUTANTS + " loaded");
    }

    private static byte[] spoil(byte[] program, Random random) {
        byte[] image = random.nextInt(4) == 0
                ? Arrays.copyOf(program, random.nextInt(Math.min(program.length, 4096)))
                : program.clone();
        for (int edits = 1 + random.nextInt(4); edits > 0 && image.length > 0; edits--) {
            // Half of the edits in the ELF header, the others anywhere in it or the program headers.
            int span = random.nextBoolean() ? ELF_HEADER : ELF_HEADER + 12 * PROGRAM_HEADER;
            int at = random.nextInt(Math.min(image.length, span));
            switch (random.nextInt(4)) {
                case 0 -> image[at] = (byte) random.nextInt(256);
                case 1 -> image[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> Arrays.fill(image, at, Math.min(image.length, at + 8), (byte) 0xff);
                default -> Arrays.fill(image, at, Math.min(image.length, at + 8), (byte) 0);
            }
        }
        return image;
    }

    private static List<byte[]> programs() throws IOException {
        List<byte[]> programs = new ArrayList<>();
        try (Stream<Path> files = Files.list(SourceTree.riscvKernels().resolve("bin"))) {
            for (Path f : files.sorted().toList()) {
                programs.add(Files.readAllBytes(f));
            }
        }
        assertFalse(programs.isEmpty(), "no committed guest programs");
        return programs;
    }
}
