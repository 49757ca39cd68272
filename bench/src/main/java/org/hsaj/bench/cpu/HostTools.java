package org.hsaj.bench.cpu;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the host tools the CPU benchmark and the differential tests compare against. */
public final class HostTools {
    public static final String QEMU_RISCV64 = "qemu-riscv64";
    public static final String HOST_GCC = "gcc";

    private HostTools() {}

    /** Whether an executable of that name is on the PATH. */
    public static boolean onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }
}
