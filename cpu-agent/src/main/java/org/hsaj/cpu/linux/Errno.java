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
    static final int EEXIST = 17;
    static final int EXDEV = 18;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int EMFILE = 24;
    static final int ENOTTY = 25;
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

    private Errno() {
    }

    /** The errno a host I/O failure stands for. */
    static int of(java.io.IOException e) {
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
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            String reason = fse.getReason();
            if (reason.contains("Is a directory")) {
                return EISDIR;
            }
            if (reason.contains("Not a directory")) {
                return ENOTDIR;
            }
            if (reason.contains("Too many levels of symbolic links")) {
                return ELOOP;
            }
            if (reason.contains("Read-only")) {
                return EROFS;
            }
        }
        return EIO;
    }
}
