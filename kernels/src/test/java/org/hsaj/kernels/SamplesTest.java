package org.hsaj.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.hsaj.gpu.code.Backends;
import org.hsaj.runtime.api.HsaRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample on every back end: its results match the plain Java computation (the sample's own
 * check), and the two back ends leave byte-for-byte identical output memory. Each sample runs once per
 * back end; the differential tests compare the outputs of those runs.
 */
class SamplesTest {
    private static HsaRuntime runtime;
    private static final Map<String, SampleResult> RESULTS = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        runtime = TestPlatform.create();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static SampleResult result(String sample, String backend) {
        return RESULTS.computeIfAbsent(sample + " on " + backend,
                key -> Samples.run(Samples.named(sample), runtime, backend));
    }

    static Stream<Arguments> samplesOnBackEnds() {
        return Samples.names().stream().flatMap(s -> Stream.of(Arguments.of(s, Backends.JVM),
                Arguments.of(s, Backends.INTERP)));
    }

    static Stream<String> samples() {
        return Samples.names().stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("samplesOnBackEnds")
    void matchesThePlainJavaComputation(String sample, String backend) {
        SampleResult r = result(sample, backend);
        assertTrue(r.passed(), sample + " on " + backend + ": " + r.detail());
        assertTrue(r.output().length > 0, "no output");
    }

    @ParameterizedTest(name = "{0}: jvm and interp write the same bytes")
    @MethodSource("samples")
    void backEndsWriteIdenticalOutputMemory(String sample) {
        SampleResult jvm = result(sample, Backends.JVM);
        SampleResult interp = result(sample, Backends.INTERP);
        assertTrue(jvm.passed() && interp.passed(), "both runs must pass first: jvm " + jvm + "; interp " + interp);
        assertArrayEquals(interp.output(), jvm.output(), sample + ": output memory differs between back ends");
    }
}
