package org.hsaj.bench.cpu;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run of a program: what to run, its arguments (without argv[0]), its whole environment, the bytes on
 * its standard input, and its working directory (for hsaj also the directory its file access is confined
 * to). The same invocation given to every launcher makes their outputs comparable byte for byte.
 */
public record GuestInvocation(Path program, List<String> args, Map<String, String> env, byte[] stdin, Path workDir) {
    public GuestInvocation {
        args = List.copyOf(args);
        env = Map.copyOf(env);
        stdin = stdin.clone();
    }

    @Override
    public byte[] stdin() {
        return stdin.clone();
    }
}
