package org.hsaj.cpu.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** A regular host file opened through the confined file system. */
final class HostFile extends FileDescription {
    private final FileChannel channel;
    private final Path path;
    private final boolean readable;
    private final boolean writable;

    HostFile(FileChannel channel, Path path, boolean readable, boolean writable, int statusFlags) {
        this.channel = channel;
        this.path = path;
        this.readable = readable;
        this.writable = writable;
        this.statusFlags = statusFlags;
    }

    @Override
    synchronized int read(byte[] buffer, int offset, int length) {
        if (!readable) {
            return -Errno.EBADF;
        }
        try {
            int n = channel.read(ByteBuffer.wrap(buffer, offset, length));
            return Math.max(n, 0);
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    synchronized int write(byte[] buffer, int offset, int length) {
        if (!writable) {
            return -Errno.EBADF;
        }
        try {
            if ((statusFlags & OpenFlags.O_APPEND) != 0) {
                channel.position(channel.size());
            }
            return channel.write(ByteBuffer.wrap(buffer, offset, length));
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    int pread(byte[] buffer, int offset, int length, long position) {
        if (!readable) {
            return -Errno.EBADF;
        }
        try {
            return Math.max(channel.read(ByteBuffer.wrap(buffer, offset, length), position), 0);
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    int pwrite(byte[] buffer, int offset, int length, long position) {
        if (!writable) {
            return -Errno.EBADF;
        }
        try {
            return channel.write(ByteBuffer.wrap(buffer, offset, length), position);
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    synchronized long seek(long offset, int whence) {
        try {
            long base = switch (whence) {
                case 0 -> 0;
                case 1 -> channel.position();
                case 2 -> channel.size();
                default -> -1;
            };
            if (base < 0 || base + offset < 0) {
                return -Errno.EINVAL;
            }
            channel.position(base + offset);
            return base + offset;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    int truncate(long length) {
        if (!writable) {
            return -Errno.EINVAL;
        }
        try {
            if (length < channel.size()) {
                channel.truncate(length);
            } else if (length > channel.size()) {
                channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
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
