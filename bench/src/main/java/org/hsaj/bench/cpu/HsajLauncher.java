package org.hsaj.bench.cpu;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.hsaj.cpu.ExecutionMode;
import org.hsaj.cpu.GuestFault;
import org.hsaj.cpu.GuestLaunch;
import org.hsaj.cpu.GuestRunner;

/**
 * Runs a RISC-V program in this JVM on hsaj's CPU agent, from a fresh {@link GuestRunner#run} each time:
 * the measured time includes loading, decoding and translation. The guest's file access is confined to
 * the invocation's working directory.
 */
public final class HsajLauncher implements GuestLauncher {
    private final ExecutionMode mode;

    private HsajLauncher(ExecutionMode mode) {
        this.mode = mode;
    }

    /** The interpreter tier alone. */
    public static HsajLauncher interpreter() {
        return new HsajLauncher(ExecutionMode.INTERPRETER);
    }

    /** The full tiered agent: interpreter for cold code, translation to JVM bytecode for warm code. */
    public static HsajLauncher translator() {
        return new HsajLauncher(ExecutionMode.TIERED);
    }

    /** Every block translated before its first run (no hot regions): the translator on all the guest's code. */
    public static HsajLauncher everyBlockTranslated() {
        return new HsajLauncher(ExecutionMode.TRANSLATE_ALL);
    }

    @Override
    public String label() {
        return switch (mode) {
            case INTERPRETER -> "hsaj-interp";
            case TIERED -> "hsaj-dbt";
            case TRANSLATE_ALL -> "hsaj-dbt-all";
        };
    }

    @Override
    public String toString() {
        return label();
    }

    /** @throws GuestFault when the agent stops the guest (bad ELF, bad access, unsupported system call) */
    @Override
    public GuestOutcome launch(GuestInvocation invocation) throws GuestFault {
        List<String> argv = new ArrayList<>();
        argv.add(invocation.program().toString());
        argv.addAll(invocation.args());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        GuestLaunch launch = new GuestLaunch(invocation.program(), argv, invocation.env(), invocation.workDir(),
                mode, new ByteArrayInputStream(invocation.stdin()), out, err);
        long start = System.nanoTime();
        int status = GuestRunner.run(launch);
        long nanos = System.nanoTime() - start;
        return new GuestOutcome(status, out.toByteArray(), err.toByteArray(), nanos);
    }
}
