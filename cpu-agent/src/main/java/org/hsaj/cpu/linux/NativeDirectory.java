package org.hsaj.cpu.linux;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An open host directory listed by the host kernel itself: getdents64 on a host descriptor writes
 * struct linux_dirent64 records (one layout on every Linux) straight into the guest's buffer, with the
 * kernel's own order, inode numbers, types and d_off cookies (which lseek takes back), and its own
 * errors (EINVAL for a buffer too small for one entry). Used where {@link HostCalls#AVAILABLE};
 * {@link HostDirectory} is the portable form.
 *
 * <p>Threading: reads and seeks are serialized on this object, as the kernel serializes them on the
 * open file description.
 */
final class NativeDirectory extends OpenDirectory {
    private final int fd;

    private NativeDirectory(int fd, Path path, String guestPath) {
        super(path, guestPath);
        this.fd = fd;
    }

    /** Opens {@code path} (a directory) for listing, or throws with the host's errno. */
    static NativeDirectory open(Path path, String guestPath) throws IOException {
        int fd = HostCalls.openForReading(path);
        if (fd < 0) {
            throw new HostCalls.Failure(-fd);
        }
        return new NativeDirectory(fd, path, guestPath);
    }

    @Override
    synchronized long seek(long offset, int whence) {
        return HostCalls.lseek(fd, offset, whence);
    }

    /** {@code into} is a window of guest memory (a direct buffer). */
    @Override
    synchronized int readDirectory(ByteBuffer into) {
        MemorySegment window = MemorySegment.ofBuffer(into);
        int n = (int) HostCalls.getdents64(fd, window);
        if (n > 0) {
            into.position(into.position() + n);
        }
        return n;
    }

    @Override
    void release() {
        HostCalls.close(fd);
    }
}
