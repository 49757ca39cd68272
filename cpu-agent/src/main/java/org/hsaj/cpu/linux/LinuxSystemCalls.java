package org.hsaj.cpu.linux;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Set;
import org.hsaj.cpu.GuestFault;
import org.hsaj.cpu.HypercallHandler;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.cpu.exec.SystemCallHandler;
import org.hsaj.cpu.exec.ThreadExit;
import org.hsaj.runtime.memory.AccessKind;
import org.hsaj.runtime.memory.MemoryAccessException;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * The Linux system calls of one guest thread (RISC-V numbering: a7 = number, a0..a5 = arguments,
 * result or negated errno in a0). Calls the C libraries need are implemented on the process's state;
 * calls a C library copes without answer ENOSYS; any other call is a {@link GuestFault} naming it.
 * A bad guest pointer argument makes the call fail with EFAULT. a7 values of the HSA hypercall range
 * go to the process's {@link HypercallHandler}.
 *
 * <p>Threading: one instance per hart, called on that hart's thread only.
 */
final class LinuxSystemCalls implements SystemCallHandler {
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_REMOVEDIR = 0x200;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int RENAME_NOREPLACE = 1;
    private static final int RENAME_EXCHANGE = 2;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The largest readv or writev that moves through one bounce buffer (see {@link #writev}). */
    private static final int GATHERED_WRITE = 64 * 1024;
    private static final int RT_SIGRETURN = 139;
    /** The size of the kernel's sigset_t, which the rt_sig* calls insist on. */
    private static final long SIGSET_SIZE = 8;
    /** Calls that static C libraries probe and do without. */
    private static final Set<Integer> ENOSYS_CALLS = Set.of(258, 293, 435, 283, 221, 281, 439, 100, 424, 434, 436,
            437, 19, 20, 26, 74, 85, 279, 282, 441, 449);

    private final LinuxProcess process;
    private final SharedVirtualMemory memory;
    private final GuestWindows windows;
    final ThreadSignals signals;

    LinuxSystemCalls(LinuxProcess process) {
        this(process, new ThreadSignals(process));
    }

    private LinuxSystemCalls(LinuxProcess process, ThreadSignals signals) {
        this.process = process;
        this.memory = process.memory.shared;
        this.windows = new GuestWindows(process.memory);
        this.signals = signals;
    }

    /**
     * Runs the call, then delivers the signals it left pending and unblocked (see {@link ThreadSignals});
     * rt_sigreturn puts back the state a handler interrupted instead of returning a result.
     */
    @Override
    public boolean ecall(Hart h) {
        long number = h.x[17];
        if (number == RT_SIGRETURN) {
            signals.sigreturn(h);
            signals.deliver(h, h.pc);
            return true;
        }
        long result;
        try {
            result = dispatch(h, number, h.x[10], h.x[11], h.x[12], h.x[13], h.x[14], h.x[15]);
        } catch (MemoryAccessException e) {
            result = -Errno.EFAULT;
        }
        h.x[10] = result;
        return signals.deliver(h, h.pc + 4);
    }

    @Override
    public boolean trap(Hart h, GuestFault.Trap trap) {
        return signals.deliverTrap(h, trap);
    }

    private GuestFault unsupported(Hart h, long number) {
        return new GuestFault(String.format("unsupported system call '%s' (%d) at pc 0x%x",
                SyscallNames.of(number), number, h.pc), GuestFault.UNSUPPORTED_STATUS);
    }

    private long dispatch(Hart h, long n, long a0, long a1, long a2, long a3, long a4, long a5) {
        if (n >= HypercallHandler.FIRST && n <= HypercallHandler.LAST) {
            try {
                return process.hypercalls.call((int) (n - HypercallHandler.FIRST), new long[] {a0, a1, a2, a3, a4, a5},
                        memory);
            } catch (GuestFault f) {
                throw new GuestFault(f.getMessage() + String.format(" (at pc 0x%x)", h.pc), f.exitStatus(), f);
            }
        }
        if (n != (int) n) {
            throw unsupported(h, n); // not a number the switch may see truncated: 2^32 + 64 is not write
        }
        return switch ((int) n) {
            case 17 -> getcwd(a0, a1);
            case 23 -> dup(a0, 0, false);
            case 24 -> dup3(a0, a1, a2);
            case 25 -> fcntl(a0, (int) a1, a2);
            case 29 -> ioctl(a0);
            case 34 -> mkdirat(a0, a1, a2);
            case 35 -> unlinkat(a0, a1, a2);
            case 38 -> renameat(a0, a1, a2, a3, 0);
            case 276 -> renameat(a0, a1, a2, a3, a4);
            case 46 -> ftruncate(a0, a1);
            case 48 -> faccessat(a0, a1, a2);
            case 49 -> chdir(a0);
            case 50 -> fchdir(a0);
            case 56 -> openat(a0, a1, (int) a2, (int) a3);
            case 57 -> process.files.close(a0);
            case 59 -> pipe2(a0, a1);
            case 61 -> getdents64(a0, a1, a2);
            case 62 -> lseek(a0, a1, (int) a2);
            case 63 -> read(a0, a1, a2);
            case 64 -> raiseSigpipe(write(a0, a1, a2));
            case 65 -> readv(a0, a1, a2);
            case 66 -> raiseSigpipe(writev(a0, a1, a2));
            case 67 -> pread(a0, a1, a2, a3);
            case 68 -> raiseSigpipe(pwrite(a0, a1, a2, a3));
            case 78 -> readlinkat(a0, a1, a2, a3);
            case 79 -> newfstatat(a0, a1, a2, a3);
            case 80 -> fstat(a0, a1);
            case 81, 82, 83, 267 -> 0;
            case 93 -> throw new ThreadExit((int) a0 & 0xff, false);
            case 94 -> throw new ThreadExit((int) a0 & 0xff, true);
            case 96 -> {
                h.clearChildTid = a0;
                yield h.tid;
            }
            case 98 -> futex(a0, (int) a1, (int) a2, a3, a4, (int) a5);
            case 99 -> 0;
            case 101 -> nanosleep(a0, a1);
            case 113 -> clockGettime(a0, a1);
            case 114 -> clockGetres(a0, a1);
            case 115 -> clockNanosleep(a0, a1, a2, a3);
            case 122 -> 0;
            case 123 -> schedGetaffinity(a1, a2);
            case 124 -> {
                Thread.yield();
                yield 0;
            }
            case 129 -> kill((int) a0, (int) a1);
            case 130 -> tgkill(LinuxProcess.PID, (int) a0, (int) a1);
            case 131 -> (int) a0 <= 0 ? -Errno.EINVAL : tgkill((int) a0, (int) a1, (int) a2);
            case 132 -> sigaltstack(h, a0, a1);
            case 133 -> rtSigsuspend(a0, a1);
            case 134 -> rtSigaction((int) a0, a1, a2, a3);
            case 135 -> rtSigprocmask((int) a0, a1, a2, a3);
            case 136 -> rtSigpending(a0, a1);
            case 137 -> rtSigtimedwait(a0, a1, a2, a3);
            case 153 -> times(a0);
            case 160 -> uname(a0);
            case 163 -> getrlimit((int) a0, a1);
            case 164 -> 0;
            case 165 -> getrusage(a1);
            case 166 -> {
                int old = process.umask;
                process.umask = (int) a0 & 0777;
                yield old;
            }
            case 167 -> prctl((int) a0, a1);
            case 169 -> gettimeofday(a0);
            case 172 -> LinuxProcess.PID;
            case 173 -> 1;
            case 174, 175, 176, 177 -> 0;
            case 178 -> h.tid;
            case 179 -> sysinfo(a0);
            case 214 -> process.addressSpace.brk(a0);
            case 215 -> process.addressSpace.munmap(a0, a1);
            case 216 -> process.addressSpace.mremap(a0, a1, a2, (int) a3, a4);
            case 220 -> clone(h, a0, a1, a2, a3, a4);
            case 222 -> mmap(a0, a1, (int) a2, (int) a3, a4, a5);
            case 226 -> process.addressSpace.mprotect(a0, a1, (int) a2);
            case 233 -> process.addressSpace.madvise(a0, a1, (int) a2);
            case 259 -> 0;
            case 260 -> -Errno.ECHILD;
            case 261 -> prlimit64((int) a1, a2, a3);
            case 278 -> getrandom(a0, a1);
            case 291 -> statx(a0, a1, (int) a2, a4);
            default -> {
                if (ENOSYS_CALLS.contains((int) n)) {
                    yield -Errno.ENOSYS;
                }
                throw unsupported(h, n);
            }
        };
    }

    // ---- helpers -----------------------------------------------------------------------------

    /**
     * The NUL-terminated path at {@code address}: EFAULT (as a MemoryAccessException) when it runs into
     * memory the guest cannot read, ENAMETOOLONG when no NUL comes within PATH_MAX bytes.
     */
    private String path(long address) throws ConfinedFileSystem.PathError {
        int readable = windows.accessiblePrefix(address, ConfinedFileSystem.PATH_MAX, PageTable.READ);
        MemorySegment segment = memory.segment();
        for (int i = 0; i < readable; i++) {
            if (segment.get(SharedVirtualMemory.BYTE, address + i) == 0) {
                return segment.getString(address, StandardCharsets.UTF_8);
            }
        }
        if (readable < ConfinedFileSystem.PATH_MAX) {
            memory.pageTable().check(address, readable + 1L, AccessKind.READ);
        }
        throw new ConfinedFileSystem.PathError(Errno.ENAMETOOLONG);
    }

    private byte[] readGuest(long address, int length) {
        byte[] bytes = new byte[length];
        memory.read(address, bytes, 0, length);
        return bytes;
    }

    private void writeGuest(long address, byte[] bytes) {
        process.memory.checkWrite(address, bytes.length);
        memory.write(address, bytes, 0, bytes.length);
    }

    private void writeLong(long address, long value) {
        process.memory.checkWrite(address, 8);
        memory.storeLong(address, value);
    }

    private void writeInt(long address, int value) {
        process.memory.checkWrite(address, 4);
        memory.storeInt(address, value);
    }

    private void writeTimespec(long address, long nanos) {
        writeLong(address, Math.floorDiv(nanos, 1_000_000_000L));
        writeLong(address + 8, Math.floorMod(nanos, 1_000_000_000L));
    }

    private long readTimespec(long address) {
        long seconds = memory.loadLong(address);
        long nanos = memory.loadLong(address + 8);
        if (seconds < 0 || nanos < 0 || nanos >= 1_000_000_000L) {
            return -1;
        }
        return seconds > (Long.MAX_VALUE - nanos) / 1_000_000_000L ? Long.MAX_VALUE : seconds * 1_000_000_000L + nanos;
    }

    /**
     * The normalized guest path a *at call names, failing as Linux does: first for the path itself
     * (ENOENT when empty, ENAMETOOLONG), then for {@code dirfd} when the path is relative (EBADF, ENOTDIR),
     * then for the walk (a ".." past something missing or no directory; a trailing slash after
     * something that is no directory: ENOTDIR, which normalizing would otherwise lose).
     */
    private String guestPath(long dirfd, String path) throws ConfinedFileSystem.PathError {
        return guestPath(dirfd, path, true);
    }

    /**
     * @param slashNeedsDirectory whether "name/" must be a directory (ENOTDIR otherwise); not for the
     *                            calls that create one (mkdir: EEXIST for any existing name; open with
     *                            O_CREAT: EISDIR)
     */
    private String guestPath(long dirfd, String path, boolean slashNeedsDirectory) throws ConfinedFileSystem.PathError {
        ConfinedFileSystem.checkPathArgument(path);
        String base;
        if (path.startsWith("/") || (int) dirfd == AT_FDCWD) {
            base = process.fileSystem.cwd();
        } else {
            FileDescription directory = process.files.get(dirfd);
            if (directory == null) {
                throw new ConfinedFileSystem.PathError(Errno.EBADF);
            }
            base = directory.directoryPath();
            if (base == null) {
                throw new ConfinedFileSystem.PathError(Errno.ENOTDIR);
            }
        }
        String guest = process.fileSystem.normalizeExisting(base, path);
        if (slashNeedsDirectory && path.endsWith("/") && !guest.equals("/")) {
            BasicFileAttributes attributes;
            try {
                attributes = attributesOrNull(process.fileSystem.resolveGuestPath(guest).hostPath(), false);
            } catch (IOException e) {
                throw new ConfinedFileSystem.PathError(Errno.of(e));
            }
            if (attributes != null && !attributes.isDirectory()) {
                throw new ConfinedFileSystem.PathError(Errno.ENOTDIR);
            }
        }
        return guest;
    }

    /** Resolves a path whose last component the call follows if it is a link. */
    private ConfinedFileSystem.Resolved resolve(long dirfd, String path) throws ConfinedFileSystem.PathError {
        return process.fileSystem.resolveGuestPath(guestPath(dirfd, path));
    }

    /** Resolves a path whose last component the call acts on itself (unlink, rename, mkdir, lstat, readlink). */
    private ConfinedFileSystem.Resolved resolveEntry(long dirfd, String path) throws ConfinedFileSystem.PathError {
        return process.fileSystem.resolveEntry(guestPath(dirfd, path));
    }

    // ---- files -------------------------------------------------------------------------------

    private long getcwd(long buffer, long size) {
        byte[] cwd = (process.fileSystem.cwd() + "\0").getBytes(StandardCharsets.UTF_8);
        if (size < cwd.length) {
            return -Errno.ERANGE;
        }
        writeGuest(buffer, cwd);
        return cwd.length;
    }

    private long dup(long fd, int minimum, boolean cloexec) {
        FileDescription file = process.files.get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        file.retain();
        int result = process.files.install(file, minimum, cloexec);
        if (result < 0) {
            file.close();
        }
        return result;
    }

    private long dup3(long oldFd, long newFd, long flags) {
        if (oldFd == newFd || (flags & ~OpenFlags.O_CLOEXEC) != 0) {
            return -Errno.EINVAL; // Linux looks at these before either descriptor
        }
        FileDescription file = process.files.get(oldFd);
        if (file == null || newFd < 0 || newFd >= FileTable.MAX_DESCRIPTORS) {
            return -Errno.EBADF;
        }
        file.retain();
        process.files.installAt(file, (int) newFd, (flags & OpenFlags.O_CLOEXEC) != 0);
        return newFd;
    }

    private long fcntl(long fd, int command, long argument) {
        FileDescription file = process.files.get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        return switch (command) {
            // F_DUPFD and F_DUPFD_CLOEXEC: a lowest descriptor at or past RLIMIT_NOFILE is EINVAL, not EMFILE.
            case 0, 1030 -> argument < 0 || argument >= FileTable.MAX_DESCRIPTORS ? -Errno.EINVAL
                    : dup(fd, (int) argument, command == 1030);
            case 1 -> process.files.closeOnExec((int) fd) ? 1 : 0;
            case 2 -> {
                process.files.setCloseOnExec((int) fd, (argument & 1) != 0);
                yield 0;
            }
            case 3 -> file.statusFlags;
            case 4 -> {
                int changeable = OpenFlags.O_APPEND | OpenFlags.O_NONBLOCK;
                file.statusFlags = (file.statusFlags & ~changeable) | ((int) argument & changeable);
                yield 0;
            }
            case 5, 6, 7 -> 0;
            default -> -Errno.EINVAL;
        };
    }

    private long ioctl(long fd) {
        return process.files.get(fd) == null ? -Errno.EBADF : -Errno.ENOTTY;
    }

    private long openat(long dirfd, long pathAddress, int flags, int mode) {
        if ((flags & (OpenFlags.O_CREAT | OpenFlags.O_DIRECTORY)) == (OpenFlags.O_CREAT | OpenFlags.O_DIRECTORY)) {
            return -Errno.EINVAL; // Linux 6.4 on: a directory cannot be created by open, say so before any lookup
        }
        try {
            String name = path(pathAddress);
            String guest = guestPath(dirfd, name, (flags & OpenFlags.O_CREAT) == 0);
            DeviceFile device = DeviceFile.forPath(guest);
            if (device != null) {
                device.statusFlags = flags & (OpenFlags.O_ACCMODE | OpenFlags.O_APPEND | OpenFlags.O_NONBLOCK);
                return process.files.install(device, 0, (flags & OpenFlags.O_CLOEXEC) != 0);
            }
            if (guest.equals("/proc/self/exe")) {
                return openHost(new ConfinedFileSystem.Resolved(guest, Path.of(process.executablePath), false), flags, mode,
                        false);
            }
            boolean create = (flags & OpenFlags.O_CREAT) != 0;
            if (create && name.endsWith("/") && !guest.equals("/")
                    && !Files.isDirectory(process.fileSystem.resolveGuestPath(guest).hostPath())) {
                return -Errno.EISDIR; // open cannot create a directory, and "name/" names one
            }
            if ((flags & OpenFlags.O_NOFOLLOW) != 0 || create && (flags & OpenFlags.O_EXCL) != 0) {
                // The host open follows no link in the last component either (ELOOP, EEXIST).
                return openHost(process.fileSystem.resolveEntry(guest), flags, mode, false);
            }
            if (create && (flags & OpenFlags.O_ACCMODE) != OpenFlags.O_RDONLY && (flags & OpenFlags.O_DIRECTORY) == 0) {
                // Usually a new file: opened without following a link, only a link met there is resolved.
                long result = openHost(process.fileSystem.resolveEntry(guest), flags, mode, true);
                if (result != -Errno.ELOOP) {
                    return result;
                }
            }
            return openHost(process.fileSystem.resolveGuestPath(guest), flags, mode, false);
        } catch (ConfinedFileSystem.PathError e) {
            return -e.errno;
        }
    }

    /**
     * Opens a resolved path. Only an open that may yield a directory (read-only, or O_DIRECTORY) looks
     * at the file first; any other is one host open whose failure says what Linux says (ENOENT, EEXIST,
     * EISDIR, ENOTDIR, ELOOP).
     *
     * @param stopAtLink open as with O_NOFOLLOW: -ELOOP when the last component is a link
     */
    private long openHost(ConfinedFileSystem.Resolved r, int flags, int mode, boolean stopAtLink) {
        Path host = r.hostPath();
        int access = flags & OpenFlags.O_ACCMODE;
        boolean create = (flags & OpenFlags.O_CREAT) != 0;
        boolean exclusive = create && (flags & OpenFlags.O_EXCL) != 0;
        boolean nofollow = (flags & OpenFlags.O_NOFOLLOW) != 0;
        boolean cloexec = (flags & OpenFlags.O_CLOEXEC) != 0;
        try {
            // A read-only open may name a directory (a HostDirectory, not a file): look first, unless the
            // path was a regular file when last seen.
            if (access == OpenFlags.O_RDONLY && !r.knownRegularFile() || (flags & OpenFlags.O_DIRECTORY) != 0) {
                BasicFileAttributes attributes = attributesOrNull(host, nofollow || exclusive);
                if (attributes != null) {
                    if (exclusive) {
                        return -Errno.EEXIST;
                    }
                    if (attributes.isDirectory()) {
                        if (access != OpenFlags.O_RDONLY || create) {
                            return -Errno.EISDIR;
                        }
                        FileDescription directory = HostCalls.AVAILABLE ? NativeDirectory.open(host, r.guestPath())
                                : new HostDirectory(host, r.guestPath());
                        int fd = process.files.install(directory, 0, cloexec);
                        if (fd < 0) {
                            directory.close();
                        }
                        return fd;
                    }
                    if ((flags & OpenFlags.O_DIRECTORY) != 0) {
                        return -Errno.ENOTDIR;
                    }
                    if (attributes.isSymbolicLink()) {
                        return -Errno.ELOOP; // only seen with O_NOFOLLOW
                    }
                } else if ((flags & OpenFlags.O_DIRECTORY) != 0 || !create) {
                    return -Errno.ENOENT;
                }
            }
            HostFile file = HostFile.open(host, stopAtLink ? flags | OpenFlags.O_NOFOLLOW : flags, mode & ~process.umask);
            if (create) {
                process.fileSystem.createdByGuest(r, true);
            }
            int fd = process.files.install(file, 0, cloexec);
            if (fd < 0) {
                file.close();
            }
            return fd;
        } catch (IOException e) {
            return -Errno.of(e);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return -Errno.EINVAL;
        }
    }

    /** The attributes of what {@code host} names (of a link itself with {@code nofollow}), or null when nothing is there. */
    private static BasicFileAttributes attributesOrNull(Path host, boolean nofollow) throws IOException {
        if (!nofollow) {
            // No exception for a missing file on this path: it would cost more than the stat.
            return host.getFileSystem().provider().readAttributesIfExists(host, BasicFileAttributes.class);
        }
        try {
            return Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private long mkdirat(long dirfd, long pathAddress, long mode) {
        try {
            String name = path(pathAddress);
            ConfinedFileSystem.Resolved r = process.fileSystem.resolveEntry(guestPath(dirfd, name, false));
            if (!isEntryName(name)) {
                return -Errno.EEXIST; // ".", ".." and "/" exist already
            }
            Files.createDirectory(r.hostPath(), OpenFlags.creationMode((int) mode & ~process.umask));
            process.fileSystem.createdByGuest(r, false);
            return 0;
        } catch (ConfinedFileSystem.PathError e) {
            return -e.errno;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    private long unlinkat(long dirfd, long pathAddress, long flags) {
        if ((flags & ~AT_REMOVEDIR) != 0) {
            return -Errno.EINVAL;
        }
        boolean directory = (flags & AT_REMOVEDIR) != 0;
        try {
            String name = path(pathAddress);
            ConfinedFileSystem.Resolved r = resolveEntry(dirfd, name);
            if (!isEntryName(name)) {
                // Linux's answers for ".", ".." and "/" (after the walk to them, before any removal).
                String last = lastName(name);
                return !directory ? -Errno.EISDIR : last.equals(".") ? -Errno.EINVAL
                        : last.equals("..") ? -Errno.ENOTEMPTY : -Errno.EBUSY;
            }
            if (HostCalls.AVAILABLE) {
                int rc = HostCalls.unlinkat(r.hostPath(), directory ? AT_REMOVEDIR : 0);
                if (rc == 0) {
                    process.fileSystem.namespaceChanged(directory, r.hostPath());
                }
                return rc;
            }
            boolean isDirectory = Files.isDirectory(r.hostPath(), LinkOption.NOFOLLOW_LINKS);
            if (isDirectory != directory) {
                return isDirectory ? -Errno.EISDIR : -Errno.ENOTDIR;
            }
            Files.delete(r.hostPath());
            process.fileSystem.namespaceChanged(directory, r.hostPath());
            return 0;
        } catch (ConfinedFileSystem.PathError e) {
            return -e.errno;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    /** renameat and renameat2 (flags: RENAME_NOREPLACE, RENAME_EXCHANGE, RENAME_WHITEOUT, checked by the host kernel). */
    private long renameat(long oldDirfd, long oldPath, long newDirfd, long newPath, long flags) {
        try {
            String oldName = path(oldPath);
            String newName = path(newPath);
            ConfinedFileSystem.Resolved from = resolveEntry(oldDirfd, oldName);
            ConfinedFileSystem.Resolved to = resolveEntry(newDirfd, newName);
            if (!isEntryName(oldName) || !isEntryName(newName)) {
                // ".", ".." or "/" as the last component: refused once both walks to the parents succeeded.
                int walk = isEntryName(oldName) ? missingParent(from) : 0;
                if (walk == 0 && isEntryName(newName)) {
                    walk = missingParent(to);
                }
                if (walk != 0) {
                    return -walk;
                }
                return (flags & RENAME_NOREPLACE) != 0 && isEntryName(oldName) ? -Errno.EEXIST : -Errno.EBUSY;
            }
            if (oldName.endsWith("/") || newName.endsWith("/")) {
                BasicFileAttributes source = attributesOrNull(from.hostPath(), true);
                if (source != null && !source.isDirectory()) {
                    return -Errno.ENOTDIR; // a trailing slash names a directory; the host paths have lost it
                }
            }
            if (HostCalls.AVAILABLE) {
                int rc = HostCalls.renameat2(from.hostPath(), to.hostPath(), (int) flags);
                if (rc != 0) {
                    return rc;
                }
            } else if (flags != 0) {
                return -Errno.EINVAL; // NIO has no atomic no-replace or exchange
            } else {
                Files.move(from.hostPath(), to.hostPath(), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            // Anything but a plain file (a directory, a link) may have had paths verified below its name;
            // after an exchange, so may what now lies at the old name.
            boolean plain = (from.knownRegularFile() || isPlainFile(to.hostPath()))
                    && ((flags & RENAME_EXCHANGE) == 0 || isPlainFile(from.hostPath()));
            process.fileSystem.namespaceChanged(!plain, from.hostPath(), to.hostPath());
            return 0;
        } catch (ConfinedFileSystem.PathError e) {
            return -e.errno;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    /** ENOENT or ENOTDIR when the directory that should hold {@code r} is missing or no directory, else 0. */
    private static int missingParent(ConfinedFileSystem.Resolved r) {
        Path parent = r.hostPath().getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return 0;
        }
        return Files.exists(parent, LinkOption.NOFOLLOW_LINKS) ? Errno.ENOTDIR : Errno.ENOENT;
    }

    /** The last component of a path as the guest wrote it, trailing slashes dropped ("" for "/"). */
    private static String lastName(String path) {
        int end = path.length();
        while (end > 0 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(path.lastIndexOf('/', end - 1) + 1, end);
    }

    /**
     * Whether the last component of {@code path} names a directory entry: not ".", ".." or the root,
     * which unlink, rmdir, mkdir and rename refuse in their own ways.
     */
    private static boolean isEntryName(String path) {
        String last = lastName(path);
        return !(last.isEmpty() || last.equals(".") || last.equals(".."));
    }

    /** Whether a regular file (not a link, not a directory) is at {@code host}. */
    private static boolean isPlainFile(Path host) {
        try {
            return (FileStatus.of(host, false).mode() & FileStatus.S_IFMT) == FileStatus.S_IFREG;
        } catch (IOException e) {
            return false;
        }
    }

    private long ftruncate(long fd, long length) {
        FileDescription file = process.files.get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        return length < 0 ? -Errno.EINVAL : file.truncate(length);
    }

    private long faccessat(long dirfd, long pathAddress, long mode) {
        if ((mode & ~7) != 0) {
            return -Errno.EINVAL;
        }
        try {
            String guest = guestPath(dirfd, path(pathAddress));
            if (DeviceFile.forPath(guest) != null) {
                return 0;
            }
            Path host = process.fileSystem.resolveGuestPath(guest).hostPath();
            try {
                FileStatus.of(host, true); // the lookup's own errno: ENOENT, ENOTDIR, ELOOP, EACCES
            } catch (IOException e) {
                return -Errno.of(e);
            }
            if ((mode & 4) != 0 && !Files.isReadable(host) || (mode & 2) != 0 && !Files.isWritable(host)
                    || (mode & 1) != 0 && !Files.isExecutable(host)) {
                return -Errno.EACCES;
            }
            return 0;
        } catch (ConfinedFileSystem.PathError e) {
            return -e.errno;
        }
    }

    private long chdir(long pathAddress) {
        try {
            ConfinedFileSystem.Resolved r = resolve(AT_FDCWD, path(pathAddress));
            if (!Files.exists(r.hostPath())) {
                return -Errno.ENOENT;
            }
            if (!Files.isDirectory(r.hostPath())) {
                return -Errno.ENOTDIR;
            }
            process.fileSystem.setCwd(r.guestPath());
            return 0;
        } catch (ConfinedFileSystem.PathError e) {
            return -e.errno;
        }
    }

    private long fchdir(long fd) {
        FileDescription file = process.files.get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        if (file.directoryPath() == null) {
            return -Errno.ENOTDIR;
        }
        process.fileSystem.setCwd(file.directoryPath());
        return 0;
    }

    /** pipe2: O_CLOEXEC and O_NONBLOCK; other flags (O_DIRECT's packet mode) are EINVAL, not ignored. */
    private long pipe2(long fdsAddress, long flags) {
        if ((flags & ~(long) (OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK)) != 0) {
            return -Errno.EINVAL;
        }
        Pipe pipe = new Pipe();
        boolean cloexec = (flags & OpenFlags.O_CLOEXEC) != 0;
        int nonblocking = (int) flags & OpenFlags.O_NONBLOCK;
        FileDescription readEnd = pipe.readEnd();
        FileDescription writeEnd = pipe.writeEnd();
        readEnd.statusFlags = OpenFlags.O_RDONLY | nonblocking;
        writeEnd.statusFlags = OpenFlags.O_WRONLY | nonblocking;
        int r = process.files.install(readEnd, 0, cloexec);
        if (r < 0) {
            return r;
        }
        int w = process.files.install(writeEnd, 0, cloexec);
        if (w < 0) {
            process.files.close(r);
            return w;
        }
        try {
            writeInt(fdsAddress, r);
            writeInt(fdsAddress + 4, w);
        } catch (MemoryAccessException e) {
            process.files.close(r);
            process.files.close(w);
            throw e;
        }
        return 0;
    }

    private long getdents64(long fd, long buffer, long count) {
        FileDescription file = process.files.get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        int length = GuestWindows.transferLength(count);
        int usable = windows.accessiblePrefix(buffer, length, PageTable.WRITE);
        int n = file.readDirectory(windows.forHostToFill(buffer, usable));
        // An entry that would not fit in the usable part but would in the buffer: it would have faulted.
        return n == -Errno.EINVAL && usable < length ? -Errno.EFAULT : n;
    }

    private long lseek(long fd, long offset, int whence) {
        FileDescription file = process.files.get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        // Linux refuses a whence past SEEK_HOLE before asking the file (a pipe's ESPIPE comes after).
        return Integer.compareUnsigned(whence, 4) > 0 ? -Errno.EINVAL : file.seek(offset, whence);
    }

    /*
     * read, write, pread64 and pwrite64 move bytes straight between the file and guest memory. Like
     * Linux they move what fits before the first page the guest may not access; the file's own refusal
     * (EBADF, EISDIR, ESPIPE, EINVAL) comes first. When no page of a non-empty buffer is usable, a
     * write fails with EFAULT and a read fails so only if it would have moved bytes: at end of file it
     * returns 0, since Linux never touches the buffer then.
     */

    private long read(long fd, long buffer, long count) {
        return transfer(fd, buffer, count, true, -1, FileDescription::read);
    }

    private long write(long fd, long buffer, long count) {
        return transfer(fd, buffer, count, false, -1, FileDescription::write);
    }

    private long pread(long fd, long buffer, long count, long offset) {
        return transfer(fd, buffer, count, true, offset, (file, window) -> file.pread(window, offset));
    }

    private long pwrite(long fd, long buffer, long count, long offset) {
        return transfer(fd, buffer, count, false, offset, (file, window) -> file.pwrite(window, offset));
    }

    /** A file operation moving bytes through a window of guest memory. */
    private interface Transfer {
        int apply(FileDescription file, ByteBuffer window);
    }

    /**
     * What read, write, pread64 and pwrite64 share: the descriptor looked up, the count clamped as
     * Linux clamps it, and the operation run on the window of the buffer's accessible prefix (the host
     * fills it for a read, drains it for a write).
     *
     * @param position the file offset of pread64 and pwrite64; -1 for read and write (the file's own)
     */
    private long transfer(long fd, long buffer, long count, boolean hostFills, long position, Transfer operation) {
        FileDescription file = process.files.get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        int length = GuestWindows.transferLength(count);
        int usable = windows.accessiblePrefix(buffer, length, hostFills ? PageTable.WRITE : PageTable.READ);
        ByteBuffer window = hostFills ? windows.forHostToFill(buffer, usable) : windows.forHostToDrain(buffer, usable);
        int result = operation.apply(file, window);
        if (usable > 0 || length == 0 || result < 0) {
            return result;
        }
        // The file took the call but no byte of the buffer is usable (the empty window moved nothing).
        return hostFills ? file.readIntoUnwritableBuffer(position) : -Errno.EFAULT;
    }

    private long readv(long fd, long iov, long count) {
        IoVector vector = ioVector(fd, iov, count, true);
        if (vector.error() != 0) {
            return vector.error();
        }
        FileDescription file = vector.file();
        if (file instanceof HostFile || count == 1) {
            return eachBuffer(vector, (base, length) -> read(fd, base, length));
        }
        // A pipe, stream or device: one read for all the buffers, as the kernel's (reading them in turn
        // would wait for more after filling the first), at most GATHERED_WRITE bytes, then scattered.
        ByteBuffer bounce = ByteBuffer.allocate((int) Math.min(vector.total(), GATHERED_WRITE));
        int n = file.read(bounce);
        if (n <= 0) {
            return n;
        }
        int scattered = throughBuffers(vector, bounce.flip(), true);
        return scattered > 0 ? scattered : -Errno.EFAULT;
    }

    /**
     * writev: one write per buffer, stopping at the first short one, except that a vector of at most
     * {@link #GATHERED_WRITE} bytes is gathered first and reaches the file as one write, as the kernel
     * does for pipes (atomic up to PIPE_BUF) and stdio's flushes (two buffers) cost one host call.
     * Gathering stops at the first byte the guest cannot read; EFAULT when that is the first byte.
     */
    private long writev(long fd, long iov, long count) {
        IoVector vector = ioVector(fd, iov, count, false);
        if (vector.error() != 0) {
            return vector.error();
        }
        FileDescription file = vector.file();
        if (count == 1 || vector.total() > GATHERED_WRITE) {
            return eachBuffer(vector, (base, length) -> write(fd, base, length));
        }
        ByteBuffer gathered = ByteBuffer.allocate((int) vector.total());
        boolean nothingReadable = throughBuffers(vector, gathered, false) == 0 && vector.total() > 0;
        int result = file.write(gathered.flip());
        return nothingReadable && result >= 0 ? -Errno.EFAULT : result;
    }

    /**
     * Moves bytes between {@code bounce} (position to limit) and the vector's buffers in turn: into the
     * guest for a readv ({@code intoGuest}), out of it for a writev; stops at the first byte the guest
     * may not access there. Returns the bytes moved; {@code bounce}'s position has advanced by as many.
     */
    private int throughBuffers(IoVector vector, ByteBuffer bounce, boolean intoGuest) {
        int moved = 0;
        for (int i = 0; i < vector.bases().length && bounce.hasRemaining(); i++) {
            long base = vector.bases()[i];
            int take = (int) Math.min(vector.lengths()[i], bounce.remaining());
            int usable = windows.accessiblePrefix(base, take, intoGuest ? PageTable.WRITE : PageTable.READ);
            if (intoGuest) {
                windows.forHostToFill(base, usable).put(bounce.slice(bounce.position(), usable));
                bounce.position(bounce.position() + usable);
            } else {
                bounce.put(windows.forHostToDrain(base, usable));
            }
            moved += usable;
            if (usable < take) {
                break;
            }
        }
        return moved;
    }

    /** The file and buffers of a readv or writev, read from the guest once; {@code error} a negated errno, or 0. */
    private record IoVector(FileDescription file, long[] bases, long[] lengths, long total, long error) {
        static IoVector failed(int errno) {
            return new IoVector(null, null, null, 0, -errno);
        }
    }

    /**
     * The descriptor (EBADF first, then the file's own refusal of reading or writing, asked with an empty
     * buffer) and the iovec array of {@code count} entries at {@code iov}, as Linux imports them: EINVAL for a count
     * outside 0..1024 or a length that is negative as ssize_t, EFAULT for a buffer that does not lie in
     * the address space (nothing moves then); lengths past {@link GuestWindows#MAX_TRANSFER} in all are cut
     * to it. Read once, so another guest thread changing the array meanwhile changes nothing.
     */
    private IoVector ioVector(long fd, long iov, long count, boolean forReading) {
        FileDescription file = process.files.get(fd);
        if (file == null) {
            return IoVector.failed(Errno.EBADF);
        }
        int refusal = forReading ? file.read(GuestWindows.EMPTY) : file.write(GuestWindows.EMPTY);
        if (refusal < 0) {
            return IoVector.failed(-refusal);
        }
        if (count < 0 || count > 1024) {
            return IoVector.failed(Errno.EINVAL);
        }
        long[] bases = new long[(int) count];
        long[] lengths = new long[(int) count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            bases[i] = memory.loadLong(iov + 16L * i);
            long length = memory.loadLong(iov + 16L * i + 8);
            if (length < 0) {
                return IoVector.failed(Errno.EINVAL);
            }
            if (length > 0 && (bases[i] < 0 || length > memory.size() - bases[i])) {
                return IoVector.failed(Errno.EFAULT);
            }
            lengths[i] = Math.min(length, GuestWindows.MAX_TRANSFER - total);
            total += lengths[i];
        }
        return new IoVector(file, bases, lengths, total, 0);
    }

    /**
     * Runs {@code transfer} on each buffer of {@code vector} in turn and stops at the first that moves
     * less than asked; the bytes moved, or the first buffer's error.
     */
    private static long eachBuffer(IoVector vector, java.util.function.LongBinaryOperator transfer) {
        long done = 0;
        for (int i = 0; i < vector.bases().length; i++) {
            long length = vector.lengths()[i];
            if (length == 0) {
                continue;
            }
            long n = transfer.applyAsLong(vector.bases()[i], length);
            if (n < 0) {
                return done > 0 ? done : n;
            }
            done += n;
            if (n < length) {
                break;
            }
        }
        return done;
    }

    private long readlinkat(long dirfd, long pathAddress, long buffer, long size) {
        if (size <= 0) {
            return -Errno.EINVAL;
        }
        String target;
        try {
            String guest = guestPath(dirfd, path(pathAddress));
            if (guest.equals("/proc/self/exe")) {
                target = process.executablePath;
            } else {
                Path host = process.fileSystem.resolveEntry(guest).hostPath();
                if (!Files.isSymbolicLink(host)) {
                    FileStatus.of(host, false); // the walk's own errno (ENOENT, ENOTDIR) when nothing is there
                    return -Errno.EINVAL;
                }
                target = Files.readSymbolicLink(host).toString();
            }
        } catch (ConfinedFileSystem.PathError e) {
            return -e.errno;
        } catch (IOException e) {
            return -Errno.of(e);
        }
        byte[] bytes = target.getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(bytes.length, size);
        writeGuest(buffer, java.util.Arrays.copyOf(bytes, n));
        return n;
    }

    private FileStatus statusOf(long dirfd, String path, long flags) throws ConfinedFileSystem.PathError, IOException {
        if (path.isEmpty() && (flags & AT_EMPTY_PATH) != 0) {
            if ((int) dirfd == AT_FDCWD) {
                return FileStatus.of(process.fileSystem.resolveGuestPath(process.fileSystem.cwd()).hostPath(), true);
            }
            FileDescription file = process.files.get(dirfd);
            if (file == null) {
                throw new ConfinedFileSystem.PathError(Errno.EBADF);
            }
            return file.status();
        }
        String guest = guestPath(dirfd, path);
        DeviceFile device = DeviceFile.forPath(guest);
        if (device != null) {
            return device.status();
        }
        boolean follow = (flags & AT_SYMLINK_NOFOLLOW) == 0;
        ConfinedFileSystem.Resolved r = follow ? process.fileSystem.resolveGuestPath(guest) : process.fileSystem.resolveEntry(guest);
        return FileStatus.of(r.hostPath(), follow);
    }

    private long newfstatat(long dirfd, long pathAddress, long statAddress, long flags) {
        try {
            FileStatus status = statusOf(dirfd, path(pathAddress), flags);
            status.writeStat(windows.forHostToFill(statAddress, FileStatus.STAT_SIZE));
            return 0;
        } catch (ConfinedFileSystem.PathError e) {
            return -e.errno;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    private long fstat(long fd, long statAddress) {
        FileDescription file = process.files.get(fd);
        if (file == null) {
            return -Errno.EBADF;
        }
        try {
            file.status().writeStat(windows.forHostToFill(statAddress, FileStatus.STAT_SIZE));
            return 0;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    private long statx(long dirfd, long pathAddress, int flags, long statxAddress) {
        try {
            FileStatus status = statusOf(dirfd, path(pathAddress), flags);
            status.writeStatx(windows.forHostToFill(statxAddress, FileStatus.STATX_SIZE));
            return 0;
        } catch (ConfinedFileSystem.PathError e) {
            return -e.errno;
        } catch (IOException e) {
            return -Errno.of(e);
        }
    }

    private long mmap(long address, long length, int prot, int flags, long fd, long offset) {
        FileDescription file = null;
        if ((flags & AddressSpace.MAP_ANONYMOUS) == 0) {
            file = process.files.get(fd);
            if (file == null) {
                return -Errno.EBADF;
            }
        }
        return process.addressSpace.mmap(address, length, prot, flags, file, offset);
    }

    // ---- threads, futexes, signals -----------------------------------------------------------

    private long clone(Hart parent, long flags, long stack, long parentTid, long tls, long childTid) {
        final long cloneVm = 0x100;
        final long cloneThread = 0x10000;
        final long cloneSetTls = 0x80000;
        final long cloneParentSetTid = 0x100000;
        final long cloneChildClearTid = 0x200000;
        final long cloneChildSetTid = 0x1000000;
        if ((flags & cloneVm) == 0 || (flags & cloneThread) == 0) {
            // fork/vfork: one address space per emulator; the C library reports the failure.
            return -Errno.ENOSYS;
        }
        LinuxSystemCalls childCalls = new LinuxSystemCalls(process, signals.forNewThread());
        Hart child = new Hart(parent.memory, childCalls);
        child.copyStateFrom(parent);
        child.tid = process.newTid();
        child.x[10] = 0;
        if (stack != 0) {
            child.x[2] = stack;
        }
        if ((flags & cloneSetTls) != 0) {
            child.x[4] = tls;
        }
        child.pc = parent.pc + 4;
        if ((flags & cloneParentSetTid) != 0) {
            writeInt(parentTid, child.tid);
        }
        if ((flags & cloneChildSetTid) != 0) {
            writeInt(childTid, child.tid);
        }
        if ((flags & cloneChildClearTid) != 0) {
            child.clearChildTid = childTid;
        }
        process.addHart(child);
        process.startThread(child);
        return child.tid;
    }

    private long futex(long address, int op, int value, long timeoutOrValue2, long address2, int value3) {
        final int privateFlag = 128;
        final int clockRealtime = 256;
        int command = op & ~(privateFlag | clockRealtime);
        if ((address & 3) != 0) {
            return -Errno.EINVAL;
        }
        switch (command) {
            case 0, 9 -> { // WAIT, WAIT_BITSET
                int bitset = command == 9 ? value3 : -1;
                if (bitset == 0) {
                    return -Errno.EINVAL;
                }
                long deadline = Long.MAX_VALUE;
                if (timeoutOrValue2 != 0) {
                    long t = readTimespec(timeoutOrValue2);
                    if (t < 0) {
                        return -Errno.EINVAL;
                    }
                    if (command == 0) {
                        deadline = saturatedAdd(System.nanoTime(), t);
                    } else {
                        long now = (op & clockRealtime) != 0 ? realtimeNanos() : monotonicNanos();
                        deadline = saturatedAdd(System.nanoTime(), t - now);
                    }
                }
                memory.pageTable().check(address, 4, AccessKind.READ);
                return process.futexes.await(address, value, bitset, deadline);
            }
            case 1, 10 -> { // WAKE, WAKE_BITSET
                int bitset = command == 10 ? value3 : -1;
                return bitset == 0 ? -Errno.EINVAL : process.futexes.wake(address, value, bitset);
            }
            case 3, 4 -> { // REQUEUE, CMP_REQUEUE
                return process.futexes.requeue(address, value, (int) timeoutOrValue2, address2, command == 4, value3);
            }
            case 5 -> { // WAKE_OP
                return wakeOp(address, value, (int) timeoutOrValue2, address2, value3);
            }
            default -> {
                return -Errno.ENOSYS;
            }
        }
    }

    private long wakeOp(long address, int count, int count2, long address2, int encoded) {
        int op = (encoded >>> 28) & 7;
        boolean shift = ((encoded >>> 28) & 8) != 0;
        int cmp = (encoded >>> 24) & 15;
        int operand = (encoded << 8) >> 20;
        int cmpArgument = (encoded << 20) >> 20;
        if (shift) {
            operand = 1 << (operand & 31);
        }
        int old;
        synchronized (process.futexes) {
            old = switch (op) {
                case 0 -> memory.atomicInt(org.hsaj.runtime.memory.AtomicOp.EXCHANGE, address2, operand, MemoryOrder.SEQ_CST);
                case 1 -> memory.atomicInt(org.hsaj.runtime.memory.AtomicOp.ADD, address2, operand, MemoryOrder.SEQ_CST);
                case 2 -> memory.atomicInt(org.hsaj.runtime.memory.AtomicOp.OR, address2, operand, MemoryOrder.SEQ_CST);
                case 3 -> memory.atomicInt(org.hsaj.runtime.memory.AtomicOp.AND, address2, ~operand, MemoryOrder.SEQ_CST);
                case 4 -> memory.atomicInt(org.hsaj.runtime.memory.AtomicOp.XOR, address2, operand, MemoryOrder.SEQ_CST);
                default -> Integer.MIN_VALUE;
            };
        }
        if (op > 4) {
            return -Errno.ENOSYS;
        }
        int woken = process.futexes.wake(address, count, -1);
        boolean condition = switch (cmp) {
            case 0 -> old == cmpArgument;
            case 1 -> old != cmpArgument;
            case 2 -> old < cmpArgument;
            case 3 -> old <= cmpArgument;
            case 4 -> old > cmpArgument;
            case 5 -> old >= cmpArgument;
            default -> false;
        };
        if (condition) {
            woken += process.futexes.wake(address2, count2, -1);
        }
        return woken;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /**
     * A write that found no reader (EPIPE) raises SIGPIPE in the writing thread, as Linux does: its
     * default action ends the process (status 141); ignored, the write just fails; blocked, it pends;
     * with a handler, the handler runs and the write then returns EPIPE.
     */
    private long raiseSigpipe(long result) {
        if (result == -Errno.EPIPE) {
            process.send(SignalDispositions.SIGPIPE, PendingSignals.SI_USER, signals);
        }
        return result;
    }

    /**
     * kill: this process is the only one a guest can reach (its pid or one of its threads' tids, 0 or
     * minus its pid for its process group); any other pid, -1 (every other process) included, finds nobody.
     */
    private long kill(int pid, int signal) {
        boolean ours = pid == LinuxProcess.PID || pid > 0 && process.threadSignals(pid) != null; // any thread's tid names it
        if (!ours && pid != 0 && pid != -LinuxProcess.PID) {
            return -Errno.ESRCH;
        }
        return sendIfValid(signal, PendingSignals.SI_USER, null);
    }

    /** Sends {@code signal} to {@code target} (null: the process); 0 only checks; EINVAL past 64. */
    private long sendIfValid(int signal, int code, ThreadSignals target) {
        if (signal != 0 && !SignalDispositions.valid(signal)) {
            return -Errno.EINVAL;
        }
        if (signal != 0) {
            process.send(signal, code, target);
        }
        return 0;
    }

    /** tgkill (tkill with this process's pid): one thread of this process. */
    private long tgkill(int pid, int tid, int signal) {
        if (tid <= 0) {
            return -Errno.EINVAL;
        }
        ThreadSignals target = pid == LinuxProcess.PID ? process.threadSignals(tid) : null;
        if (target == null) {
            return -Errno.ESRCH;
        }
        return sendIfValid(signal, PendingSignals.SI_TKILL, target);
    }

    /** sigaltstack: the new stack is read (EFAULT) and set before the old one is written back. */
    private long sigaltstack(Hart h, long newStack, long oldStack) {
        long sp = h.x[2];
        SignalFrame.Stack old = signals.altStack(sp);
        if (newStack != 0) {
            SignalFrame.Stack stack = new SignalFrame.Stack(memory.loadLong(newStack), memory.loadInt(newStack + 8),
                    memory.loadLong(newStack + 16));
            long refused = signals.setAltStack(stack, sp);
            if (refused != 0) {
                return refused;
            }
        }
        if (oldStack != 0) {
            writeLong(oldStack, old.base());
            writeInt(oldStack + 8, old.flags());
            writeInt(oldStack + 12, 0);
            writeLong(oldStack + 16, old.size());
        }
        return 0;
    }

    /**
     * rt_sigaction, in Linux's order: the set size, the new action read (EFAULT), the signal (SIGKILL's
     * and SIGSTOP's actions can be read, not set), the change, and only then the old action written (a
     * bad pointer for it is EFAULT with the new action set). An action that ignores a signal drops it
     * where it pends.
     */
    private long rtSigaction(int signal, long action, long oldAction, long setSize) {
        if (setSize != SIGSET_SIZE) {
            return -Errno.EINVAL;
        }
        SignalDispositions.Action change = action == 0 ? null : new SignalDispositions.Action(
                memory.loadLong(action), memory.loadLong(action + 8), memory.loadLong(action + 16));
        if (!SignalDispositions.valid(signal)
                || change != null && (signal == SignalDispositions.SIGKILL || signal == SignalDispositions.SIGSTOP)) {
            return -Errno.EINVAL;
        }
        SignalDispositions.Action old = process.signals.get(signal);
        if (change != null) {
            process.actionSet(signal, process.signals.set(signal, change));
        }
        if (oldAction != 0) {
            writeLong(oldAction, old.handler());
            writeLong(oldAction + 8, old.flags());
            writeLong(oldAction + 16, old.mask());
        }
        return 0;
    }

    /** rt_sigprocmask; signals it unblocks are delivered as the call returns. */
    private long rtSigprocmask(int how, long set, long oldSet, long setSize) {
        if (setSize != SIGSET_SIZE) {
            return -Errno.EINVAL;
        }
        long old = signals.blocked();
        if (set != 0) {
            long value = memory.loadLong(set);
            switch (how) {
                case 0 -> signals.setBlocked(old | value);
                case 1 -> signals.setBlocked(old & ~value);
                case 2 -> signals.setBlocked(value);
                default -> {
                    return -Errno.EINVAL;
                }
            }
        }
        if (oldSet != 0) {
            writeLong(oldSet, old);
        }
        return 0;
    }

    /**
     * rt_sigpending: the blocked signals that wait, sent to this thread or to the process; Linux takes
     * a set size up to its own and writes that many bytes.
     */
    private long rtSigpending(long set, long setSize) {
        if (Long.compareUnsigned(setSize, SIGSET_SIZE) > 0) {
            return -Errno.EINVAL;
        }
        long waiting = signals.pendingBits() & signals.blocked();
        byte[] bytes = new byte[(int) setSize];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (waiting >>> 8 * i);
        }
        if (bytes.length > 0) {
            writeGuest(set, bytes);
        }
        return 0;
    }

    /**
     * rt_sigsuspend: waits with {@code set} as the mask until a signal it lets through would do something
     * (run a handler, end the process), taking it so that no other thread delivers it, then fails with
     * EINTR; the handler's frame saves the mask from before, which comes back when the handler returns.
     * Only another thread can send that signal here.
     */
    private long rtSigsuspend(long set, long setSize) {
        if (setSize != SIGSET_SIZE) {
            return -Errno.EINVAL;
        }
        signals.suspend(memory.loadLong(set));
        process.awaitSignal(signals::takeActing, Long.MAX_VALUE);
        return -Errno.EINTR;
    }

    /**
     * rt_sigtimedwait: takes a pending signal of {@code set} without running its action, waiting for one
     * up to the timeout (none: no limit; zero: no wait); returns its number and writes its siginfo.
     * EAGAIN at the timeout; EINTR when a signal outside the set would do something first.
     */
    private long rtSigtimedwait(long set, long info, long timeout, long setSize) {
        if (setSize != SIGSET_SIZE) {
            return -Errno.EINVAL;
        }
        long wanted = memory.loadLong(set) & ~SignalDispositions.UNBLOCKABLE;
        long nanos = Long.MAX_VALUE;
        if (timeout != 0) {
            nanos = readTimespec(timeout);
            if (nanos < 0) {
                return -Errno.EINVAL;
            }
        }
        // Taken in the wake-up test itself, under its lock, so that no other thread takes it first.
        PendingSignals.Taken[] taken = new PendingSignals.Taken[1];
        boolean woken;
        if (nanos == 0) {
            woken = (taken[0] = signals.take(wanted)) != null;
        } else {
            long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : saturatedAdd(System.nanoTime(), nanos);
            woken = process.awaitSignal(() -> (taken[0] = signals.take(wanted)) != null || signals.hasDeliverable(),
                    deadline);
        }
        if (taken[0] == null) {
            return woken || Thread.currentThread().isInterrupted() ? -Errno.EINTR : -Errno.EAGAIN;
        }
        if (info != 0) {
            writeGuest(info, SignalFrame.siginfo(taken[0]));
        }
        return taken[0].signal();
    }

    // ---- time ----------------------------------------------------------------------------------

    private static long realtimeNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static long monotonicNanos() {
        return System.nanoTime();
    }

    /** Now on the Linux clock {@code clock} in nanoseconds, or -1 for an id Linux does not know (10, past 11, negative). */
    private long clockNanos(long clock) {
        return switch ((int) clock) { // clockid_t is an int: the kernel sees the low 32 bits
            case 0, 5, 8, 11 -> realtimeNanos(); // 11, CLOCK_TAI: the kernel's TAI offset is 0 until NTP sets it
            case 1, 4, 6, 7, 9 -> monotonicNanos();
            case 2 -> monotonicNanos() - process.startNanos;
            case 3 -> {
                java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
                yield bean.isCurrentThreadCpuTimeSupported() ? bean.getCurrentThreadCpuTime() : monotonicNanos();
            }
            default -> -1;
        };
    }

    private long clockGettime(long clock, long timespec) {
        long nanos = clockNanos(clock);
        if (nanos == -1) {
            return -Errno.EINVAL;
        }
        writeTimespec(timespec, nanos);
        return 0;
    }

    private long clockGetres(long clock, long timespec) {
        if (clockNanos(clock) == -1) {
            return -Errno.EINVAL;
        }
        if (timespec != 0) {
            writeTimespec(timespec, clock == 5 || clock == 6 ? 4_000_000 : 1);
        }
        return 0;
    }

    private long gettimeofday(long timeval) {
        if (timeval != 0) {
            long nanos = realtimeNanos();
            writeLong(timeval, nanos / 1_000_000_000L);
            writeLong(timeval + 8, (nanos % 1_000_000_000L) / 1000);
        }
        return 0;
    }

    private long sleep(long nanos) {
        try {
            long deadline = System.nanoTime() + nanos;
            for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -Errno.EINTR;
        }
    }

    private long nanosleep(long request, long remaining) {
        long nanos = readTimespec(request);
        if (nanos < 0) {
            return -Errno.EINVAL;
        }
        return sleep(nanos);
    }

    /**
     * clock_nanosleep: like every system call it returns 0 or a negated errno (the C library's wrapper
     * turns that into the error number it returns). Linux sleeps on realtime, monotonic, boottime, TAI
     * and the process CPU clock (here: time since start), answers EOPNOTSUPP for the thread CPU, raw
     * and coarse clocks (they have no sleep) and EINVAL for unknown ids.
     */
    private long clockNanosleep(long clock, long flags, long request, long remaining) {
        int id = (int) clock;
        if (id == 3 || id == 4 || id == 5 || id == 6) {
            return -Errno.EOPNOTSUPP;
        }
        if (clockNanos(clock) == -1) {
            return -Errno.EINVAL;
        }
        long nanos = readTimespec(request);
        if (nanos < 0) {
            return -Errno.EINVAL;
        }
        if ((flags & 1) != 0) {
            nanos -= clockNanos(clock);
        }
        return sleep(Math.max(0, nanos));
    }

    private long times(long address) {
        long ticks = (System.nanoTime() - process.startNanos) / 10_000_000L;
        if (address != 0) {
            writeLong(address, ticks);
            writeLong(address + 8, 0);
            writeLong(address + 16, 0);
            writeLong(address + 24, 0);
        }
        return ticks;
    }

    // ---- system information ----------------------------------------------------------------

    private long schedGetaffinity(long size, long mask) {
        int cpus = Runtime.getRuntime().availableProcessors();
        int bytes = (cpus + 63) / 64 * 8;
        if (size < bytes || (size & 7) != 0) {
            return -Errno.EINVAL;
        }
        byte[] bits = new byte[bytes];
        for (int i = 0; i < cpus; i++) {
            bits[i / 8] |= (byte) (1 << (i % 8));
        }
        writeGuest(mask, bits);
        return bytes;
    }

    private long uname(long address) {
        String[] fields = {"Linux", "hsaj", "6.1.0", "#1 SMP hsaj", "riscv64", "(none)"};
        byte[] buffer = new byte[65 * fields.length];
        for (int i = 0; i < fields.length; i++) {
            byte[] text = fields[i].getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(text, 0, buffer, 65 * i, text.length);
        }
        writeGuest(address, buffer);
        return 0;
    }

    private static long[] limit(int resource) {
        return switch (resource) {
            case 3 -> new long[] {8L << 20, -1}; // RLIMIT_STACK
            case 7 -> new long[] {FileTable.MAX_DESCRIPTORS, FileTable.MAX_DESCRIPTORS}; // RLIMIT_NOFILE
            default -> resource >= 0 && resource < 16 ? new long[] {-1, -1} : null;
        };
    }

    private long getrlimit(int resource, long address) {
        long[] l = limit(resource);
        if (l == null) {
            return -Errno.EINVAL;
        }
        writeLong(address, l[0]);
        writeLong(address + 8, l[1]);
        return 0;
    }

    private long prlimit64(int resource, long newLimit, long oldLimit) {
        long[] l = limit(resource);
        if (l == null) {
            return -Errno.EINVAL;
        }
        if (oldLimit != 0) {
            writeLong(oldLimit, l[0]);
            writeLong(oldLimit + 8, l[1]);
        }
        return 0;
    }

    private long getrusage(long address) {
        writeGuest(address, new byte[144]);
        long nanos = System.nanoTime() - process.startNanos;
        writeLong(address, nanos / 1_000_000_000L);
        writeLong(address + 8, (nanos % 1_000_000_000L) / 1000);
        return 0;
    }

    private long prctl(int option, long argument) {
        return switch (option) {
            case 15 -> 0; // PR_SET_NAME
            case 16 -> { // PR_GET_NAME
                writeGuest(argument, java.util.Arrays.copyOf("guest".getBytes(StandardCharsets.US_ASCII), 16));
                yield 0;
            }
            default -> -Errno.EINVAL;
        };
    }

    private long sysinfo(long address) {
        ByteBuffer b = ByteBuffer.allocate(112).order(ByteOrder.LITTLE_ENDIAN);
        long total = memory.size();
        b.putLong(0, (System.nanoTime() - process.startNanos) / 1_000_000_000L);
        b.putLong(32, total).putLong(40, total - memory.allocator().reservedBytes());
        b.putShort(80, (short) 1).putInt(104, 1);
        writeGuest(address, b.array());
        return 0;
    }

    private long getrandom(long buffer, long length) {
        int n = (int) Math.min(Math.max(length, 0), 1 << 20);
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        writeGuest(buffer, bytes);
        return n;
    }
}
