package org.hsaj.cpu.linux;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host file's status and descriptors against the host kernel: {@code /proc/self/fd/N} is the kernel's
 * own link to what descriptor N has open, so stat through it describes the open file whatever became of
 * its name.
 */
class HostFileTest {
    @TempDir
    Path dir;

    private HostFile open(Path path) throws IOException {
        return HostFile.open(path, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE),
                OpenFlags.creationMode(0600), true, true, OpenFlags.O_RDWR);
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
        HostFile file = open(first);
        try {
            int fd = file.statusDescriptor();
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
    void theLastCloseReleasesTheChannelAndTheStatusDescriptorOnce() throws IOException {
        assumeTrue(HostCalls.AVAILABLE, "no statx in the host C library");
        Path path = dir.resolve("shared");
        HostFile file = open(path);
        int fd = file.statusDescriptor();
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
        assertTrue(file.pread(ByteBuffer.allocate(4), 0) < 0, "the channel is closed too");
    }

    @Test
    void aReadIntoAnUnwritableBufferIsZeroOnlyAtTheEnd() throws IOException {
        HostFile file = open(dir.resolve("ten"));
        try {
            assertEquals(10, write(file, "abcdefghij"));
            assertEquals(0, file.readIntoUnwritableBuffer(-1), "at the end");
            assertEquals(0, file.readIntoUnwritableBuffer(10));
            assertEquals(0, file.readIntoUnwritableBuffer(4000));
            assertEquals(-Errno.EFAULT, file.readIntoUnwritableBuffer(9));
            assertEquals(4, file.seek(4, 0));
            assertEquals(-Errno.EFAULT, file.readIntoUnwritableBuffer(-1));
            assertEquals(4, file.seek(0, 1), "the position stays");
        } finally {
            file.close();
        }
    }
}
