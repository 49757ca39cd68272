package org.hsaj.cpu.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;

/**
 * A regular host file opened through the confined file system. The file position is kept here and
 * every transfer is positional on the host, so lseek costs no host call and read or write one.
 *
 * <p>Bytes move through a {@link FileChannel}; fstat asks a second host descriptor, an {@code O_PATH}
 * one opened on the same path right after the channel (where {@link HostCalls#AVAILABLE}), so it
 * reports the open file itself after a rename or unlink as Linux does. Without it, fstat stats the
 * path the file was opened by. Both are closed together when the last guest descriptor goes.
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
    /** The O_PATH descriptor fstat asks; negative when there is none (no host calls, or its open failed). */
    private final int statusDescriptor;
    private final boolean readable;
    private final boolean writable;
    private long position;

    private HostFile(FileChannel channel, Path path, int statusDescriptor, boolean readable, boolean writable,
                     int statusFlags) {
        this.channel = channel;
        this.path = path;
        this.statusDescriptor = statusDescriptor;
        this.readable = readable;
        this.writable = writable;
        this.statusFlags = statusFlags;
    }

    /**
     * Opens {@code path} on the host with {@code options} (creating it with {@code mode} where they
     * say so), or throws what the host open threw.
     *
     * <p>The status descriptor is opened by path after the channel: should another process replace
     * the file at that path in between, fstat would describe the replacement.
     */
    static HostFile open(Path path, Set<? extends OpenOption> options, FileAttribute<?> mode, boolean readable,
                         boolean writable, int statusFlags) throws IOException {
        FileChannel channel = FileChannel.open(path, options, mode);
        try {
            int fd = HostCalls.AVAILABLE ? HostCalls.openPath(path) : -1;
            return new HostFile(channel, path, fd, readable, writable, statusFlags);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The host descriptor fstat asks, negative when fstat stats the path (for tests). */
    int statusDescriptor() {
        return statusDescriptor;
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
    synchronized int readIntoUnwritableBuffer(long at) {
        try {
            return (at < 0 ? position : at) >= channel.size() ? 0 : -Errno.EFAULT;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    FileStatus status() throws IOException {
        return statusDescriptor >= 0 ? FileStatus.ofDescriptor(statusDescriptor) : FileStatus.of(path, true);
    }

    @Override
    void release() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing the guest can do about a failed close of a host file.
        } finally {
            if (statusDescriptor >= 0) {
                HostCalls.close(statusDescriptor);
            }
        }
    }
}
