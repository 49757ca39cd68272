package org.hsaj.cpu.linux;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/** The character devices guests open by name: /dev/null, /dev/zero, /dev/random and /dev/urandom. */
final class DeviceFile extends FileDescription {
    enum Kind { NULL, ZERO, RANDOM }

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Kind kind;

    DeviceFile(Kind kind) {
        this.kind = kind;
    }

    static DeviceFile forPath(String guestPath) {
        return switch (guestPath) {
            case "/dev/null" -> new DeviceFile(Kind.NULL);
            case "/dev/zero" -> new DeviceFile(Kind.ZERO);
            case "/dev/random", "/dev/urandom" -> new DeviceFile(Kind.RANDOM);
            default -> null;
        };
    }

    @Override
    int read(ByteBuffer into) {
        int n = into.remaining();
        switch (kind) {
            case NULL -> {
                return 0;
            }
            case ZERO -> {
                MemorySegment.ofBuffer(into).fill((byte) 0);
                into.position(into.limit());
            }
            case RANDOM -> {
                byte[] bytes = new byte[n];
                RANDOM.nextBytes(bytes);
                into.put(bytes);
            }
        }
        return n;
    }

    @Override
    int readIntoUnwritableBuffer(long position) {
        return kind == Kind.NULL ? 0 : -Errno.EFAULT;
    }

    @Override
    int write(ByteBuffer from) {
        int n = from.remaining();
        from.position(from.limit());
        return n;
    }

    @Override
    long seek(long offset, int whence) {
        return 0;
    }

    @Override
    FileStatus status() {
        long rdev = switch (kind) {
            case NULL -> (1 << 8) | 3;
            case ZERO -> (1 << 8) | 5;
            case RANDOM -> (1 << 8) | 9;
        };
        return FileStatus.special(FileStatus.S_IFCHR, 0666, rdev);
    }
}
