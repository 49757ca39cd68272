package org.hsaj.cpu.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A descriptor backed by a Java stream: the launch's stdin, stdout or stderr. Reported as a pipe
 * (not a terminal), so the C library buffers as it would with redirected output.
 */
final class StreamFile extends FileDescription {
    private final InputStream in;
    private final OutputStream out;

    StreamFile(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    @Override
    int read(byte[] buffer, int offset, int length) {
        if (in == null) {
            return -Errno.EBADF;
        }
        try {
            int n = in.read(buffer, offset, length);
            return Math.max(n, 0);
        } catch (IOException e) {
            return -Errno.EIO;
        }
    }

    @Override
    int write(byte[] buffer, int offset, int length) {
        if (out == null) {
            return -Errno.EBADF;
        }
        try {
            out.write(buffer, offset, length);
            out.flush();
            return length;
        } catch (IOException e) {
            return -Errno.EPIPE;
        }
    }

    @Override
    FileStatus status() {
        return FileStatus.special(FileStatus.S_IFIFO, 0600, 0);
    }

    void flush() {
        if (out != null) {
            try {
                out.flush();
            } catch (IOException ignored) {
                // The consumer went away; nothing left to tell it.
            }
        }
    }
}
