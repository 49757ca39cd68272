package org.hsaj.cpu.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The host C library's file calls that NIO has no lean form of, through the FFM linker: {@code statx}
 * (every stat field in one call, into a struct whose layout is the same on every architecture),
 * {@code unlinkat} and {@code renameat2} (one host call each, answering with the kernel's own errno),
 * {@code open}, {@code getdents64}, {@code lseek} and {@code close} to list a directory with the kernel's
 * own records, and an {@code O_PATH} descriptor with {@code statx} on it to stat an open file itself.
 * Each returns 0 or a negated errno. {@link #AVAILABLE} is false where the C library lacks any of them;
 * callers then take their NIO path.
 *
 * <p>Threading: stateless and thread-safe; every call works in its own confined arena.
 */
final class HostCalls {
    static final boolean AVAILABLE;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_EMPTY_PATH = 0x1000;
    /** O_PATH | O_CLOEXEC: the same values on every architecture the JDK runs Linux on (x86-64, AArch64, RISC-V, POWER, s390x). */
    private static final int O_PATH_CLOEXEC = 010000000 | 02000000;
    private static final int STATX_BASIC_STATS = 0x7ff;
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno")).withInvokeExactBehavior();
    private static final MethodHandle STATX;
    private static final MethodHandle UNLINKAT;
    private static final MethodHandle RENAMEAT2;
    private static final MethodHandle OPEN;
    private static final MethodHandle GETDENTS64;
    private static final MethodHandle LSEEK;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle statx = null;
        MethodHandle unlinkat = null;
        MethodHandle renameat2 = null;
        MethodHandle open = null;
        MethodHandle getdents64 = null;
        MethodHandle lseek = null;
        MethodHandle close = null;
        try {
            Linker linker = Linker.nativeLinker();
            Linker.Option errno = Linker.Option.captureCallState("errno");
            ValueLayout i = ValueLayout.JAVA_INT;
            ValueLayout p = ValueLayout.ADDRESS;
            statx = linker.downcallHandle(linker.defaultLookup().find("statx").orElseThrow(),
                    FunctionDescriptor.of(i, i, p, i, i, p), errno);
            unlinkat = linker.downcallHandle(linker.defaultLookup().find("unlinkat").orElseThrow(),
                    FunctionDescriptor.of(i, i, p, i), errno);
            renameat2 = linker.downcallHandle(linker.defaultLookup().find("renameat2").orElseThrow(),
                    FunctionDescriptor.of(i, i, p, i, p, i), errno);
            open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                    FunctionDescriptor.of(i, p, i), errno);
            getdents64 = linker.downcallHandle(linker.defaultLookup().find("getdents64").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, i, p, ValueLayout.JAVA_LONG), errno);
            lseek = linker.downcallHandle(linker.defaultLookup().find("lseek").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, i, ValueLayout.JAVA_LONG, i), errno);
            close = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                    FunctionDescriptor.of(i, i));
        } catch (RuntimeException notThisLibrary) {
            statx = null;
        }
        AVAILABLE = statx != null && unlinkat != null && renameat2 != null && open != null
                && getdents64 != null && lseek != null && close != null;
        STATX = statx;
        UNLINKAT = unlinkat;
        RENAMEAT2 = renameat2;
        OPEN = open;
        GETDENTS64 = getdents64;
        LSEEK = lseek;
        CLOSE = close;
    }

    private HostCalls() {
    }

    /** statx of {@code path} into {@code into} (at least {@link FileStatus#STATX_SIZE} bytes); 0 or -errno. */
    static int statx(Path path, boolean followLinks, MemorySegment into) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) STATX.invokeExact(state, AT_FDCWD, cString(arena, path), followLinks ? 0 : AT_SYMLINK_NOFOLLOW,
                    STATX_BASIC_STATS, into);
            return rc == 0 ? 0 : -errno(state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** statx of an open host descriptor itself (AT_EMPTY_PATH): what fstat says, whatever became of its path. */
    static int statx(int fd, MemorySegment into) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) STATX.invokeExact(state, fd, arena.allocateFrom(""), AT_EMPTY_PATH, STATX_BASIC_STATS, into);
            return rc == 0 ? 0 : -errno(state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** unlinkat(AT_FDCWD, path, flags): removes a file, or with AT_REMOVEDIR an empty directory. */
    static int unlinkat(Path path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) UNLINKAT.invokeExact(state, AT_FDCWD, cString(arena, path), flags);
            return rc == 0 ? 0 : -errno(state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** renameat2(AT_FDCWD, from, AT_FDCWD, to, flags), flags as the guest gave them (the kernel checks them). */
    static int renameat2(Path from, Path to, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) RENAMEAT2.invokeExact(state, AT_FDCWD, cString(arena, from), AT_FDCWD, cString(arena, to), flags);
            return rc == 0 ? 0 : -errno(state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** open(path, O_RDONLY): a host descriptor for reading a directory, or -errno. */
    static int openForReading(Path path) {
        return open(path, 0);
    }

    /**
     * open(path, O_PATH | O_CLOEXEC): a descriptor that names a file (following links) without opening
     * it for reading or writing, so it needs no permission on the file itself; -errno when that fails.
     */
    static int openPath(Path path) {
        return open(path, O_PATH_CLOEXEC);
    }

    private static int open(Path path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, cString(arena, path), flags);
            return fd >= 0 ? fd : -errno(state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * getdents64 of a host directory descriptor straight into {@code into}: struct linux_dirent64 has
     * one layout on every Linux, so the records are the guest's as they are. Bytes written, or -errno.
     */
    static long getdents64(int fd, MemorySegment into) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long n = (long) GETDENTS64.invokeExact(state, fd, into, into.byteSize());
            return n >= 0 ? n : -errno(state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** lseek of a host descriptor: the new offset, or -errno. */
    static long lseek(int fd, long offset, int whence) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long at = (long) LSEEK.invokeExact(state, fd, offset, whence);
            return at >= 0 ? at : -errno(state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static MemorySegment cString(Arena arena, Path path) {
        return arena.allocateFrom(path.toString(), StandardCharsets.UTF_8);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** What a downcall threw, unchecked (downcalls declare Throwable but throw only unchecked ones). */
    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException("host call failed", t);
    }

    /** A host call's errno as the checked exception the NIO paths throw, without a stack trace. */
    static final class Failure extends IOException {
        private static final long serialVersionUID = 1L;
        final int errno;

        Failure(int errno) {
            super("errno " + errno, null);
            this.errno = errno;
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // thrown on ordinary paths (a stat of a missing file): a trace would cost more than the call
        }
    }
}
