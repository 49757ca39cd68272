package org.hsaj.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hsaj.gpu.code.Backends;
import org.hsaj.gpu.code.Kernarg;
import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.runtime.api.HsaRuntime;
import org.junit.jupiter.api.Test;

/** The host steps samples are made of, dispatched many times over. */
class SampleHostTest {
    @Test
    void synchronousDispatchesShareOneCompletionSignal() {
        try (HsaRuntime runtime = TestPlatform.create();
                SampleHost host = SampleHost.open(runtime, Backends.JVM, "vector_copy/vector_copy.hsail")) {
            int[] words = RandomData.ints(7, 1000);
            long in = host.upload(words);
            long out = host.allocate(4L * words.length);
            KernelSymbol kernel = host.kernel("&vector_copy");
            Kernarg args = host.kernarg(kernel).putLong("%in", in).putLong("%out", out).putInt("%n", words.length);
            int before = runtime.signals().liveCount();
            for (int i = 0; i < 50; i++) {
                host.memory().segment().asSlice(out, 4L * words.length).fill((byte) 0);
                host.dispatch(kernel, args, Grid.linear(words.length, 64));
                assertArrayEquals(words, host.readInts(out, words.length), "dispatch " + i);
            }
            assertEquals(before + 1, runtime.signals().liveCount(), "live signals after 50 dispatches");
        }
    }
}
