package org.hsaj.cpu.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps guest paths onto a host directory that plays the guest's "/": guest paths are normalized
 * lexically (".." never climbs above "/", and for system calls removes only a directory that exists),
 * and a host path whose real location (after following
 * symbolic links, also a link whose target does not exist yet) lies outside the root is refused with
 * EACCES. Keeps the current directory.
 *
 * <p>Threading: the current directory is shared by all threads of the process (volatile); the set of
 * verified paths is concurrent, and a thread resolving while another renames sees the path checked
 * either before or after the change.
 */
final class ConfinedFileSystem {
    /** A guest path that could not be resolved; carries the errno. */
    static final class PathError extends Exception {
        private static final long serialVersionUID = 1L;
        final int errno;

        PathError(int errno) {
            super(null, null, false, false);
            this.errno = errno;
        }
    }

    /**
     * A resolved path: the normalized guest path and the host path it maps to. {@code inCheckedDirectory}:
     * the directory holding it is known to be its own real path inside the root, so whatever the guest
     * creates there (not a link) is confined as it stands ({@link #createdByGuest}), and an open that
     * does not follow a link in the last component needs no further check. {@code knownRegularFile}:
     * it was a regular file when last seen (an open need not check for a directory).
     */
    record Resolved(String guestPath, Path hostPath, boolean inCheckedDirectory, boolean knownRegularFile) {
        Resolved(String guestPath, Path hostPath, boolean inCheckedDirectory) {
            this(guestPath, hostPath, inCheckedDirectory, false);
        }
    }

    /** Links followed on the way to a missing target before ELOOP, as Linux's limit. */
    private static final int MAX_LINKS = 40;
    /** The longest path a system call accepts, with its terminating NUL (PATH_MAX). */
    static final int PATH_MAX = 4096;

    private final Path root;
    private volatile String cwd = "/";

    /**
     * Host paths inside the root with no symbolic link on the way (their real path is themselves), so
     * resolving them again needs no realpath (one readlink per path component). The guest cannot create
     * symbolic links, so only renaming or removing can make an entry stale: those call
     * {@link #namespaceChanged}. The value says whether it was a regular file.
     */
    private final Map<Path, Boolean> verified = new ConcurrentHashMap<>();
    /** Bounds {@link #verified}; past it the map starts over. */
    private static final int MAX_VERIFIED = 4096;

    ConfinedFileSystem(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    String cwd() {
        return cwd;
    }

    void setCwd(String guestPath) {
        cwd = guestPath;
    }

    Path root() {
        return root;
    }

    /** What a ".." is checked with before it removes the path before it (see {@link #normalizeExisting}). */
    @FunctionalInterface
    interface DotDotCheck {
        void before(String prefix) throws PathError;
    }

    /**
     * Lexically normalized absolute guest path of {@code path} relative to {@code base} (a guest
     * directory): no empty, "." or ".." components; ".." at "/" stays at "/".
     */
    static String normalize(String base, String path) {
        try {
            return normalize(base, path, prefix -> { });
        } catch (PathError cannot) {
            throw new AssertionError(cannot);
        }
    }

    /**
     * {@link #normalize}, where a ".." may only remove a directory that exists, as the kernel's walk
     * requires: "missing/../f" fails with ENOENT and "file/../f" with ENOTDIR, as on Linux, instead of
     * naming "f". (The walk stays lexical otherwise: a ".." after a link to a directory removes the
     * link's name, where Linux goes to the target's parent: with a root holding lib -> usr/lib,
     * "/lib/../x" names "/x" here and "/usr/x" on Linux. A "." after a missing entry or a file is not
     * checked.)
     */
    String normalizeExisting(String base, String path) throws PathError {
        return normalize(base, path, prefix -> {
            if (!prefix.equals("/")) {
                Path host = resolveGuestPath(prefix).hostPath();
                if (!Files.isDirectory(host)) {
                    throw new PathError(Files.exists(host, LinkOption.NOFOLLOW_LINKS) ? Errno.ENOTDIR : Errno.ENOENT);
                }
            }
        });
    }

    private static String normalize(String base, String path, DotDotCheck check) throws PathError {
        String joined = path.startsWith("/") ? path : base + "/" + path;
        StringBuilder out = new StringBuilder(joined.length() + 1);
        int n = joined.length();
        int i = 0;
        while (i < n) {
            while (i < n && joined.charAt(i) == '/') {
                i++;
            }
            int start = i;
            while (i < n && joined.charAt(i) != '/') {
                i++;
            }
            int length = i - start;
            if (length == 0 || length == 1 && joined.charAt(start) == '.') {
                continue;
            }
            if (length == 2 && joined.charAt(start) == '.' && joined.charAt(start + 1) == '.') {
                check.before(out.isEmpty() ? "/" : out.toString());
                out.setLength(Math.max(out.lastIndexOf("/"), 0));
                continue;
            }
            out.append('/').append(joined, start, i);
        }
        return out.isEmpty() ? "/" : out.toString();
    }

    /** Fails as Linux does for a path argument that names nothing: empty (ENOENT) or too long (ENAMETOOLONG). */
    static void checkPathArgument(String path) throws PathError {
        if (path.isEmpty()) {
            throw new PathError(Errno.ENOENT);
        }
        if (path.length() >= PATH_MAX) {
            throw new PathError(Errno.ENAMETOOLONG);
        }
    }

    /**
     * Resolves {@code path} against guest directory {@code base} for an operation that follows a link
     * in the last component; see {@link #resolveGuestPath}.
     */
    Resolved resolve(String base, String path) throws PathError {
        checkPathArgument(path);
        return resolveGuestPath(normalizeExisting(base, path));
    }

    /**
     * Resolves a normalized guest path for an operation that follows a link in its last component
     * (open, stat, access, chdir): the real host location of what it names must lie inside the root
     * (checked for the path itself if it exists, else for where it would be created). A path seen
     * before costs no host call, one in a checked directory one lstat, anything else a realpath. (A
     * missing path costs a host exception here: creators use {@link #resolveEntry} and open without
     * following links.)
     */
    Resolved resolveGuestPath(String guest) throws PathError {
        Path host = hostPath(guest);
        Resolved seen = seenBefore(guest, host);
        if (seen != null) {
            return seen;
        }
        if (inVerifiedDirectory(host)) {
            // The parent is its own real path, so the path is confined unless its last component is a link.
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(host, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return new Resolved(guest, host, true);
            } catch (IOException e) {
                throw new PathError(Errno.of(e));
            }
            if (!attributes.isSymbolicLink()) {
                remember(host, attributes.isRegularFile());
                return new Resolved(guest, host, true, attributes.isRegularFile());
            }
        }
        return resolveByRealPath(guest, host);
    }

    /**
     * Resolves a normalized guest path for an operation on the last component itself, which follows
     * no link there (unlink, rename, mkdir, lstat, readlink, an open with O_NOFOLLOW or O_EXCL): only
     * the directory holding it must lie inside the root. Costs no host call when that directory was
     * seen before.
     */
    Resolved resolveEntry(String guest) throws PathError {
        Path host = hostPath(guest);
        Resolved seen = seenBefore(guest, host);
        if (seen != null) {
            return seen;
        }
        if (inVerifiedDirectory(host)) {
            return new Resolved(guest, host, true);
        }
        Resolved directory = resolveGuestPath(parentOf(guest));
        return new Resolved(guest, host, verified.containsKey(directory.hostPath()));
    }

    /** The resolution of a host path verified before (or the root itself), else null. */
    private Resolved seenBefore(String guest, Path host) {
        Boolean regularFile = verified.get(host);
        if (host == root || regularFile != null) {
            return new Resolved(guest, host, true, regularFile == Boolean.TRUE);
        }
        return null;
    }

    /** Whether the directory holding {@code host} is the root or was verified (is its own real path). */
    private boolean inVerifiedDirectory(Path host) {
        Path parent = host.getParent();
        return parent.equals(root) || verified.containsKey(parent);
    }

    private Path hostPath(String guest) {
        return guest.length() == 1 ? root : root.resolve(guest.substring(1));
    }

    /** The guest directory holding a normalized guest path other than "/". */
    private static String parentOf(String guest) {
        int slash = guest.lastIndexOf('/');
        return slash == 0 ? "/" : guest.substring(0, slash);
    }

    /**
     * The full check: the real path of what {@code host} names must lie inside the root. A link whose
     * target is missing is followed link by link to where a creation through it would land.
     */
    private Resolved resolveByRealPath(String guest, Path host) throws PathError {
        try {
            Path at = host;
            for (int links = 0; links <= MAX_LINKS; links++) {
                if (Files.exists(at)) {
                    Path real = at.toRealPath();
                    if (!real.startsWith(root)) {
                        throw new PathError(Errno.EACCES);
                    }
                    if (real.equals(host)) {
                        remember(host, false);
                        return new Resolved(guest, host, true);
                    }
                    return new Resolved(guest, host, false);
                }
                if (!Files.isSymbolicLink(at)) {
                    Path parent = at.getParent();
                    if (parent != null && Files.exists(parent) && !parent.toRealPath().startsWith(root)) {
                        throw new PathError(Errno.EACCES);
                    }
                    return new Resolved(guest, host, false);
                }
                at = at.getParent().resolve(Files.readSymbolicLink(at));
            }
            throw new PathError(Errno.ELOOP);
        } catch (IOException e) {
            throw new PathError(Errno.of(e));
        }
    }

    /**
     * The guest created a regular file (open with O_CREAT) or a directory (mkdir), not a link, at
     * {@code r}: its real path is itself.
     */
    void createdByGuest(Resolved r, boolean regularFile) {
        if (r.inCheckedDirectory()) {
            remember(r.hostPath(), regularFile);
        }
    }

    private void remember(Path path, boolean regularFile) {
        if (verified.size() >= MAX_VERIFIED) {
            verified.clear();
        }
        verified.put(path, regularFile);
    }

    /**
     * After a guest rename or removal of {@code paths}: what was verified at them may now name something
     * else, and when {@code directory} (anything that may have had paths below it: a directory, a link)
     * so may everything below them.
     */
    void namespaceChanged(boolean directory, Path... paths) {
        if (directory) {
            verified.clear();
            return;
        }
        for (Path p : paths) {
            verified.remove(p);
        }
    }

    /** The guest path of a host path inside the root, or null. */
    String guestPathOf(Path host) {
        try {
            Path real = host.toRealPath();
            if (!real.startsWith(root)) {
                return null;
            }
            return "/" + root.relativize(real).toString().replace('\\', '/');
        } catch (IOException e) {
            return null;
        }
    }
}
