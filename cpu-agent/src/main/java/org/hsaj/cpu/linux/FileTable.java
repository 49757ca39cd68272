package org.hsaj.cpu.linux;

/**
 * The process's file descriptor table: descriptor numbers to open file descriptions, with the
 * close-on-exec flag. Thread-safe (synchronized; not on any hot path).
 */
final class FileTable {
    static final int MAX_DESCRIPTORS = 1024;
    private final FileDescription[] files = new FileDescription[MAX_DESCRIPTORS];
    private final boolean[] closeOnExec = new boolean[MAX_DESCRIPTORS];

    synchronized FileDescription get(long fd) {
        return fd >= 0 && fd < MAX_DESCRIPTORS ? files[(int) fd] : null;
    }

    /** Installs {@code file} at the lowest free descriptor at or above {@code minimum}; -EMFILE if none. */
    synchronized int install(FileDescription file, int minimum, boolean cloexec) {
        for (int fd = Math.max(0, minimum); fd < MAX_DESCRIPTORS; fd++) {
            if (files[fd] == null) {
                files[fd] = file;
                closeOnExec[fd] = cloexec;
                return fd;
            }
        }
        return -Errno.EMFILE;
    }

    /** Installs at exactly {@code fd}, closing what was there (dup3). */
    void installAt(FileDescription file, int fd, boolean cloexec) {
        FileDescription old;
        synchronized (this) {
            old = files[fd];
            files[fd] = file;
            closeOnExec[fd] = cloexec;
        }
        if (old != null) {
            old.close();
        }
    }

    int close(long fd) {
        FileDescription old;
        synchronized (this) {
            old = get(fd);
            if (old == null) {
                return -Errno.EBADF;
            }
            files[(int) fd] = null;
        }
        old.close();
        return 0;
    }

    synchronized boolean closeOnExec(int fd) {
        return closeOnExec[fd];
    }

    synchronized void setCloseOnExec(int fd, boolean value) {
        closeOnExec[fd] = value;
    }

    /** Closes every descriptor (process exit). */
    void closeAll() {
        for (int fd = 0; fd < MAX_DESCRIPTORS; fd++) {
            if (get(fd) != null) {
                close(fd);
            }
        }
    }
}
