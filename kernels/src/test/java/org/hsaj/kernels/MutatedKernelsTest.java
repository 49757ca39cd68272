package org.hsaj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hsaj.gpu.code.Backends;
import org.hsaj.gpu.code.CodeObject;
import org.hsaj.hsail.analysis.Diagnostic;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.print.HsailPrinter;
import org.hsaj.hsail.text.HsailParser;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.junit.jupiter.api.Test;

/**
 * Malformed HSAIL made from the sample kernels by small random edits (a few characters dropped, a type,
 * number, register or operation swapped, a line repeated or removed, a stray punctuation mark). Whatever
 * the edit, the finalizer answers with diagnostics or an HSA status, never another exception; and an
 * edited kernel that is still valid prints back to text that parses again to the same printed text, and
 * finalizes on both back ends or fails with an HSA status. Seeded, so a failure reproduces; its message
 * carries the edited text.
 */
class MutatedKernelsTest {
    private static final int MUTANTS = 2000;
    private static final long SEED = 20261122L;
    private static final String[] TYPES = {"_u32", "_s32", "_u64", "_s64", "_f32", "_f64", "_b1", "_b32", "_b64",
        "_u8x4", "_f16", "_u8", "_s16", "_b128", "_u16x2", "_f32x2", "_sig64", "_roimg", ""};
    private static final String[] NUMBERS = {"0", "-1", "4294967296", "18446744073709551615", "99999999999999999999",
        "0x", "0F", "0Dffffffffffffffff", "1.5", "-0", "2147483648", "65536", "_u8x4(1,2,3,4)", "3"};
    private static final String[] NAMES = {"$s0", "$d0", "$c0", "$q0", "$s127", "$d63", "$c7", "$s999", "$x1", "%n",
        "&k", "@done"};
    private static final String PUNCTUATION = "[](),;:{}=<>-+*/\"'\\";
    private static final Pattern TYPE = Pattern.compile("_(u|s|b|f)(8|16|32|64|128|1)(x[0-9]+)?");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9a-fA-Fx.]*");
    private static final Pattern NAME = Pattern.compile("[$%&@][a-z_A-Z0-9]+");
    private static final Pattern FIRST_WORD = Pattern.compile("^\\s*([a-z_0-9]+)");

    @Test
    void editedSampleKernelsGetDiagnosticsOrFinalize() throws IOException {
        List<String> sources = sampleSources();
        Random random = new Random(SEED);
        int stillValid = 0;
        try (SharedVirtualMemory memory = SharedVirtualMemory.reserve(1L << 30)) {
            for (int i = 0; i < MUTANTS; i++) {
                String text = sources.get(random.nextInt(sources.size()));
                for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                    text = edit(text, random);
                }
                try {
                    stillValid += checkMutant(text, memory) ? 1 : 0;
                } catch (RuntimeException | AssertionError e) {
                    fail("mutant " + i + " (seed " + SEED + "): " + e + "\n" + text, e);
                }
            }
        }
        // Both kinds must be exercised: edits that break the kernel and edits it survives.
        assertFalse(stillValid < MUTANTS / 20 || stillValid > MUTANTS / 2, stillValid + " of " + MUTANTS + " valid");
    }

    /** Whether the mutant was valid; throws on any answer but diagnostics or an HSA status. */
    private static boolean checkMutant(String text, SharedVirtualMemory memory) {
        List<Diagnostic> diagnostics = HsailParser.check("mutant.hsail", text);
        if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
            return false;
        }
        Module module = HsailParser.parse("mutant.hsail", text);
        String printed = HsailPrinter.print(module);
        assertEquals(List.of(), HsailParser.check("printed.hsail", printed).stream().filter(Diagnostic::isError)
                .map(Diagnostic::toString).toList(), printed);
        assertEquals(printed, HsailPrinter.print(HsailParser.parse("printed.hsail", printed)));
        for (String backend : List.of(Backends.JVM, Backends.INTERP)) {
            try {
                CodeObject.finalize(module, List.of(Backends.standard().compiler(backend)), memory);
            } catch (HsaException refused) {
                // A clear refusal (an unsupported feature, a kernel too large) is an answer.
            }
        }
        return true;
    }

    /** One random edit of one line. */
    private static String edit(String text, Random random) {
        String[] lines = text.split("\n", -1);
        int at = random.nextInt(lines.length);
        String line = lines[at];
        String other = lines[random.nextInt(lines.length)];
        lines[at] = switch (random.nextInt(8)) {
            case 0 -> dropCharacters(line, random);
            case 1 -> TYPE.matcher(line).replaceFirst(TYPES[random.nextInt(TYPES.length)]);
            case 2 -> replaceOneMatch(line, NUMBER, NUMBERS, random);
            case 3 -> replaceOneMatch(line, NAME, NAMES, random);
            case 4 -> line + "\n" + other;
            case 5 -> replaceFirstWord(line, other);
            case 6 -> "";
            default -> insertPunctuation(line, random);
        };
        return String.join("\n", lines);
    }

    private static String dropCharacters(String line, Random random) {
        if (line.isEmpty()) {
            return line;
        }
        int from = random.nextInt(line.length());
        return line.substring(0, from) + line.substring(Math.min(line.length(), from + 1 + random.nextInt(6)));
    }

    private static String replaceOneMatch(String line, Pattern pattern, String[] replacements, Random random) {
        Matcher m = pattern.matcher(line);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return line;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        return line.substring(0, span[0]) + replacements[random.nextInt(replacements.length)] + line.substring(span[1]);
    }

    /** The line's operation (its first word) replaced by another line's. */
    private static String replaceFirstWord(String line, String other) {
        Matcher mine = FIRST_WORD.matcher(line);
        Matcher theirs = FIRST_WORD.matcher(other);
        if (!mine.find() || !theirs.find()) {
            return line;
        }
        return line.substring(0, mine.start(1)) + theirs.group(1) + line.substring(mine.end(1));
    }

    private static String insertPunctuation(String line, Random random) {
        int at = line.isEmpty() ? 0 : random.nextInt(line.length());
        return line.substring(0, at) + PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())) + line.substring(at);
    }

    /** The text of every sample kernel file (kernels/SAMPLE/*.hsail), in a fixed order. */
    private static List<String> sampleSources() throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("."), 2)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".hsail")).sorted().toList()) {
                sources.add(Files.readString(f));
            }
        }
        assertFalse(sources.size() < 13, "sample kernel files found: " + sources.size());
        return sources;
    }
}
