package org.hsaj.cpu;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to run and with which environment. {@code argv} includes argv[0]. {@code root}: the host
 * directory guest file access is confined to (guest "/" maps to it; paths escaping it fail with
 * EACCES/ENOENT). {@code mode}: which tiers run the guest's code.
 */
public record GuestLaunch(Path program, List<String> argv, Map<String, String> env, Path root,
                          ExecutionMode mode, InputStream stdin, OutputStream stdout, OutputStream stderr) {
    public GuestLaunch {
        java.util.Objects.requireNonNull(mode, "mode");
    }
}
