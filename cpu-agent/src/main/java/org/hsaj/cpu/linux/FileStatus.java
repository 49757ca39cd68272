package org.hsaj.cpu.linux;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * What fstat/statx report about a file, and the two guest layouts they are written in (the
 * asm-generic {@code struct stat} of 128 bytes and {@code struct statx} of 256 bytes).
 */
record FileStatus(long device, long inode, int mode, long links, int uid, int gid, long rdev, long size,
                  int blockSize, long blocks, long accessNanos, long modifyNanos, long changeNanos) {
    static final int S_IFMT = 0170000;
    static final int S_IFIFO = 0010000;
    static final int S_IFCHR = 0020000;
    static final int S_IFDIR = 0040000;
    static final int S_IFREG = 0100000;
    static final int S_IFLNK = 0120000;

    /** A character device or pipe with no backing file (streams, /dev/null). */
    static FileStatus special(int type, int permissions, long rdev) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return new FileStatus(0x10, 0, type | permissions, 1, 0, 0, rdev, 0, 4096, 0, now, now, now);
    }

    /** What stat (or, without {@code followLinks}, lstat) says about a host path. */
    static FileStatus of(Path path, boolean followLinks) throws IOException {
        if (!HostCalls.AVAILABLE) {
            return ofAttributes(path, followLinks);
        }
        return ofStatx(into -> HostCalls.statx(path, followLinks, into));
    }

    /**
     * What fstat says about an open host descriptor (one of {@link HostCalls}): the open file itself,
     * also after it was renamed or unlinked.
     */
    static FileStatus ofDescriptor(int fd) throws IOException {
        return ofStatx(into -> HostCalls.statx(fd, into));
    }

    /** The status a statx call ({@code call}: 0 or -errno) writes into the struct statx it is given. */
    private static FileStatus ofStatx(ToIntFunction<MemorySegment> call) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment statx = arena.allocate(STATX_SIZE, 8);
            int rc = call.applyAsInt(statx);
            if (rc != 0) {
                throw new HostCalls.Failure(-rc);
            }
            return new FileStatus(
                    device(statx.get(ValueLayout.JAVA_INT, 136), statx.get(ValueLayout.JAVA_INT, 140)),
                    statx.get(ValueLayout.JAVA_LONG, 32), Short.toUnsignedInt(statx.get(ValueLayout.JAVA_SHORT, 28)),
                    Integer.toUnsignedLong(statx.get(ValueLayout.JAVA_INT, 16)), statx.get(ValueLayout.JAVA_INT, 20),
                    statx.get(ValueLayout.JAVA_INT, 24),
                    device(statx.get(ValueLayout.JAVA_INT, 128), statx.get(ValueLayout.JAVA_INT, 132)),
                    statx.get(ValueLayout.JAVA_LONG, 40), statx.get(ValueLayout.JAVA_INT, 4), statx.get(ValueLayout.JAVA_LONG, 48),
                    statxNanos(statx, 64), statxNanos(statx, 112), statxNanos(statx, 96));
        }
    }

    /** A struct statx_timestamp (seconds, nanoseconds) as nanoseconds since the epoch. */
    private static long statxNanos(MemorySegment statx, long at) {
        return statx.get(ValueLayout.JAVA_LONG, at) * 1_000_000_000L + statx.get(ValueLayout.JAVA_INT, at + 8);
    }

    /** A dev_t from its major and minor numbers, encoded as the C library's makedev. */
    static long device(int major, int minor) {
        long ma = Integer.toUnsignedLong(major);
        long mi = Integer.toUnsignedLong(minor);
        return (ma & 0xfffff000L) << 32 | (ma & 0xfffL) << 8 | (mi & 0xffffff00L) << 12 | mi & 0xffL;
    }

    static int major(long device) {
        return (int) ((device >>> 32 & 0xfffff000L) | (device >>> 8 & 0xfffL));
    }

    static int minor(long device) {
        return (int) ((device >>> 12 & 0xffffff00L) | (device & 0xffL));
    }

    /**
     * Without the C library's statx: the attributes named one by one ("unix:*" would also resolve the
     * owner and group names, reading /etc/passwd and /etc/group on every stat).
     */
    private static final String ATTRIBUTES =
            "unix:dev,ino,mode,nlink,uid,gid,rdev,size,lastAccessTime,lastModifiedTime,ctime";

    private static FileStatus ofAttributes(Path path, boolean followLinks) throws IOException {
        LinkOption[] options = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, options);
        long size = ((Number) a.get("size")).longValue();
        return new FileStatus(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue(),
                ((Number) a.get("mode")).intValue(), ((Number) a.get("nlink")).longValue(),
                ((Number) a.get("uid")).intValue(), ((Number) a.get("gid")).intValue(),
                ((Number) a.get("rdev")).longValue(), size, 4096, (size + 511) / 512,
                nanos((FileTime) a.get("lastAccessTime")), nanos((FileTime) a.get("lastModifiedTime")),
                nanos((FileTime) a.get("ctime")));
    }

    private static long nanos(FileTime t) {
        return t == null ? 0 : t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** Size of the asm-generic struct stat. */
    static final int STAT_SIZE = 128;
    /** Size of struct statx. */
    static final int STATX_SIZE = 256;

    /**
     * Writes the asm-generic struct stat into {@code into} (at least {@link #STAT_SIZE} bytes from its
     * position: a guest memory window), every byte of it, padding included.
     */
    void writeStat(ByteBuffer into) {
        ByteBuffer b = into.slice().order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, device).putLong(8, inode).putInt(16, mode).putInt(20, (int) links).putInt(24, uid)
                .putInt(28, gid).putLong(32, rdev).putLong(40, 0).putLong(48, size).putInt(56, blockSize).putInt(60, 0)
                .putLong(64, blocks);
        putTime(b, 72, accessNanos);
        putTime(b, 88, modifyNanos);
        putTime(b, 104, changeNanos);
        b.putLong(120, 0);
    }

    private static void putTime(ByteBuffer b, int at, long nanos) {
        b.putLong(at, Math.floorDiv(nanos, 1_000_000_000L)).putLong(at + 8, Math.floorMod(nanos, 1_000_000_000L));
    }

    /** Writes struct statx with the basic fields into {@code into} (at least {@link #STATX_SIZE} bytes), unused bytes zero. */
    void writeStatx(ByteBuffer into) {
        ByteBuffer b = into.slice().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < STATX_SIZE; i += 8) {
            b.putLong(i, 0);
        }
        b.putInt(0, 0x7ff).putInt(4, blockSize).putInt(16, (int) links).putInt(20, uid).putInt(24, gid)
                .putShort(28, (short) mode).putLong(32, inode).putLong(40, size).putLong(48, blocks);
        putStatxTime(b, 64, accessNanos);
        putStatxTime(b, 80, changeNanos);
        putStatxTime(b, 96, changeNanos);
        putStatxTime(b, 112, modifyNanos);
        b.putInt(128, major(rdev)).putInt(132, minor(rdev)).putInt(136, major(device)).putInt(140, minor(device));
    }

    private static void putStatxTime(ByteBuffer b, int at, long nanos) {
        b.putLong(at, Math.floorDiv(nanos, 1_000_000_000L)).putInt(at + 8, (int) Math.floorMod(nanos, 1_000_000_000L));
    }
}
