package org.hsaj.cpu.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A regular host file through NIO, where the C library lacks the calls of {@link NativeHostFile}: bytes
 * move through a {@link FileChannel}, and fstat stats the path the file was opened by (so after a rename
 * or unlink it describes whatever is there now, or fails, unlike Linux).
 *
 * <p>Threading: as {@link HostFile}; the channel is thread-safe.
 */
final class ChannelHostFile extends HostFile {
    private final FileChannel channel;
    private final Path path;

    private ChannelHostFile(FileChannel channel, Path path, boolean readable, boolean writable, int statusFlags) {
        super(readable, writable, statusFlags);
        this.channel = channel;
        this.path = path;
    }

    static ChannelHostFile open(Path path, int flags, int mode, boolean readable, boolean writable, int statusFlags)
            throws IOException {
        if ((flags & OpenFlags.O_CREAT) != 0 && !writable) {
            // NIO ignores CREATE and CREATE_NEW without WRITE; Linux creates (with O_EXCL: refuses) all the same.
            try {
                Files.createFile(path, OpenFlags.creationMode(mode));
            } catch (FileAlreadyExistsException exists) {
                if ((flags & OpenFlags.O_EXCL) != 0) {
                    throw exists;
                }
            }
        }
        FileChannel channel = FileChannel.open(path, OpenFlags.hostOptions(flags), OpenFlags.creationMode(mode));
        return new ChannelHostFile(channel, path, readable, writable, statusFlags);
    }

    @Override
    int hostRead(ByteBuffer into, long at) {
        try {
            return Math.max(channel.read(into, at), 0);
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    int hostWrite(ByteBuffer from, long at) {
        try {
            return channel.write(from, at);
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    long hostSize() {
        try {
            return channel.size();
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    @Override
    int hostTruncate(long length) {
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
