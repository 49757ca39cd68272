package org.hsaj.hsail.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.hsaj.hsail.TestKernels;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.text.HsailParser;
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
        Module first = HsailParser.parse(file);
        String printed = HsailPrinter.print(first);
        Module second = HsailParser.parse(file.getFileName() + " (printed)", printed);
        assertEquals(WithoutPositions.of(first), WithoutPositions.of(second));
        assertEquals(printed, HsailPrinter.print(second));
    }
}
