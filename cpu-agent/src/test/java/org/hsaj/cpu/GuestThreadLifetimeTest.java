package org.hsaj.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.hsaj.cpu.testing.Tools;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Translated code reaches guest memory by host address, so the memory must stay mapped while any
 * guest thread may still run, even after the process has exited and its owner closed the memory:
 * here a thread blocked in a host read outlives exit_group, and the memory is unmapped only once it
 * has ended.
 */
class GuestThreadLifetimeTest {
    /** Where static executables are linked: mapped for as long as the process image is. */
    private static final long TEXT = 0x10000;

    @ParameterizedTest(name = "interpretOnly={0}")
    @CsvSource({"true", "false"})
    void memoryStaysMappedUntilTheLastGuestThreadHasEnded(boolean interpretOnly, @TempDir Path build) throws Exception {
        assumeTrue(Tools.available(Tools.GCC), "riscv64-linux-gnu-gcc missing");
        try (InputStream source = getClass().getResourceAsStream("/programs/blockedreader.c")) {
            Files.write(build.resolve("blockedreader.c"), source.readAllBytes());
        }
        Tools.Result built = Tools.run(build, new byte[0], List.of(Tools.GCC, "-O2", "-static", "-o", "blockedreader",
                "blockedreader.c", "-pthread"));
        assertEquals(0, built.status(), built.stderr());

        UninterruptibleInput input = new UninterruptibleInput(build.resolve("reading"));
        SharedVirtualMemory memory = SharedVirtualMemory.reserve(SharedVirtualMemory.DEFAULT_SIZE);
        int status = GuestRunner.run(new GuestLaunch(build.resolve("blockedreader"), List.of("blockedreader"), Map.of(),
                build, interpretOnly, input, OutputStream.nullOutputStream(), new ByteArrayOutputStream()), memory);
        assertEquals(3, status);
        memory.close();
        memory.loadByte(TEXT); // the blocked reader still holds the memory: no IllegalStateException

        input.release.countDown();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (stillMapped(memory) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThrows(IllegalStateException.class, () -> memory.loadByte(TEXT),
                "unmapped once the reader's thread has ended");
    }

    private static boolean stillMapped(SharedVirtualMemory memory) {
        try {
            memory.loadByte(TEXT);
            return true;
        } catch (IllegalStateException unmapped) {
            return false;
        }
    }

    /**
     * Standard input whose read creates a marker file (which the guest waits for before it exits),
     * then blocks, deaf to interrupts, until the test releases it.
     */
    private static final class UninterruptibleInput extends InputStream {
        final CountDownLatch release = new CountDownLatch(1);
        private final Path marker;

        UninterruptibleInput(Path marker) {
            this.marker = marker;
        }

        @Override
        public int read() throws IOException {
            Files.createFile(marker);
            boolean interrupted = false;
            while (true) {
                try {
                    release.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return 'x';
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            into[offset] = (byte) read();
            return 1;
        }
    }
}
