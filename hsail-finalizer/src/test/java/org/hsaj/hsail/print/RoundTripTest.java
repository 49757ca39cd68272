package org.hsaj.hsail.print;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.hsaj.hsail.TestKernels;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.text.HsailParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Parse, print, parse is the identity on every kernel of the corpus, and printing is stable. */
class RoundTripTest {
    static Stream<Path> kernels() {
        return TestKernels.all().stream();
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void parsePrintParseIsTheIdentity(Path file) throws IOException {
        assertRoundTrip(file.getFileName().toString(), HsailParser.parse(file));
    }

    /** Control directive values with the top bit of their width set print unsigned (they printed negative). */
    @Test
    void largestControlDirectiveValues() {
        Module m = HsailParser.parse("controls.hsail", "module &m:1:0:$full:$large:$default;\nkernel &k()\n{\n"
                + "\tenablebreakexceptions 2147483648;\n\tenabledetectexceptions 4294967295;\n"
                + "\tmaxdynamicgroupsize 4294967295;\n\tmaxflatgridsize 18446744073709551614;\n\tret;\n};\n");
        assertRoundTrip("controls.hsail", m);
        assertTrue(HsailPrinter.print(m).contains("\tenabledetectexceptions 4294967295;\n"), HsailPrinter.print(m));
    }

    private static void assertRoundTrip(String name, Module first) {
        String printed = HsailPrinter.print(first);
        Module second = HsailParser.parse(name + " (printed)", printed);
        assertEquals(WithoutPositions.of(first), WithoutPositions.of(second));
        assertEquals(printed, HsailPrinter.print(second));
    }
}
