package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every atomic operation on global and group memory, against the sequential Java result. */
class AtomicKernelsTest {
    @Test
    void atomicOperations() {
        try (Machine m = new Machine("atomics.hsail")) {
            int n = 32;
            long mem = m.ints(0, 1000, -1, 0, 0, -100, -1, 555, 0, 0, 2, 0, 0, 0, 0, 77);
            long ret = m.alloc(4L * n);
            m.run("&atomics", n, 8, mem, ret);
            int[] w = m.readInts(mem, 16);
            int[] returned = m.readInts(ret, n);
            Arrays.sort(returned);
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            assertArrayEquals(all, returned, "atomic_add returns every old value once");
            assertEquals(n, w[0], "add");
            assertEquals(1000 - 2 * n, w[1], "sub");
            assertEquals(0, w[2], "and clears one bit per work-item");
            assertEquals(-1, w[3], "or sets one bit per work-item");
            assertEquals(-1, w[4], "xor toggles each bit once");
            assertEquals(0, w[5], "signed max of -100 and -i");
            assertEquals(100, w[6], "unsigned min");
            Set<Integer> exch = new HashSet<>();
            for (int i = 0; i < n; i++) {
                exch.add(i);
            }
            assertTrue(exch.contains(w[7]), "exch leaves some work-item's id");
            assertEquals(n, w[8], "cas loop");
            int inc = 0;
            int dec = 2;
            for (int i = 0; i < n; i++) {
                inc = inc >= 9 ? 0 : inc + 1;
                dec = dec == 0 || dec > 4 ? 4 : dec - 1;
            }
            assertEquals(inc, w[9], "wrapinc");
            assertEquals(dec, w[10], "wrapdec");
            assertEquals(0, w[12]);
            assertEquals(n, w[13], "64-bit add");
            assertEquals(n * (n - 1) / 2, w[14], "group atomics summed per group");
            assertEquals(0, w[15], "atomic store");
        }
    }
}
