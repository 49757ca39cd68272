package org.hsaj.cpu.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** An open host directory: getdents64 lists ".", ".." and its entries in linux_dirent64 records. */
final class HostDirectory extends OpenDirectory {
    private List<String> names;
    private int next;

    HostDirectory(Path path, String guestPath) {
        super(path, guestPath);
    }

    @Override
    synchronized long seek(long offset, int whence) {
        if (whence == 0 && offset >= 0) {
            next = (int) Math.min(offset, Integer.MAX_VALUE);
            return next;
        }
        return -Errno.EINVAL;
    }

    @Override
    synchronized int readDirectory(ByteBuffer into) {
        if (names == null) {
            names = new ArrayList<>(List.of(".", ".."));
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                for (Path entry : entries) {
                    names.add(entry.getFileName().toString());
                }
            } catch (IOException e) {
                return -Errno.of(e);
            }
        }
        ByteBuffer out = into.slice().order(ByteOrder.LITTLE_ENDIAN);
        while (next < names.size()) {
            String name = names.get(next);
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            int length = (19 + bytes.length + 1 + 7) & ~7;
            if (out.remaining() < length) {
                if (out.position() == 0) {
                    return -Errno.EINVAL;
                }
                break;
            }
            long inode = 0;
            int type = 0;
            try {
                FileStatus status = FileStatus.of(path.resolve(name), false);
                inode = status.inode();
                type = switch (status.mode() & FileStatus.S_IFMT) {
                    case FileStatus.S_IFDIR -> 4;
                    case FileStatus.S_IFREG -> 8;
                    case FileStatus.S_IFLNK -> 10;
                    case FileStatus.S_IFCHR -> 2;
                    case FileStatus.S_IFIFO -> 1;
                    default -> 0;
                };
            } catch (IOException e) {
                // Vanished meanwhile: list it with unknown type.
            }
            int start = out.position();
            out.putLong(inode).putLong(next + 1).putShort((short) length).put((byte) type).put(bytes);
            while (out.position() < start + length) {
                out.put((byte) 0);
            }
            next++;
        }
        into.position(into.position() + out.position());
        return out.position();
    }
}
