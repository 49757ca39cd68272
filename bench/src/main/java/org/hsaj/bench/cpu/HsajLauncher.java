package org.hsaj.bench.cpu;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.hsaj.cpu.GuestFault;
import org.hsaj.cpu.GuestLaunch;
import org.hsaj.cpu.GuestRunner;

/**
 * Runs a RISC-V program in this JVM on hsaj's CPU agent, from a fresh {@link GuestRunner#run} each time:
 * the measured time includes loading, decoding and translation. The guest's file access is confined to
 * the invocation's working directory.
 */
public final class HsajLauncher implements GuestLauncher {
    private final boolean interpretOnly;

    private HsajLauncher(boolean interpretOnly) {
        this.interpretOnly = interpretOnly;
    }

    /** The interpreter tier alone. */
    public static HsajLauncher interpreter() {
        return new HsajLauncher(true);
    }

    /** The full tiered agent: interpreter for cold code, translation to JVM bytecode for warm code. */
    public static HsajLauncher translator() {
        return new HsajLauncher(false);
    }

    @Override
    public String label() {
        return interpretOnly ? "hsaj-interp" : "hsaj-dbt";
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
                interpretOnly, new ByteArrayInputStream(invocation.stdin()), out, err);
        long start = System.nanoTime();
        int status = GuestRunner.run(launch);
        long nanos = System.nanoTime() - start;
        return new GuestOutcome(status, out.toByteArray(), err.toByteArray(), nanos);
    }
}
