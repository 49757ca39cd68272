package org.hsaj.cpu.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A regular host file opened through the confined file system. The file position is kept here and
 * every transfer is positional on the host, so lseek costs no host call and read or write one. How the
 * bytes reach the host is the subclass's: {@link NativeHostFile} (one host descriptor, through
 * {@link HostCalls}) where the C library has the calls, else {@link ChannelHostFile} (NIO).
 *
 * <p>Threading: the position is guarded by this object's lock (dup'ed descriptors share it, as on
 * Linux); pread and pwrite take no lock.
 */
abstract class HostFile extends FileDescription {
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    static final int SEEK_END = 2;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;

    private final boolean readable;
    private final boolean writable;
    private long position;

    HostFile(boolean readable, boolean writable, int statusFlags) {
        this.readable = readable;
        this.writable = writable;
        this.statusFlags = statusFlags;
    }

    /**
     * Opens {@code path} on the host for guest open {@code flags} (creating it with {@code mode}, the
     * umask applied, where they say so), or throws with the host's error.
     */
    static HostFile open(Path path, int flags, int mode) throws IOException {
        return open(path, flags, mode, HostCalls.AVAILABLE);
    }

    /** {@link #open(Path, int, int)} through {@link NativeHostFile} or, without {@code nativeCalls}, NIO. */
    static HostFile open(Path path, int flags, int mode, boolean nativeCalls) throws IOException {
        int access = flags & OpenFlags.O_ACCMODE;
        boolean readable = access != OpenFlags.O_WRONLY;
        boolean writable = access != OpenFlags.O_RDONLY;
        int statusFlags = flags & (OpenFlags.O_ACCMODE | OpenFlags.O_APPEND | OpenFlags.O_NONBLOCK);
        return nativeCalls ? NativeHostFile.open(path, flags, mode, readable, writable, statusFlags)
                : ChannelHostFile.open(path, flags, mode, readable, writable, statusFlags);
    }

    // ---- what the host does (each returns a count, a size or 0, or a negated errno) ----

    /** Reads from file offset {@code at} into {@code into} (position to limit), advancing its position. */
    abstract int hostRead(ByteBuffer into, long at);

    /** Writes what {@code from} holds (position to limit) at file offset {@code at}, advancing its position. */
    abstract int hostWrite(ByteBuffer from, long at);

    /** The file's size. */
    abstract long hostSize();

    /** Cuts or extends the file to {@code length} bytes (extended with zeros). */
    abstract int hostTruncate(long length);

    // ---- the guest's view ----

    @Override
    synchronized int read(ByteBuffer into) {
        int n = pread(into, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    synchronized int write(ByteBuffer from) {
        if (!writable) {
            return -Errno.EBADF;
        }
        if ((statusFlags & OpenFlags.O_APPEND) != 0) {
            long size = hostSize();
            if (size < 0) {
                return (int) size;
            }
            position = size;
        }
        int n = pwrite(from, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    int pread(ByteBuffer into, long at) {
        if (!readable) {
            return -Errno.EBADF;
        }
        if (at < 0) {
            return -Errno.EINVAL;
        }
        return hostRead(into, at);
    }

    @Override
    int pwrite(ByteBuffer from, long at) {
        if (!writable) {
            return -Errno.EBADF;
        }
        if (at < 0) {
            return -Errno.EINVAL;
        }
        return hostWrite(from, at);
    }

    @Override
    synchronized long seek(long offset, int whence) {
        long target;
        switch (whence) {
            case SEEK_SET -> target = offset;
            case SEEK_CUR -> target = add(position, offset);
            case SEEK_END, SEEK_DATA, SEEK_HOLE -> {
                long size = hostSize();
                if (size < 0) {
                    return size;
                }
                if (whence == SEEK_END) {
                    target = add(size, offset);
                } else if (Long.compareUnsigned(offset, size) >= 0) {
                    return -Errno.ENXIO;
                } else {
                    // No holes are tracked: all of the file is data, and its end is the one hole.
                    target = whence == SEEK_DATA ? offset : size;
                }
            }
            default -> {
                return -Errno.EINVAL;
            }
        }
        if (target < 0) {
            return -Errno.EINVAL;
        }
        position = target;
        return target;
    }

    /** base + offset, or -1 (no position) when it overflows. */
    private static long add(long base, long offset) {
        long r = base + offset;
        return ((base ^ r) & (offset ^ r)) < 0 ? -1 : r;
    }

    @Override
    int truncate(long length) {
        if (!writable) {
            return -Errno.EINVAL;
        }
        return hostTruncate(length);
    }

    @Override
    synchronized int readIntoUnwritableBuffer(long at) {
        long size = hostSize();
        if (size < 0) {
            return (int) size;
        }
        return (at < 0 ? position : at) >= size ? 0 : -Errno.EFAULT;
    }
}
