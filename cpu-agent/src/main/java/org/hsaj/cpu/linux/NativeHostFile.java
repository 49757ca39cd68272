package org.hsaj.cpu.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A regular host file on one host descriptor, through {@link HostCalls}: pread and pwrite move bytes
 * straight between the host kernel and the guest's buffer (a window of guest memory), fstat asks the
 * descriptor itself (statx with AT_EMPTY_PATH), so it describes the open file after a rename or unlink as
 * Linux does, and the host's own errno comes back unchanged. One host open and one close per guest open.
 * A buffer on the Java heap (a system call's bounce buffer) goes through a native copy.
 *
 * <p>Threading: as {@link HostFile}; the descriptor is closed once, by the last guest descriptor's close.
 */
final class NativeHostFile extends HostFile {
    private final int fd;

    private NativeHostFile(int fd, boolean readable, boolean writable, int statusFlags) {
        super(readable, writable, statusFlags);
        this.fd = fd;
    }

    static NativeHostFile open(Path path, int flags, int mode, boolean readable, boolean writable, int statusFlags)
            throws IOException {
        int fd = HostCalls.open(path, OpenFlags.hostFlags(flags), mode & 0777);
        if (fd < 0) {
            throw new HostCalls.Failure(-fd);
        }
        return new NativeHostFile(fd, readable, writable, statusFlags);
    }

    /** The host descriptor (for tests). */
    int descriptor() {
        return fd;
    }

    @Override
    int hostRead(ByteBuffer into, long at) {
        if (into.isDirect()) {
            return (int) transferred(into, HostCalls.pread(fd, MemorySegment.ofBuffer(into), at));
        }
        try (Arena arena = Arena.ofConfined()) { // a heap buffer (a bounce buffer, a test) through native memory
            MemorySegment bounce = arena.allocate(into.remaining());
            long n = HostCalls.pread(fd, bounce, at);
            if (n > 0) {
                MemorySegment.ofBuffer(into).copyFrom(bounce.asSlice(0, n));
            }
            return (int) transferred(into, n);
        }
    }

    @Override
    int hostWrite(ByteBuffer from, long at) {
        if (from.isDirect()) {
            return (int) transferred(from, HostCalls.pwrite(fd, MemorySegment.ofBuffer(from), at));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bounce = arena.allocate(from.remaining()).copyFrom(MemorySegment.ofBuffer(from));
            return (int) transferred(from, HostCalls.pwrite(fd, bounce, at));
        }
    }

    /** Advances the buffer's position past the {@code n} bytes a transfer moved (n may be -errno). */
    private static long transferred(ByteBuffer buffer, long n) {
        if (n > 0) {
            buffer.position(buffer.position() + (int) n);
        }
        return n;
    }

    @Override
    long hostSize() {
        return HostCalls.lseek(fd, 0, SEEK_END); // moves the host offset, which no transfer here uses
    }

    @Override
    int hostTruncate(long length) {
        return HostCalls.ftruncate(fd, length);
    }

    @Override
    FileStatus status() throws IOException {
        return FileStatus.ofDescriptor(fd);
    }

    @Override
    void release() {
        HostCalls.close(fd);
    }
}
