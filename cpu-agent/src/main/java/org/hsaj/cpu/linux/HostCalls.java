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
 * own records, and {@code open}, {@code pread}, {@code pwrite}, {@code ftruncate}, {@code statx} on the
 * descriptor and {@code close} for a regular file ({@link NativeHostFile}): one host descriptor per open
 * file, its transfers straight between the kernel and guest memory. Each returns 0, a count or a
 * descriptor, or a negated errno. {@link #AVAILABLE} is false where the C library lacks any of them;
 * callers then take their NIO path.
 *
 * <p>Threading: thread-safe; a call that names a path builds it in its own confined arena, and the
 * errno of each call is captured in a segment of the calling thread's own.
 */
final class HostCalls {
    static final boolean AVAILABLE;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_EMPTY_PATH = 0x1000;
    /** O_CLOEXEC: the same value on every architecture the JDK runs Linux on (x86-64, AArch64, RISC-V, POWER, s390x). */
    static final int O_CLOEXEC = 02000000;
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
    private static final MethodHandle PREAD;
    private static final MethodHandle PWRITE;
    private static final MethodHandle FTRUNCATE;
    /** The errno of the calling thread's last call (captured by the linker right after it). */
    private static final ThreadLocal<MemorySegment> CALL_STATES =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));
    /** The empty path of statx on a descriptor (AT_EMPTY_PATH). */
    private static final MemorySegment EMPTY_PATH = Arena.global().allocateFrom("");

    static {
        MethodHandle statx = null;
        MethodHandle unlinkat = null;
        MethodHandle renameat2 = null;
        MethodHandle open = null;
        MethodHandle getdents64 = null;
        MethodHandle lseek = null;
        MethodHandle close = null;
        MethodHandle pread = null;
        MethodHandle pwrite = null;
        MethodHandle ftruncate = null;
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
            ValueLayout l = ValueLayout.JAVA_LONG;
            open = linker.downcallHandle(linker.defaultLookup().find("open").orElseThrow(),
                    FunctionDescriptor.of(i, p, i, i), errno, Linker.Option.firstVariadicArg(2));
            getdents64 = linker.downcallHandle(linker.defaultLookup().find("getdents64").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, i, p, ValueLayout.JAVA_LONG), errno);
            lseek = linker.downcallHandle(linker.defaultLookup().find("lseek").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, i, ValueLayout.JAVA_LONG, i), errno);
            close = linker.downcallHandle(linker.defaultLookup().find("close").orElseThrow(),
                    FunctionDescriptor.of(i, i));
            pread = linker.downcallHandle(linker.defaultLookup().find("pread").orElseThrow(),
                    FunctionDescriptor.of(l, i, p, l, l), errno);
            pwrite = linker.downcallHandle(linker.defaultLookup().find("pwrite").orElseThrow(),
                    FunctionDescriptor.of(l, i, p, l, l), errno);
            ftruncate = linker.downcallHandle(linker.defaultLookup().find("ftruncate").orElseThrow(),
                    FunctionDescriptor.of(i, i, l), errno);
        } catch (RuntimeException notThisLibrary) {
            statx = null;
        }
        AVAILABLE = statx != null && unlinkat != null && renameat2 != null && open != null
                && getdents64 != null && lseek != null && close != null && pread != null && pwrite != null
                && ftruncate != null;
        STATX = statx;
        UNLINKAT = unlinkat;
        RENAMEAT2 = renameat2;
        OPEN = open;
        GETDENTS64 = getdents64;
        LSEEK = lseek;
        CLOSE = close;
        PREAD = pread;
        PWRITE = pwrite;
        FTRUNCATE = ftruncate;
    }

    private HostCalls() {
    }

    /** statx of {@code path} into {@code into} (at least {@link FileStatus#STATX_SIZE} bytes); 0 or -errno. */
    static int statx(Path path, boolean followLinks, MemorySegment into) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = CALL_STATES.get();
            int rc = (int) STATX.invokeExact(state, AT_FDCWD, cString(arena, path), followLinks ? 0 : AT_SYMLINK_NOFOLLOW,
                    STATX_BASIC_STATS, into);
            return (int) result(rc, state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** statx of an open host descriptor itself (AT_EMPTY_PATH): what fstat says, whatever became of its path. */
    static int statx(int fd, MemorySegment into) {
        try {
            MemorySegment state = CALL_STATES.get();
            int rc = (int) STATX.invokeExact(state, fd, EMPTY_PATH, AT_EMPTY_PATH, STATX_BASIC_STATS, into);
            return (int) result(rc, state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** unlinkat(AT_FDCWD, path, flags): removes a file, or with AT_REMOVEDIR an empty directory. */
    static int unlinkat(Path path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = CALL_STATES.get();
            int rc = (int) UNLINKAT.invokeExact(state, AT_FDCWD, cString(arena, path), flags);
            return (int) result(rc, state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** renameat2(AT_FDCWD, from, AT_FDCWD, to, flags), flags as the guest gave them (the kernel checks them). */
    static int renameat2(Path from, Path to, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = CALL_STATES.get();
            int rc = (int) RENAMEAT2.invokeExact(state, AT_FDCWD, cString(arena, from), AT_FDCWD, cString(arena, to), flags);
            return (int) result(rc, state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** open(path, O_RDONLY | O_CLOEXEC): a host descriptor for reading a directory, or -errno. */
    static int openForReading(Path path) {
        return open(path, O_CLOEXEC, 0);
    }

    /**
     * open(path, flags, mode): {@code flags} in the host's own values ({@link OpenFlags#hostFlags}); a new
     * descriptor or -errno.
     */
    static int open(Path path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = CALL_STATES.get();
            int fd = (int) OPEN.invokeExact(state, cString(arena, path), flags, mode);
            return (int) result(fd, state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** pread of a host descriptor into all of {@code into}: bytes read, or -errno. */
    static long pread(int fd, MemorySegment into, long at) {
        return transfer(PREAD, fd, into, at);
    }

    /** pwrite of all of {@code from} to a host descriptor: bytes written, or -errno. */
    static long pwrite(int fd, MemorySegment from, long at) {
        return transfer(PWRITE, fd, from, at);
    }

    /** pread or pwrite ({@code call}: the two have one signature) of all of {@code buffer} at file offset {@code at}. */
    private static long transfer(MethodHandle call, int fd, MemorySegment buffer, long at) {
        try {
            MemorySegment state = CALL_STATES.get();
            return result((long) call.invokeExact(state, fd, buffer, buffer.byteSize(), at), state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** ftruncate of a host descriptor: 0 or -errno. */
    static int ftruncate(int fd, long length) {
        try {
            MemorySegment state = CALL_STATES.get();
            int rc = (int) FTRUNCATE.invokeExact(state, fd, length);
            return (int) result(rc, state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * getdents64 of a host directory descriptor straight into {@code into}: struct linux_dirent64 has
     * one layout on every Linux, so the records are the guest's as they are. Bytes written, or -errno.
     */
    static long getdents64(int fd, MemorySegment into) {
        try {
            MemorySegment state = CALL_STATES.get();
            long n = (long) GETDENTS64.invokeExact(state, fd, into, into.byteSize());
            return result(n, state);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** lseek of a host descriptor: the new offset, or -errno. */
    static long lseek(int fd, long offset, int whence) {
        try {
            MemorySegment state = CALL_STATES.get();
            long at = (long) LSEEK.invokeExact(state, fd, offset, whence);
            return result(at, state);
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

    /** A call's result as the wrappers return it: itself when it succeeded (not negative), else -errno. */
    private static long result(long returned, MemorySegment state) {
        return returned >= 0 ? returned : -(int) ERRNO.get(state, 0L);
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
