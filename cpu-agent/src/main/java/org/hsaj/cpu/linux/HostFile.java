package org.hsaj.cpu.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A regular host file opened through the confined file system. The file position is kept here and
 * every transfer is positional on the host, so lseek costs no host call and read or write one.
 *
 * <p>Threading: the position is guarded by this object's lock (dup'ed descriptors share it, as on
 * Linux); pread and pwrite take no lock.
 */
final class HostFile extends FileDescription {
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;

    private final FileChannel channel;
    private final Path path;
    private final boolean readable;
    private final boolean writable;
    private long position;

    HostFile(FileChannel channel, Path path, boolean readable, boolean writable, int statusFlags) {
        this.channel = channel;
        this.path = path;
        this.readable = readable;
        this.writable = writable;
        this.statusFlags = statusFlags;
    }

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
        try {
            if ((statusFlags & OpenFlags.O_APPEND) != 0) {
                position = channel.size();
            }
        } catch (IOException e) {
            return -Errno.of(e);
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
        try {
            return Math.max(channel.read(into, at), 0);
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    int pwrite(ByteBuffer from, long at) {
        if (!writable) {
            return -Errno.EBADF;
        }
        if (at < 0) {
            return -Errno.EINVAL;
        }
        try {
            return channel.write(from, at);
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    synchronized long seek(long offset, int whence) {
        try {
            long target;
            switch (whence) {
                case SEEK_SET -> target = offset;
                case SEEK_CUR -> target = add(position, offset);
                case SEEK_END -> target = add(channel.size(), offset);
                case SEEK_DATA, SEEK_HOLE -> {
                    // No holes are tracked: all of the file is data, and its end is the one hole.
                    long size = channel.size();
                    if (Long.compareUnsigned(offset, size) >= 0) {
                        return -Errno.ENXIO;
                    }
                    target = whence == SEEK_DATA ? offset : size;
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
        } catch (IOException e) {
            return -Errno.of(e);
        }
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
        try {
            long size = channel.size();
            if (length < size) {
                channel.truncate(length);
            } else if (length > size) {
                channel.write(ByteBuffer.allocate(1), length - 1);
            }
            return 0;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    FileStatus status() throws IOException {
        return FileStatus.of(path, true);
    }

    @Override
    void release() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing the guest can do about a failed close of a host file.
        }
    }
}
