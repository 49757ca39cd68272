package org.hsaj.cpu.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

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
    int read(ByteBuffer into) {
        if (in == null) {
            return -Errno.EBADF;
        }
        if (!into.hasRemaining()) {
            return 0;
        }
        try {
            byte[] bytes = new byte[into.remaining()];
            int n = Math.max(in.read(bytes, 0, bytes.length), 0);
            into.put(bytes, 0, n);
            return n;
        } catch (IOException e) {
            return -Errno.EIO;
        }
    }

    @Override
    int write(ByteBuffer from) {
        if (out == null) {
            return -Errno.EBADF;
        }
        int n = from.remaining();
        byte[] bytes = new byte[n];
        from.get(bytes);
        try {
            out.write(bytes, 0, n);
            out.flush();
            return n;
        } catch (IOException e) {
            return -Errno.of(e); // EPIPE only for a reader that went away (then SIGPIPE); a full disk is ENOSPC, else EIO
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
