package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** call, recursion, arg blocks, barriers inside functions, scall and icall. */
class CallKernelsTest {
    @Test
    void functionCalls() {
        InterpreterKernelCompiler.Options options = InterpreterKernelCompiler.Options.DEFAULT
                .withInstructionLimit(1_000_000).withIndirectFunctions(address -> address == 0x1234 ? "&triple" : null);
        try (Machine m = new Machine(org.hsaj.hsail.TestKernels.parse("calls.hsail"), options)) {
            int n = 13;
            long out = m.alloc(40L * n);
            m.run("&calls", n, 5, out, 0x1234);
            long[] got = m.readLongs(out, 5 * n);
            long factorial = 1;
            for (int i = 0; i < n; i++) {
                factorial *= Math.max(1, i);
                int group = i / 5;
                int size = Math.min(5, n - group * 5);
                int next = group * 5 + (i % 5 + 1) % size;
                assertEquals(i + 110, got[5 * i], "add3");
                assertEquals(factorial, got[5 * i + 1], "factorial of " + i);
                assertEquals(next * 7L, got[5 * i + 2], "neighbour through a barrier in a function");
                assertEquals(i % 2 == 0 ? -i : i * i, (int) got[5 * i + 3], "scall");
                assertEquals(3 * i, (int) got[5 * i + 4], "icall");
            }
        }
    }
}
