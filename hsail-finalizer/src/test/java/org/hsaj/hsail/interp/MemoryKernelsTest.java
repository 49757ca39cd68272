package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every segment, flat addresses of group and private memory, segment conversions, variables with initializers, vector and sub-word accesses. */
class MemoryKernelsTest {
    @Test
    void segmentsAndAddressingForms() {
        try (Machine m = new Machine("memory_ops.hsail")) {
            int n = 8;
            long out = m.alloc(96L * n);
            m.run("&memory_ops", n, 4, out, 7);
            int[] got = m.readInts(out, 24 * n);
            int[] counters = new int[n];
            for (int i = 0; i < n; i++) {
                int[] r = Arrays.copyOfRange(got, 24 * i, 24 * i + 24);
                int local = i % 4;
                int next = (i / 4) * 4 + (local + 1) % 4;
                assertEquals(i + 100, r[0], "private array");
                assertEquals(i, r[1], "spill");
                assertEquals(next * 3, r[2], "group exchange");
                assertEquals(i + 1000, r[3], "flat store into group memory");
                assertEquals(0, r[4], "ftos undoes stof");
                assertEquals(77, r[5], "flat store into private memory");
                assertEquals(1, r[6], "segmentp group");
                assertEquals(0, r[7], "segmentp private of a group address");
                assertEquals(1, r[8], "segmentp global");
                assertEquals(10 * (i % 4 + 1), r[9], "readonly table");
                counters[i] = r[10];
                assertEquals(0xffffff81, r[11], "ld_s8");
                assertEquals(0x81, r[12], "ld_u8");
                assertEquals(0xffff8001, r[13], "ld_s16");
                assertEquals(0x8001, r[14], "ld_u16");
                assertEquals(i + 1, r[15], "st_v2 first");
                assertEquals(1, r[16], "ld_v2 difference");
                assertEquals(7, r[17], "kernargbaseptr");
                assertEquals(0, r[18], "nullptr_group and ftos of the flat null pointer are 0");
                assertEquals(1, r[19], "b128 word 0");
                assertEquals(2, r[20], "b128 word 1");
                assertEquals(3, r[21], "b128 word 2");
                assertEquals(4, r[22], "b128 word 3");
                assertEquals(i + 5000, r[23], "alloca");
            }
            Arrays.sort(counters);
            for (int i = 0; i < n; i++) {
                assertEquals(5 + i, counters[i], "atomic add results");
            }
            long counter = m.globals.addressOf(m.module.variable("&counter"));
            assertEquals(5 + n, m.memory.loadInt(counter));
        }
    }
}
