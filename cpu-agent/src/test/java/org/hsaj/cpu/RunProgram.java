package org.hsaj.cpu;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Manual runner for guest programs: {@code RunProgram [-i] program args...} (root = the working directory). */
public final class RunProgram {
    public static void main(String[] args) {
        boolean interpret = args[0].equals("-i");
        List<String> rest = Arrays.asList(args).subList(interpret ? 1 : 0, args.length);
        Path program = Path.of(rest.get(0));
        long start = System.nanoTime();
        int status;
        try {
            status = GuestRunner.run(new GuestLaunch(program, rest, System.getenv(), Path.of("."),
                    interpret ? ExecutionMode.INTERPRETER : ExecutionMode.TIERED, System.in, System.out, System.err));
        } catch (GuestFault f) {
            System.err.println("hsaj: " + f.getMessage());
            status = f.exitStatus();
        }
        System.err.printf("[exit %d, %.3f s]%n", status, (System.nanoTime() - start) / 1e9);
        System.exit(status);
    }
}
