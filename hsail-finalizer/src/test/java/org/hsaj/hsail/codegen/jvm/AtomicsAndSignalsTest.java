package org.hsaj.hsail.codegen.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.junit.jupiter.api.Test;

/**
 * Atomics, signals, queue indices and flat access to group memory. The checks are order-independent
 * properties (final counter values, old values forming a permutation) since the work-items of a
 * group may perform their atomics in any order.
 */
class AtomicsAndSignalsTest {
    @Test
    void atomicsSignalsQueuesAndSegmentConversions() {
        int n = 160;
        int wg = 32;
        for (JvmCompilerOptions o : new JvmCompilerOptions[] {JvmCompilerOptions.checkedMode(),
                JvmCompilerOptions.fastMode()}) {
            try (KernelRunner r = new KernelRunner(256L << 20)) {
                long counters = r.allocate(64);
                r.memory.storeInt(counters + 8, -1);
                r.memory.storeInt(counters + 4, Integer.MIN_VALUE);
                r.memory.storeInt(counters + 32, 1000);
                r.memory.storeInt(counters + 36, -5);
                long old = r.allocate(4L * n);
                long signal = r.allocate(64);
                r.memory.storeLong(signal + 8, 10);
                long queue = r.allocate(256);
                r.memory.storeLong(queue + 64, 5);
                CompiledKernel k = KernelRunner.compile(new JvmKernelCompiler(o), Resources.kernel("atomics.hsail"));
                r.run(k, DispatchGeometry.of1D(n, wg), r.kernarg(counters, old, signal, queue));
                String mode = Differential.mode(o);
                assertEquals(n, r.memory.loadInt(counters), mode);
                assertEquals(n - 1, r.memory.loadInt(counters + 4), mode);
                assertEquals(0, r.memory.loadInt(counters + 8), mode);
                assertEquals(-1, r.memory.loadInt(counters + 12), mode);
                assertEquals(3L * n, r.memory.loadLong(counters + 16), mode);
                assertEquals(n % 10, r.memory.loadInt(counters + 24), mode);
                assertEquals(n, r.memory.loadInt(counters + 28), "group counts read through flat addresses, " + mode);
                assertEquals(1000 - 2 * n, r.memory.loadInt(counters + 32), mode);
                int lastExchanged = r.memory.loadInt(counters + 36);
                assertEquals(true, lastExchanged >= 0 && lastExchanged < n, mode);
                // n times x -> 2x + 1 from 0 gives 2^n - 1 (mod 2^32)
                assertEquals((int) ((1L << (n % 64)) - 1) | (n >= 32 ? -1 : 0), r.memory.loadInt(counters + 40), mode);
                assertEquals(n / wg, r.memory.loadInt(counters + 44), "segmentp is 1 and ftos inverts stof, " + mode);
                int[] olds = new int[n];
                for (int i = 0; i < n; i++) {
                    olds[i] = r.memory.loadInt(old + 4L * i);
                }
                Arrays.sort(olds);
                assertArrayEquals(IntStream.range(0, n).toArray(), olds, "atomic_add returns each old value once, " + mode);
                assertEquals(10L + n, r.memory.loadLong(signal + 8), "signal value, " + mode);
                assertEquals(n, r.memory.loadLong(queue + 128), "queue write index, " + mode);
            }
        }
    }
}
