package org.hsaj.cpu.linux;

import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * open(2) flag bits of the asm-generic ABI that RISC-V Linux uses, and what they become for a host
 * open: the option set and the creation mode, both built once per distinct value and then shared.
 *
 * <p>Threading: thread-safe; the caches are filled racily with immutable values.
 */
final class OpenFlags {
    static final int O_ACCMODE = 3;
    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_TRUNC = 01000;
    static final int O_APPEND = 02000;
    static final int O_NONBLOCK = 04000;
    static final int O_DIRECTORY = 0200000;
    static final int O_NOFOLLOW = 0400000;
    static final int O_CLOEXEC = 02000000;

    /**
     * The host's O_NOFOLLOW: the asm-generic value on x86-64, RISC-V and s390x, another on AArch64, ARM
     * and POWER. (Every other bit {@link #hostFlags} passes has one value on all of them.)
     */
    private static final int HOST_O_NOFOLLOW = switch (System.getProperty("os.arch")) {
        case "aarch64", "arm", "ppc64", "ppc64le" -> 0100000;
        default -> O_NOFOLLOW;
    };

    /** Index: access mode (2 bits), then O_CREAT, O_EXCL, O_TRUNC, O_NOFOLLOW. */
    private static final Set<?>[] HOST_OPTIONS = new Set<?>[64];
    private static final FileAttribute<?>[] CREATION_MODES = new FileAttribute<?>[512];
    /** Permission bits from the lowest (others execute) up, as in a mode word. */
    private static final PosixFilePermission[] PERMISSION_BITS = {PosixFilePermission.OTHERS_EXECUTE,
        PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private OpenFlags() {
    }

    /**
     * The host open options for guest open flags: READ unless write-only, WRITE unless read-only,
     * CREATE (CREATE_NEW with O_EXCL), TRUNCATE_EXISTING when writing, NOFOLLOW_LINKS.
     */
    @SuppressWarnings("unchecked")
    static Set<OpenOption> hostOptions(int flags) {
        int access = flags & O_ACCMODE;
        int index = access | ((flags & O_CREAT) != 0 ? 4 : 0) | ((flags & O_EXCL) != 0 ? 8 : 0)
                | ((flags & O_TRUNC) != 0 ? 16 : 0) | ((flags & O_NOFOLLOW) != 0 ? 32 : 0);
        Set<?> cached = HOST_OPTIONS[index];
        if (cached == null) {
            Set<OpenOption> options = new HashSet<>();
            if (access != O_WRONLY) {
                options.add(StandardOpenOption.READ);
            }
            if (access != O_RDONLY) {
                options.add(StandardOpenOption.WRITE);
                if ((flags & O_TRUNC) != 0) {
                    options.add(StandardOpenOption.TRUNCATE_EXISTING);
                }
            }
            if ((flags & O_CREAT) != 0) {
                options.add((flags & O_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
            }
            if ((flags & O_NOFOLLOW) != 0) {
                options.add(LinkOption.NOFOLLOW_LINKS);
            }
            cached = Set.copyOf(options);
            HOST_OPTIONS[index] = cached;
        }
        return (Set<OpenOption>) cached;
    }

    /**
     * The flags of a host open(2) of a regular file for guest open flags: the access mode, O_CREAT,
     * O_EXCL, O_TRUNC and O_NOFOLLOW as the guest gave them, and always O_CLOEXEC (a host descriptor
     * is never the business of a process the JVM starts). O_APPEND is not passed: the file keeps
     * the guest's position itself and fcntl may change the flag later.
     */
    static int hostFlags(int flags) {
        return flags & (O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC) | ((flags & O_NOFOLLOW) != 0 ? HOST_O_NOFOLLOW : 0)
                | HostCalls.O_CLOEXEC;
    }

    /** The permissions a new file or directory gets from a mode (umask already applied). */
    static FileAttribute<?> creationMode(int mode) {
        int index = mode & 0777;
        FileAttribute<?> cached = CREATION_MODES[index];
        if (cached == null) {
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            for (int i = 0; i < PERMISSION_BITS.length; i++) {
                if ((index & (1 << i)) != 0) {
                    set.add(PERMISSION_BITS[i]);
                }
            }
            cached = PosixFilePermissions.asFileAttribute(set);
            CREATION_MODES[index] = cached;
        }
        return cached;
    }
}
