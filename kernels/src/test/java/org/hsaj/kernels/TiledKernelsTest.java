package org.hsaj.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.hsaj.gpu.code.Backends;
import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.runtime.api.HsaRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code &reduce_tiled} and {@code &histogram_tiled} at the edges of their tiling, on both back ends over
 * the same input: element counts that end inside a tile, inside a work-item's stride of 256, exactly at
 * a tile's end, or are empty; one or many elements per work-item; and grids with work-groups past the
 * last tile. The sum and the bins must equal plain Java's, and the jvm back end must write what the
 * interpreter writes.
 */
class TiledKernelsTest {
    private static final int WORKGROUP = 256;
    /** Elements past n in the input buffer, not zero: a kernel that reads past n gets a wrong result. */
    private static final int GUARD = 1024;
    private static HsaRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = TestPlatform.create();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** Element count, elements per work-item, and work-groups beyond the ones the elements need. */
    static Stream<Arguments> tilings() {
        return Stream.of(Arguments.of(0, 4, 0), Arguments.of(1, 1, 0), Arguments.of(255, 1, 0),
                Arguments.of(257, 1, 1), Arguments.of(3 * 256 * 7, 7, 0), Arguments.of(3 * 256 * 7 + 1, 7, 0),
                Arguments.of(20_001, 32, 2), Arguments.of(65_536, 32, 0), Arguments.of(100_003, 9, 0));
    }

    /** The grid of {@code n} elements at {@code perWorkItem} each, plus {@code extraGroups} idle work-groups. */
    private static Grid grid(int n, int perWorkItem, int extraGroups) {
        int groups = Math.max(1, Grid.groups(Grid.groups(n, perWorkItem), WORKGROUP)) + extraGroups;
        return Grid.linear(groups * WORKGROUP, WORKGROUP);
    }

    @ParameterizedTest(name = "n = {0}, {1} per work-item, {2} extra work-groups")
    @MethodSource("tilings")
    void reduceTiledSumsExactlyOnBothBackEnds(int n, int perWorkItem, int extraGroups) {
        int[] values = RandomData.ints(n, n + GUARD);
        int expected = 0;
        for (int i = 0; i < n; i++) {
            expected += values[i];
        }
        List<String> backends = List.of(Backends.JVM, Backends.INTERP);
        try (SampleHost host = SampleHost.open(runtime, backends, "reduction/reduction.hsail")) {
            long in = host.upload(values);
            int[][] sums = new int[backends.size()][];
            for (int b = 0; b < backends.size(); b++) {
                KernelSymbol k = host.kernel("&reduce_tiled", backends.get(b));
                long sum = host.allocate(4);
                host.memory().storeInt(sum, 0x5EED); // the kernel adds to what is there
                host.dispatch(k, host.kernarg(k).putLong("%in", in).putLong("%sum", sum).putInt("%n", n)
                        .putInt("%per_work_item", perWorkItem), grid(n, perWorkItem, extraGroups));
                sums[b] = host.readInts(sum, 1);
            }
            assertEquals(0x5EED + expected, sums[0][0], "jvm");
            assertArrayEquals(sums[1], sums[0], "jvm and interp");
        }
    }

    @ParameterizedTest(name = "n = {0}, {1} per work-item, {2} extra work-groups")
    @MethodSource("tilings")
    void histogramTiledCountsExactlyOnBothBackEnds(int n, int perWorkItem, int extraGroups) {
        int[] values = RandomData.ints(n + 1, n + GUARD);
        int[] expected = new int[256];
        for (int i = 0; i < n; i++) {
            expected[values[i] & 0xFF]++;
        }
        List<String> backends = List.of(Backends.JVM, Backends.INTERP);
        try (SampleHost host = SampleHost.open(runtime, backends, "histogram/histogram.hsail")) {
            long data = host.upload(values);
            int[][] bins = new int[backends.size()][];
            for (int b = 0; b < backends.size(); b++) {
                KernelSymbol k = host.kernel("&histogram_tiled", backends.get(b));
                long out = host.allocate(4L * 256);
                host.dispatch(k, host.kernarg(k).putLong("%data", data).putLong("%bins", out).putInt("%n", n)
                        .putInt("%per_work_item", perWorkItem), grid(n, perWorkItem, extraGroups));
                bins[b] = host.readInts(out, 256);
            }
            assertArrayEquals(expected, bins[0], "jvm");
            assertArrayEquals(bins[1], bins[0], "jvm and interp");
        }
    }
}
