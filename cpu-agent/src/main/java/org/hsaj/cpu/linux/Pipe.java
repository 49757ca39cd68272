package org.hsaj.cpu.linux;

import java.nio.ByteBuffer;

/**
 * An in-process pipe (pipe2): a bounded byte ring shared by a read end and a write end. Reads block
 * until data arrives or every write end is closed (then 0 = end of file); writes block while full and
 * fail with EPIPE once the read end is closed.
 */
final class Pipe {
    private static final int CAPACITY = 65536;
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

    private synchronized int read(ByteBuffer into) throws InterruptedException {
        if (!into.hasRemaining()) {
            return 0;
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

    private synchronized int write(ByteBuffer from) throws InterruptedException {
        int written = 0;
        while (from.hasRemaining()) {
            if (!readerOpen) {
                return written > 0 ? written : -Errno.EPIPE;
            }
            if (count == CAPACITY) {
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
                return Pipe.this.read(into);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -Errno.EINTR;
            }
        }

        @Override
        int readIntoUnwritableBuffer(long position) {
            try {
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
                return Pipe.this.write(from);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -Errno.EINTR;
            }
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
