package org.hsaj.cpu.linux;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Host files against the host kernel, through both implementations where the behaviour is theirs alike
 * (the NIO one is what hosts without the C library's calls get). For the native one, {@code
 * /proc/self/fd/N} is the kernel's own link to what descriptor N has open, so stat through it describes
 * the open file whatever became of its name.
 */
class HostFileTest {
    private static final int O_RDWR_CREAT = OpenFlags.O_RDWR | OpenFlags.O_CREAT;

    @TempDir
    Path dir;

    /** Whether the native implementation is tested: where the host C library has its calls. */
    static Stream<Boolean> implementations() {
        return HostCalls.AVAILABLE ? Stream.of(true, false) : Stream.of(false);
    }

    private HostFile open(Path path) throws IOException {
        return HostFile.open(path, O_RDWR_CREAT, 0600);
    }

    private static NativeHostFile openNative(Path path) throws IOException {
        return (NativeHostFile) HostFile.open(path, O_RDWR_CREAT, 0600, true);
    }

    /** Runs {@code check} on {@code path} opened for reading and writing (created where missing), then closes it. */
    private static void withFile(Path path, boolean nativeCalls, FileCheck check) throws IOException {
        HostFile file = HostFile.open(path, O_RDWR_CREAT, 0600, nativeCalls);
        try {
            check.on(file);
        } finally {
            file.close();
        }
    }

    @FunctionalInterface
    private interface FileCheck {
        void on(HostFile file) throws IOException;
    }

    private static String read(HostFile file, int max) {
        ByteBuffer into = ByteBuffer.allocateDirect(max);
        int n = file.read(into);
        assertTrue(n >= 0, "read failed: " + n);
        return StandardCharsets.UTF_8.decode(into.flip()).toString();
    }

    /** What the kernel says of the file descriptor {@code fd} has open: inode, links, size. */
    private static Map<String, Object> kernelView(int fd) throws IOException {
        return Files.readAttributes(Path.of("/proc/self/fd/" + fd), "unix:ino,nlink,size");
    }

    private static int write(HostFile file, String text) {
        return file.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void statusDescribesTheOpenFileAfterRenameAndUnlink() throws IOException {
        assumeTrue(HostCalls.AVAILABLE, "no statx in the host C library");
        Path first = dir.resolve("first");
        NativeHostFile file = openNative(first);
        try {
            int fd = file.descriptor();
            assertTrue(fd >= 0);
            assertEquals(5, write(file, "hello"));
            long inode = (Long) Files.getAttribute(first, "unix:ino");
            assertEquals(inode, file.status().inode());

            Path second = dir.resolve("second");
            Files.move(first, second);
            Files.writeString(first, "another file under the old name");
            FileStatus renamed = file.status();
            assertEquals(inode, renamed.inode());
            assertEquals(5, renamed.size());
            assertEquals(1, renamed.links());
            assertEquals(kernelView(fd).get("ino"), renamed.inode());

            Files.delete(second);
            assertEquals(2, write(file, "!!"));
            FileStatus unlinked = file.status();
            Map<String, Object> kernel = kernelView(fd);
            assertEquals(0, unlinked.links());
            assertEquals(kernel.get("nlink"), (int) unlinked.links());
            assertEquals(7, unlinked.size());
            assertEquals(kernel.get("size"), unlinked.size());
            assertEquals(inode, unlinked.inode());
            assertEquals(FileStatus.S_IFREG, unlinked.mode() & FileStatus.S_IFMT);
        } finally {
            file.close();
        }
    }

    @Test
    void theLastCloseReleasesTheDescriptorOnce() throws IOException {
        assumeTrue(HostCalls.AVAILABLE, "no statx in the host C library");
        Path path = dir.resolve("shared");
        NativeHostFile file = openNative(path);
        int fd = file.descriptor();
        Path link = Path.of("/proc/self/fd/" + fd);
        assertEquals(path.toRealPath(), Files.readSymbolicLink(link));

        file.retain(); // a dup'ed descriptor
        file.close();
        assertEquals(path.toRealPath(), Files.readSymbolicLink(link), "one descriptor is still open");
        assertEquals(3, write(file, "abc"));
        assertEquals(3, file.status().size());

        file.close();
        // Gone, or already reused by the JVM for another file: either way no longer ours.
        assertFalse(Files.isSymbolicLink(link) && path.toRealPath().equals(Files.readSymbolicLink(link)));
        assertEquals(-Errno.EBADF, file.pread(ByteBuffer.allocateDirect(4), 0), "the descriptor is closed");
    }

    @ParameterizedTest(name = "native calls: {0}")
    @MethodSource("implementations")
    void aReadIntoAnUnwritableBufferIsZeroOnlyAtTheEnd(boolean nativeCalls) throws IOException {
        withFile(dir.resolve("ten"), nativeCalls, file -> {
            assertEquals(10, write(file, "abcdefghij"));
            assertEquals(0, file.readIntoUnwritableBuffer(-1), "at the end");
            assertEquals(0, file.readIntoUnwritableBuffer(10));
            assertEquals(0, file.readIntoUnwritableBuffer(4000));
            assertEquals(-Errno.EFAULT, file.readIntoUnwritableBuffer(9));
            assertEquals(4, file.seek(4, 0));
            assertEquals(-Errno.EFAULT, file.readIntoUnwritableBuffer(-1));
            assertEquals(4, file.seek(0, 1), "the position stays");
        });
    }

    @ParameterizedTest(name = "native calls: {0}")
    @MethodSource("implementations")
    void positionalAndSequentialTransfersMeetInOneFile(boolean nativeCalls) throws IOException {
        withFile(dir.resolve("text"), nativeCalls, file -> {
            // The second half first at its offset, then the first from the position: what files.c does.
            assertEquals(5, file.pwrite(ByteBuffer.wrap("world".getBytes(StandardCharsets.UTF_8)), 6));
            assertEquals(0, file.seek(0, 1), "pwrite leaves the position");
            assertEquals(6, write(file, "hello "));
            assertEquals(0, file.seek(0, 0));
            assertEquals("hello world", read(file, 64));
            assertEquals("", read(file, 1), "at the end");
            ByteBuffer heap = ByteBuffer.allocate(3);
            assertEquals(3, file.pread(heap, 2), "into a heap buffer");
            assertEquals("llo", new String(heap.array(), StandardCharsets.UTF_8));
            ByteBuffer direct = ByteBuffer.allocateDirect(10);
            assertEquals(5, file.pread(direct, 6), "up to the end");
            assertEquals(5, direct.position());
            assertEquals(0, file.pread(ByteBuffer.allocateDirect(4), 100), "past the end");
            assertEquals(-Errno.EINVAL, file.pread(ByteBuffer.allocateDirect(4), -1));
            assertEquals(8, file.seek(-3, 2), "SEEK_END");
            assertEquals("rld", read(file, 64));
            assertEquals(-Errno.EINVAL, file.seek(-20, 2), "before the start");
            assertEquals(-Errno.EINVAL, file.seek(0, 5), "no such whence");
            assertEquals(3, file.seek(3, 3), "SEEK_DATA: all of it is data");
            assertEquals(11, file.seek(3, 4), "SEEK_HOLE: the end");
            assertEquals(-Errno.ENXIO, file.seek(11, 3));
        });
    }

    @ParameterizedTest(name = "native calls: {0}")
    @MethodSource("implementations")
    void truncationCutsAndExtendsWithZeros(boolean nativeCalls) throws IOException {
        Path path = dir.resolve("cut");
        withFile(path, nativeCalls, file -> {
            assertEquals(8, write(file, "abcdefgh"));
            assertEquals(0, file.truncate(3));
            assertEquals(0, file.truncate(6));
            assertArrayEquals(new byte[] {'a', 'b', 'c', 0, 0, 0}, Files.readAllBytes(path));
            assertEquals(6, file.status().size());
            assertEquals(2, write(file, "zz"), "at the position the file kept: past the end, a hole between");
            assertArrayEquals(new byte[] {'a', 'b', 'c', 0, 0, 0, 0, 0, 'z', 'z'}, Files.readAllBytes(path));
        });
    }

    @ParameterizedTest(name = "native calls: {0}")
    @MethodSource("implementations")
    void accessModesAndAppendAreTheGuests(boolean nativeCalls) throws IOException {
        Path path = dir.resolve("log");
        Files.writeString(path, "one\n");
        HostFile appending = HostFile.open(path, OpenFlags.O_WRONLY | OpenFlags.O_APPEND, 0, nativeCalls);
        HostFile reading = HostFile.open(path, OpenFlags.O_RDONLY, 0, nativeCalls);
        try {
            Files.writeString(path, "one\ntwo\n"); // grown by someone else: appends land after it all the same
            assertEquals(6, write(appending, "three\n"));
            assertEquals("one\ntwo\nthree\n", Files.readString(path));
            assertEquals(-Errno.EBADF, appending.read(ByteBuffer.allocateDirect(4)));
            assertEquals(-Errno.EBADF, write(reading, "x"));
            assertEquals(-Errno.EINVAL, reading.truncate(0));
            assertEquals("one\ntwo", read(reading, 7));
        } finally {
            appending.close();
            reading.close();
        }
    }

    @ParameterizedTest(name = "native calls: {0}")
    @MethodSource("implementations")
    void creationFlagsActAsLinuxs(boolean nativeCalls) throws IOException {
        Path fresh = dir.resolve("fresh");
        HostFile created = HostFile.open(fresh, OpenFlags.O_RDONLY | OpenFlags.O_CREAT, 0640, nativeCalls);
        created.close();
        assertTrue(Files.isRegularFile(fresh), "a read-only open with O_CREAT creates");
        assertEquals(0, Files.size(fresh));

        IOException exists = assertThrows(IOException.class,
                () -> HostFile.open(fresh, O_RDWR_CREAT | OpenFlags.O_EXCL, 0600, nativeCalls));
        assertEquals(Errno.EEXIST, Errno.of(exists));
        IOException missing = assertThrows(IOException.class,
                () -> HostFile.open(dir.resolve("missing"), OpenFlags.O_RDONLY, 0, nativeCalls));
        assertEquals(Errno.ENOENT, Errno.of(missing));

        Files.writeString(fresh, "old contents");
        HostFile truncating = HostFile.open(fresh, OpenFlags.O_WRONLY | OpenFlags.O_TRUNC, 0, nativeCalls);
        truncating.close();
        assertEquals(0, Files.size(fresh), "O_TRUNC");
    }

    @Test
    void aLinkIsRefusedWithNoFollowAndTheHostsErrno() throws IOException {
        assumeTrue(HostCalls.AVAILABLE, "no native calls in the host C library");
        Path target = dir.resolve("target");
        Files.writeString(target, "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        IOException loop = assertThrows(IOException.class,
                () -> HostFile.open(link, OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW, 0, true));
        assertEquals(Errno.ELOOP, Errno.of(loop));
        IOException directory = assertThrows(IOException.class,
                () -> HostFile.open(dir, OpenFlags.O_WRONLY, 0, true));
        assertEquals(Errno.EISDIR, Errno.of(directory));
    }
}
