package org.hsaj.cpu.linux;

import java.nio.ByteBuffer;

/**
 * An in-process pipe (pipe2): a bounded byte ring shared by a read end and a write end. Reads block
 * until data arrives or every write end is closed (then 0 = end of file); writes block while full and
 * fail with EPIPE once the read end is closed. An end whose description has O_NONBLOCK answers EAGAIN
 * where it would block. A write of at most {@link #PIPE_BUF} bytes is atomic: it waits (or answers
 * EAGAIN) until all of it fits, so its bytes are never interleaved with another write's.
 */
final class Pipe {
    private static final int CAPACITY = 65536;
    /** POSIX's atomic write size on Linux. */
    static final int PIPE_BUF = 4096;
    private final byte[] ring = new byte[CAPACITY];
    private int head;
    private int count;
    private boolean readerOpen = true;
    private boolean writerOpen = true;

    FileDescription readEnd() {
        return new End(true);
    }

    FileDescription writeEnd() {
        return new End(false);
    }

    private synchronized int read(ByteBuffer into, boolean nonblocking) throws InterruptedException {
        if (!into.hasRemaining()) {
            return 0;
        }
        if (nonblocking && emptyWithWriter()) {
            return -Errno.EAGAIN;
        }
        if (awaitDataOrEnd()) {
            return 0;
        }
        int n = Math.min(into.remaining(), count);
        int first = Math.min(n, CAPACITY - head);
        into.put(ring, head, first).put(ring, 0, n - first);
        head = (head + n) % CAPACITY;
        count -= n;
        notifyAll();
        return n;
    }

    /** Waits until the pipe holds data or has no write end left; true for the latter (a read returns 0). */
    private synchronized boolean awaitDataOrEnd() throws InterruptedException {
        while (count == 0 && writerOpen) {
            wait();
        }
        return count == 0;
    }

    private synchronized int write(ByteBuffer from, boolean nonblocking) throws InterruptedException {
        int written = 0;
        // Room needed before anything is written: all of a small write (atomic), else one byte.
        int needed = from.remaining() <= PIPE_BUF ? from.remaining() : 1;
        while (from.hasRemaining()) {
            if (!readerOpen) {
                return written > 0 ? written : -Errno.EPIPE;
            }
            if (CAPACITY - count < needed) {
                if (nonblocking) {
                    return written > 0 ? written : -Errno.EAGAIN;
                }
                wait();
                continue;
            }
            int n = Math.min(from.remaining(), CAPACITY - count);
            int tail = (head + count) % CAPACITY;
            int first = Math.min(n, CAPACITY - tail);
            from.get(ring, tail, first).get(ring, 0, n - first);
            count += n;
            written += n;
            notifyAll();
        }
        return written;
    }

    private synchronized boolean emptyWithWriter() {
        return count == 0 && writerOpen;
    }

    private synchronized void closeEnd(boolean reader) {
        if (reader) {
            readerOpen = false;
        } else {
            writerOpen = false;
        }
        notifyAll();
    }

    private final class End extends FileDescription {
        private final boolean reader;

        End(boolean reader) {
            this.reader = reader;
        }

        @Override
        int read(ByteBuffer into) {
            if (!reader) {
                return -Errno.EBADF;
            }
            try {
                return Pipe.this.read(into, nonblocking());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -Errno.EINTR;
            }
        }

        @Override
        int readIntoUnwritableBuffer(long position) {
            try {
                if (nonblocking() && Pipe.this.emptyWithWriter()) {
                    return -Errno.EAGAIN;
                }
                return Pipe.this.awaitDataOrEnd() ? 0 : -Errno.EFAULT;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -Errno.EINTR;
            }
        }

        @Override
        int write(ByteBuffer from) {
            if (reader) {
                return -Errno.EBADF;
            }
            try {
                return Pipe.this.write(from, nonblocking());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -Errno.EINTR;
            }
        }

        private boolean nonblocking() {
            return (statusFlags & OpenFlags.O_NONBLOCK) != 0;
        }

        @Override
        FileStatus status() {
            return FileStatus.special(FileStatus.S_IFIFO, 0600, 0);
        }

        @Override
        void release() {
            closeEnd(reader);
        }
    }
}
