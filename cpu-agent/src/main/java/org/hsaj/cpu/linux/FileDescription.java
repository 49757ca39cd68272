package org.hsaj.cpu.linux;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An open file description (what a guest file descriptor points to; dup'ed descriptors share one).
 * Operations return a byte count or offset, or a negated errno; the defaults say the operation does
 * not apply to this kind of file. Transfers take {@link ByteBuffer}s, usually direct windows of guest
 * memory ({@link GuestWindows}); an empty buffer still reports the errors the file type gives (EBADF,
 * EISDIR, ESPIPE) before any about the guest's buffer.
 *
 * <p>Threading: guest threads may use one description concurrently; implementations synchronize
 * where they keep a position.
 */
abstract class FileDescription {
    private int references = 1;
    /** O_APPEND / O_NONBLOCK bits reported and set by fcntl. */
    volatile int statusFlags;

    /** Reads into {@code into} (from its position to its limit), advancing its position. */
    int read(ByteBuffer into) {
        return -Errno.EBADF;
    }

    /** Writes what {@code from} holds (position to limit), advancing its position. */
    int write(ByteBuffer from) {
        return -Errno.EBADF;
    }

    int pread(ByteBuffer into, long position) {
        return -Errno.ESPIPE;
    }

    int pwrite(ByteBuffer from, long position) {
        return -Errno.ESPIPE;
    }

    /**
     * What a read of at least one byte at {@code position} (at the description's own position when
     * negative) returns when no part of the guest's buffer may be written: 0 when the read would move
     * nothing (end of file, a pipe with no write end left), as on Linux, which never touches the buffer
     * then; -EFAULT when it would move bytes; or an error met while waiting where the read would wait.
     * Consumes nothing and leaves the position where it is.
     */
    int readIntoUnwritableBuffer(long position) {
        return -Errno.EFAULT;
    }

    long seek(long offset, int whence) {
        return -Errno.ESPIPE;
    }

    abstract FileStatus status() throws IOException;

    /** Guest path of a directory description (for fchdir and *at calls), else null. */
    String directoryPath() {
        return null;
    }

    /**
     * Next directory entries for getdents64 encoded into {@code into} (position to limit), returning
     * the bytes written; -ENOTDIR for non-directories.
     */
    int readDirectory(ByteBuffer into) {
        return -Errno.ENOTDIR;
    }

    int truncate(long length) {
        return -Errno.EINVAL;
    }

    /** Releases host resources (called when the last descriptor referring to it closes). */
    void release() {
    }

    synchronized void retain() {
        references++;
    }

    /** Drops one reference; releases the description when none is left. */
    void close() {
        boolean last;
        synchronized (this) {
            last = --references == 0;
        }
        if (last) {
            release();
        }
    }
}
