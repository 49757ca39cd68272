package org.hsaj.cpu.linux;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Path confinement, and that remembering verified paths never lets a path escape the root. */
class ConfinedFileSystemTest {
    @TempDir
    Path root;

    @Test
    void resolvesInsideTheRootAndRefusesLinksLeadingOut() throws Exception {
        Files.createDirectory(root.resolve("d"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc"));
        ConfinedFileSystem fs = new ConfinedFileSystem(root);
        Path real = root.toRealPath();
        assertEquals(real.resolve("d/f"), fs.resolve("/", "d/f").hostPath());
        assertEquals("/d/f", fs.resolve("/d", "../d/./f").guestPath());
        for (int i = 0; i < 2; i++) {
            ConfinedFileSystem.PathError e = assertThrows(ConfinedFileSystem.PathError.class,
                    () -> fs.resolve("/", "escape/hostname"));
            assertEquals(Errno.EACCES, e.errno, "refused every time, not only before it was seen once");
        }
        assertEquals(Errno.ENOENT, assertThrows(ConfinedFileSystem.PathError.class, () -> fs.resolve("/", "")).errno);
    }

    @Test
    void aRemovedFileIsForgottenAlone() throws Exception {
        Files.createDirectory(root.resolve("d"));
        Files.writeString(root.resolve("d/f"), "x");
        ConfinedFileSystem fs = new ConfinedFileSystem(root);
        Path f = fs.resolve("/", "d/f").hostPath();
        Files.delete(f);
        fs.namespaceChanged(false, f);
        assertEquals(f, fs.resolve("/", "d/f").hostPath(), "a missing file still resolves (for creation)");
        Files.createSymbolicLink(root.resolve("d/f"), Path.of("/etc/hostname"));
        assertEquals(Errno.EACCES, assertThrows(ConfinedFileSystem.PathError.class,
                () -> fs.resolve("/", "d/f")).errno, "a link put where a verified file was is checked");
    }

    @Test
    void aRenameOverAVerifiedDirectoryIsCheckedAgain() throws Exception {
        Files.createDirectory(root.resolve("d"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc"));
        ConfinedFileSystem fs = new ConfinedFileSystem(root);
        fs.resolve("/", "d/hostname");
        fs.resolve("/", "d");
        // What a guest's rmdir("d") and rename("escape", "d") do on the host.
        Path d = root.toRealPath().resolve("d");
        Files.delete(d);
        fs.namespaceChanged(true, d);
        Files.move(root.resolve("escape"), d);
        fs.namespaceChanged(true, root.toRealPath().resolve("escape"), d);
        assertEquals(Errno.EACCES, assertThrows(ConfinedFileSystem.PathError.class,
                () -> fs.resolve("/", "d/hostname")).errno);
    }

    @Test
    void normalizesLexically() {
        assertEquals("/", ConfinedFileSystem.normalize("/", ""));
        assertEquals("/", ConfinedFileSystem.normalize("/a", ".."));
        assertEquals("/", ConfinedFileSystem.normalize("/", "../../.."));
        assertEquals("/b", ConfinedFileSystem.normalize("/a", "../b/."));
        assertEquals("/a/b/c", ConfinedFileSystem.normalize("/x", "//a///b/./c/"));
        assertEquals("/x/...", ConfinedFileSystem.normalize("/x", "..."), "'...' is a name");
        assertEquals("/x/.hidden", ConfinedFileSystem.normalize("/x", ".hidden"));
    }

    @Test
    void anEntryIsConfinedByTheDirectoryHoldingIt() throws Exception {
        Files.createDirectory(root.resolve("d"));
        Files.createSymbolicLink(root.resolve("escape"), Path.of("/etc"));
        ConfinedFileSystem fs = new ConfinedFileSystem(root);
        Path real = root.toRealPath();
        // unlink("escape") removes the link itself: allowed, it names nothing outside.
        assertEquals(real.resolve("escape"), fs.resolveEntry("/escape").hostPath());
        assertEquals(Errno.EACCES, assertThrows(ConfinedFileSystem.PathError.class,
                () -> fs.resolveEntry("/escape/hostname")).errno, "the directory holding it leads out");
        assertEquals(Errno.EACCES, assertThrows(ConfinedFileSystem.PathError.class,
                () -> fs.resolveGuestPath("/escape")).errno, "following the link leads out");
        ConfinedFileSystem.Resolved created = fs.resolveEntry("/d/new");
        assertTrue(created.inCheckedDirectory());
        Files.createFile(created.hostPath());
        fs.createdByGuest(created, true);
        assertEquals(created.hostPath(), fs.resolveGuestPath("/d/new").hostPath());
        assertTrue(fs.resolveGuestPath("/d/new").knownRegularFile());
        assertFalse(fs.resolveGuestPath("/d").knownRegularFile(), "a directory");
    }

    @Test
    void pathArgumentsThatNameNothingAreRefused() {
        assertEquals(Errno.ENOENT, assertThrows(ConfinedFileSystem.PathError.class,
                () -> ConfinedFileSystem.checkPathArgument("")).errno);
        assertEquals(Errno.ENAMETOOLONG, assertThrows(ConfinedFileSystem.PathError.class,
                () -> ConfinedFileSystem.checkPathArgument("a".repeat(ConfinedFileSystem.PATH_MAX))).errno);
        assertDoesNotThrow(() -> ConfinedFileSystem.checkPathArgument("a".repeat(ConfinedFileSystem.PATH_MAX - 1)));
    }
}
