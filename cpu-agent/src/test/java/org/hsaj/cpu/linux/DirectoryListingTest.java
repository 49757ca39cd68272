package org.hsaj.cpu.linux;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both directory descriptions list a host directory as getdents64 records: every entry once (with
 * "." and ".."), the right d_type, record lengths that chain, and EINVAL for a buffer too small for
 * the first record; the oracle is the host's own listing through java.nio.
 */
class DirectoryListingTest {
    @TempDir
    Path dir;

    /** name -> d_type of every record getdents64 hands out, in buffers of {@code size} bytes. */
    private static Map<String, Integer> list(FileDescription d, int size) {
        Map<String, Integer> entries = new HashMap<>();
        while (true) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
            int n = d.readDirectory(buffer);
            assertTrue(n >= 0, "getdents64 failed: " + n);
            assertEquals(n, buffer.position(), "the buffer's position moves past what was written");
            if (n == 0) {
                return entries;
            }
            for (int at = 0; at < n; ) {
                int length = Short.toUnsignedInt(buffer.getShort(at + 16));
                assertTrue(length >= 24 && at + length <= n, "record length " + length);
                int end = at + 19;
                while (buffer.get(end) != 0) {
                    end++;
                }
                byte[] name = new byte[end - at - 19];
                buffer.get(at + 19, name);
                assertNull(entries.put(new String(name, StandardCharsets.UTF_8), (int) buffer.get(at + 18)), "listed once");
                at += length;
            }
        }
    }

    private void populate() throws Exception {
        Files.createDirectory(dir.resolve("sub"));
        for (int i = 0; i < 300; i++) {
            Files.writeString(dir.resolve("file-" + i + ".txt"), "x");
        }
    }

    private Map<String, Integer> expected() throws Exception {
        Map<String, Integer> expected = new HashMap<>(Map.of(".", 4, "..", 4));
        try (Stream<Path> entries = Files.list(dir)) {
            entries.forEach(p -> expected.put(p.getFileName().toString(), Files.isDirectory(p) ? 4 : 8));
        }
        return expected;
    }

    @Test
    void portableListingMatchesTheHost() throws Exception {
        populate();
        assertEquals(expected(), list(new HostDirectory(dir, "/"), 1024));
        assertEquals(-Errno.EINVAL, new HostDirectory(dir, "/").readDirectory(ByteBuffer.allocateDirect(8)));
    }

    @Test
    void kernelListingMatchesTheHostAndRewinds() throws Exception {
        assumeTrue(HostCalls.AVAILABLE, "the C library's getdents64 is not available");
        populate();
        NativeDirectory d = NativeDirectory.open(dir, "/");
        try {
            assertEquals(expected(), list(d, 1024));
            assertEquals(0, d.seek(0, 0));
            assertEquals(expected(), list(d, 32768), "listed again from the start after lseek(0)");
            assertEquals(0, d.readDirectory(ByteBuffer.allocateDirect(8)), "at the end: nothing, whatever the size");
            assertEquals(0, d.seek(0, 0));
            assertEquals(-Errno.EINVAL, d.readDirectory(ByteBuffer.allocateDirect(8)));
            assertEquals(-Errno.EISDIR, d.read(ByteBuffer.allocateDirect(8)));
        } finally {
            d.close();
        }
        assertEquals(Errno.ENOTDIR, assertThrows(HostCalls.Failure.class,
                () -> NativeDirectory.open(dir.resolve("file-1.txt/x"), "/x")).errno);
    }
}
