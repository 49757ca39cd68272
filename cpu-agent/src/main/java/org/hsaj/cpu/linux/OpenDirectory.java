package org.hsaj.cpu.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * What every open host directory answers alike, however it lists its entries: its guest path (for
 * fchdir and /proc/self/fd), EISDIR to read, and its status from the host path.
 */
abstract class OpenDirectory extends FileDescription {
    final Path path;
    private final String guestPath;

    OpenDirectory(Path path, String guestPath) {
        this.path = path;
        this.guestPath = guestPath;
    }

    @Override
    final String directoryPath() {
        return guestPath;
    }

    @Override
    final int read(ByteBuffer into) {
        return -Errno.EISDIR;
    }

    @Override
    final FileStatus status() throws IOException {
        return FileStatus.of(path, true);
    }
}
