package org.hsaj.hsail.codegen.jvm;

import java.util.List;
import java.util.Random;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.junit.jupiter.api.Test;

/**
 * Random valid kernels (see {@link RandomKernels}) run on the reference interpreter and on the JVM back
 * end in checked and fast mode; the output memory must be identical byte for byte.
 */
class RandomKernelTest {
    static final int KERNELS = 300;

    @Test
    void randomKernelsMatchTheInterpreterByteForByte() {
        for (long seed = 1; seed <= KERNELS; seed++) {
            Random r = new Random(seed);
            int wg = new int[] {4, 8, 16, 32}[r.nextInt(4)];
            int items = wg * (1 + r.nextInt(3)) - (r.nextBoolean() ? r.nextInt(wg / 2) : 0);
            // Partial work-groups break the neighbour exchange (a neighbour may not exist), so keep groups full
            // when the kernel exchanges through group memory.
            String hsail = RandomKernels.kernel(seed);
            if (hsail.contains("barrier")) {
                items = wg * (1 + r.nextInt(3));
            }
            int[] input = r.ints(RandomKernels.INPUT_WORDS).toArray();
            int n = items;
            try {
                Differential.assertSameAsInterpreter(new Differential.Case(hsail, DispatchGeometry.of1D(n, wg),
                        List.of(Resources.ints(input), new byte[4 * RandomKernels.INTS * n]), a -> new Object[] {a[0],
                        a[1]}));
            } catch (AssertionError e) {
                throw new AssertionError("random kernel " + seed + " (" + n + " work-items in groups of " + wg + "): "
                        + e.getMessage(), e);
            }
        }
    }
}
