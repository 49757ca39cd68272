package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.junit.jupiter.api.Test;

/** Loads and stores in every segment, every size and vector form, against Java and the interpreter. */
class MemorySegmentsTest {
    @Test
    void everySegmentEverySizeEveryVectorForm() {
        int n = 128;
        int wg = 64;
        ByteBuffer in = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        in.put(0, (byte) 0x11).put(1, (byte) 0xf3).putShort(2, (short) -1234).putShort(4, Float.floatToFloat16(2.5f));
        in.putFloat(8, 1.25f).putFloat(12, -3.5f).putFloat(16, 100f);
        List<byte[]> out = Differential.assertSameAsInterpreter(new Differential.Case(Resources.kernel("memory.hsail"),
                DispatchGeometry.of1D(n, wg), List.of(new byte[64 * n], in.array()),
                a -> new Object[] {a[0], a[1], (Integer) (7 | 0xfff0 << 16), (Integer) (0x8000 | 40000 << 16), 99},
                4L * wg, null));
        ByteBuffer r = ByteBuffer.wrap(out.get(0)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            int base = 64 * i;
            int local = i % wg;
            int sum = 0;
            for (int k = 0; k < 8; k++) {
                sum += i * k + k;
            }
            assertEquals(sum, r.getInt(base), "private array sum of " + i);
            assertEquals(i * 0x100000001L, r.getLong(base + 8), "spill of " + i);
            assertEquals(i, r.getLong(base + 16), "128-bit private of " + i);
            assertEquals(0xfff0, r.getInt(base + 24), "kernarg u16 array element 1");
            assertEquals((short) 0x8000, r.getInt(base + 28), "kernarg s16 array element 2");
            assertEquals((byte) 0xf3, r.getInt(base + 32), "ld_s8");
            assertEquals(0xf3, r.getInt(base + 36), "ld_u8");
            assertEquals(-1234, r.getInt(base + 40), "ld_s16");
            assertEquals(Float.floatToFloat16(2.5f) & 0xffff, r.getInt(base + 44), "ld_f16 fills the low 16 bits");
            assertEquals((byte) i, r.get(base + 48), "st_u8");
            assertEquals((short) local, r.getShort(base + 50), "st_u16");
            assertEquals(Float.floatToFloat16(2.5f), r.getShort(base + 52), "st_f16");
            assertEquals(1.25f + -3.5f + 100f, r.getFloat(base + 56), "ld_v3_f32");
            int neighbour = i - local + (local ^ 1);
            assertEquals(neighbour + 99, r.getInt(base + 60), "group memory, static and dynamic");
        }
    }
}
