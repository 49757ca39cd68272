package org.hsaj.cpu.linux;

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

    private synchronized int read(byte[] buffer, int offset, int length) throws InterruptedException {
        while (count == 0 && writerOpen) {
            wait();
        }
        int n = Math.min(length, count);
        for (int i = 0; i < n; i++) {
            buffer[offset + i] = ring[(head + i) % CAPACITY];
        }
        head = (head + n) % CAPACITY;
        count -= n;
        notifyAll();
        return n;
    }

    private synchronized int write(byte[] buffer, int offset, int length) throws InterruptedException {
        int written = 0;
        while (written < length) {
            if (!readerOpen) {
                return written > 0 ? written : -Errno.EPIPE;
            }
            if (count == CAPACITY) {
                wait();
                continue;
            }
            int n = Math.min(length - written, CAPACITY - count);
            for (int i = 0; i < n; i++) {
                ring[(head + count + i) % CAPACITY] = buffer[offset + written + i];
            }
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
        int read(byte[] buffer, int offset, int length) {
            if (!reader) {
                return -Errno.EBADF;
            }
            try {
                return Pipe.this.read(buffer, offset, length);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -Errno.EINTR;
            }
        }

        @Override
        int write(byte[] buffer, int offset, int length) {
            if (reader) {
                return -Errno.EBADF;
            }
            try {
                return Pipe.this.write(buffer, offset, length);
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
