package org.hsaj.cpu.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps guest paths onto a host directory that plays the guest's "/": guest paths are normalized
 * lexically (".." never climbs above "/"), and a host path whose real location (after following
 * symbolic links) lies outside the root is refused with EACCES. Keeps the current directory.
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

    /** A resolved path: the normalized guest path and the host path it maps to. */
    record Resolved(String guestPath, Path hostPath) {
    }

    private final Path root;
    private volatile String cwd = "/";

    /**
     * Host paths inside the root with no symbolic link on the way (their real path is themselves), so
     * resolving them again needs no realpath (one readlink per path component). The guest cannot create
     * symbolic links, so only renaming or removing can make an entry stale: those call
     * {@link #namespaceChanged}.
     */
    private final Set<Path> verified = ConcurrentHashMap.newKeySet();
    /** Bounds {@link #verified}; past it the set starts over. */
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

    /** Lexically normalized absolute guest path of {@code path} relative to {@code base} (a guest directory). */
    static String normalize(String base, String path) {
        String joined = path.startsWith("/") ? path : base + "/" + path;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /**
     * Resolves {@code path} against guest directory {@code base}. The result's real host location must
     * lie inside the root (checked for the path itself if it exists, else for its parent).
     */
    Resolved resolve(String base, String path) throws PathError {
        if (path.isEmpty()) {
            throw new PathError(Errno.ENOENT);
        }
        if (path.length() > 4095) {
            throw new PathError(Errno.ENAMETOOLONG);
        }
        String guest = normalize(base, path);
        Path host = guest.equals("/") ? root : root.resolve(guest.substring(1));
        if (verified.contains(host)) {
            return new Resolved(guest, host);
        }
        Path probe = Files.exists(host, LinkOption.NOFOLLOW_LINKS) ? host : host.getParent();
        if (probe != null && !verified.contains(probe) && Files.exists(probe)) {
            try {
                Path real = probe.toRealPath();
                if (!real.startsWith(root)) {
                    throw new PathError(Errno.EACCES);
                }
                if (real.equals(probe)) {
                    remember(probe);
                }
            } catch (IOException e) {
                throw new PathError(Errno.of(e));
            }
        }
        return new Resolved(guest, host);
    }

    private void remember(Path path) {
        if (verified.size() >= MAX_VERIFIED) {
            verified.clear();
        }
        verified.add(path);
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
