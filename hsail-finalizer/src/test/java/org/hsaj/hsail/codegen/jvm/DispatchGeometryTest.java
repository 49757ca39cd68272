package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.stream.Stream;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Work-item and dispatch queries in 1D, 2D and 3D grids, full and partial work-groups. */
class DispatchGeometryTest {
    static Stream<DispatchGeometry> geometries() {
        return Stream.of(DispatchGeometry.of1D(100, 32), DispatchGeometry.of1D(64, 64),
                new DispatchGeometry(2, 10, 7, 1, 4, 3, 1), new DispatchGeometry(2, 16, 16, 1, 8, 8, 1),
                new DispatchGeometry(3, 5, 6, 7, 2, 3, 4), new DispatchGeometry(3, 4, 4, 4, 4, 4, 4));
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void everyWorkItemSeesItsIdsAndTheDispatchSizes(DispatchGeometry g) {
        long items = g.gridX() * g.gridY() * g.gridZ();
        List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(Resources.kernel("geometry.hsail"),
                g, List.of(new byte[(int) (96 * items)]), a -> new Object[] {a[0]}));
        int[] v = Resources.toInts(out.get(0));
        for (long z = 0; z < g.gridZ(); z++) {
            for (long y = 0; y < g.gridY(); y++) {
                for (long x = 0; x < g.gridX(); x++) {
                    long[] abs = {x, y, z};
                    int[] expected = new int[24];
                    int[] cur = new int[3];
                    for (int d = 0; d < 3; d++) {
                        long group = abs[d] / g.workgroupSize(d);
                        expected[d] = (int) abs[d];
                        expected[3 + d] = (int) (abs[d] % g.workgroupSize(d));
                        expected[6 + d] = (int) group;
                        cur[d] = g.currentWorkgroupSize(d, group);
                        expected[9 + d] = cur[d];
                        expected[12 + d] = g.workgroupSize(d);
                        expected[15 + d] = (int) g.gridGroups(d);
                        expected[18 + d] = (int) g.gridSize(d);
                    }
                    expected[21] = expected[3] + expected[4] * g.workgroupX() + expected[5] * g.workgroupX()
                            * g.workgroupY();
                    expected[22] = expected[3] + expected[4] * cur[0] + expected[5] * cur[0] * cur[1];
                    expected[23] = g.dimensions();
                    int flat = (int) (x + y * g.gridX() + z * g.gridX() * g.gridY());
                    int[] actual = java.util.Arrays.copyOfRange(v, 24 * flat, 24 * flat + 24);
                    assertArrayEquals(expected, actual, "work-item (" + x + ", " + y + ", " + z + ")");
                }
            }
        }
    }
}
