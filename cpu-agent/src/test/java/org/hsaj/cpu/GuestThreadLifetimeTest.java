package org.hsaj.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.hsaj.cpu.testing.Tools;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Translated code reaches guest memory by host address, so the memory must stay mapped while any
 * guest thread may still run, even after the process has exited and its owner closed the memory:
 * here a thread blocked in a host read outlives exit_group, and the memory is unmapped only once it
 * has ended. The same lease shows whether every guest thread ended after an exit_group, and that a run
 * returns only once they have (those not blocked in a host call), so that closing the memory unmaps it.
 */
class GuestThreadLifetimeTest {
    /** Where static executables are linked: mapped for as long as the process image is. */
    private static final long TEXT = 0x10000;

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void memoryStaysMappedUntilTheLastGuestThreadHasEnded(ExecutionMode mode, @TempDir Path build) throws Exception {
        compile(build, "blockedreader");
        UninterruptibleInput input = new UninterruptibleInput(build.resolve("reading"));
        SharedVirtualMemory memory = SharedVirtualMemory.reserve(SharedVirtualMemory.DEFAULT_SIZE);
        int status = GuestRunner.run(new GuestLaunch(build.resolve("blockedreader"), List.of("blockedreader"), Map.of(),
                build, mode, input, OutputStream.nullOutputStream(), new ByteArrayOutputStream()), memory);
        assertEquals(3, status);
        memory.close();
        memory.loadByte(TEXT); // the blocked reader still holds the memory: no IllegalStateException

        input.release.countDown();
        assertUnmappedWithin(memory, 30, "unmapped once the reader's thread has ended");
    }

    /**
     * The main thread's loop is hot (translated) while the process has one thread, then runs forever
     * once a second thread has started, whose exit ends the process. Regions compiled for one thread
     * do not look for stop requests, so starting the thread must drop them; otherwise the main
     * thread would spin on after the exit, holding the memory.
     */
    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void aLoopMadeHotBeforeASecondThreadStartedStopsAtThatThreadsExit(ExecutionMode mode, @TempDir Path build)
            throws Exception {
        compile(build, "latestop");
        SharedVirtualMemory memory = SharedVirtualMemory.reserve(SharedVirtualMemory.DEFAULT_SIZE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = GuestRunner.run(new GuestLaunch(build.resolve("latestop"), List.of("latestop"), Map.of(), build,
                mode, InputStream.nullInputStream(), out, new ByteArrayOutputStream()), memory);
        assertEquals(3, status);
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("the second thread ends the process\n"), out.toString());
        memory.close();
        assertThrows(IllegalStateException.class, () -> memory.loadByte(TEXT),
                "the run returned after the spinning main thread stopped, so nothing holds the memory any more");
    }

    private static void compile(Path build, String name) throws IOException, InterruptedException {
        assumeTrue(Tools.available(Tools.GCC), "riscv64-linux-gnu-gcc missing");
        try (InputStream source = GuestThreadLifetimeTest.class.getResourceAsStream("/programs/" + name + ".c")) {
            Files.write(build.resolve(name + ".c"), source.readAllBytes());
        }
        Tools.Result built = Tools.run(build, new byte[0], List.of(Tools.GCC, "-O2", "-static", "-o", name,
                name + ".c", "-pthread"));
        assertEquals(0, built.status(), built.stderr());
    }

    /** Waits up to {@code seconds} for the last lease on the closed memory to go, then asserts it went. */
    private static void assertUnmappedWithin(SharedVirtualMemory memory, int seconds, String why)
            throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (stillMapped(memory) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThrows(IllegalStateException.class, () -> memory.loadByte(TEXT), why);
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
