package org.hsaj.cpu.linux;

/** Linux error numbers (asm-generic, as RISC-V uses them); system calls return their negation. */
final class Errno {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int ENXIO = 6;
    static final int EBADF = 9;
    static final int ECHILD = 10;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EFAULT = 14;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int EXDEV = 18;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int EMFILE = 24;
    static final int ENOTTY = 25;
    static final int ENOSPC = 28;
    static final int ESPIPE = 29;
    static final int EROFS = 30;
    static final int EPIPE = 32;
    static final int ERANGE = 34;
    static final int ENAMETOOLONG = 36;
    static final int ENOSYS = 38;
    static final int ENOTEMPTY = 39;
    static final int ELOOP = 40;
    static final int EOPNOTSUPP = 95;
    static final int ETIMEDOUT = 110;

    private static final String[] REASONS = {"Is a directory", "Not a directory", "Too many levels of symbolic links",
        "Read-only", "File name too long", "No space left", "Operation not permitted", "Invalid argument",
        "Too many open files", "cross-device link", "Directory not empty", "File exists", "No such file",
        "Broken pipe", "Pipe closed"};
    private static final int[] REASON_ERRNOS = {EISDIR, ENOTDIR, ELOOP, EROFS, ENAMETOOLONG, ENOSPC, EPERM, EINVAL,
        EMFILE, EXDEV, ENOTEMPTY, EEXIST, ENOENT, EPIPE, EPIPE};

    private Errno() {
    }

    /** The errno a host I/O failure stands for. */
    static int of(java.io.IOException e) {
        if (e instanceof HostCalls.Failure f) {
            return f.errno;
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return ENOENT;
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return EEXIST;
        }
        if (e instanceof java.nio.file.DirectoryNotEmptyException) {
            return ENOTEMPTY;
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return ENOTDIR;
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return EACCES;
        }
        if (e instanceof java.nio.file.FileSystemLoopException) {
            return ELOOP;
        }
        // The host's strerror text is all a FileSystemException (or a plain IOException, as an open
        // with NOFOLLOW_LINKS of a link throws) keeps of its errno.
        String reason = e instanceof java.nio.file.FileSystemException fse ? fse.getReason() : e.getMessage();
        if (reason != null) {
            for (int i = 0; i < REASONS.length; i++) {
                if (reason.contains(REASONS[i])) {
                    return REASON_ERRNOS[i];
                }
            }
        }
        return EIO;
    }
}
