package org.hsaj.platform.cli;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.hsaj.platform.Platform;
import org.hsaj.platform.bench.Benchmark;
import org.hsaj.platform.selfcheck.SelfCheck;
import org.hsaj.runtime.api.HsaRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code hsaj} command line. */
@Command(name = "hsaj", mixinStandardHelpOptions = true, version = "hsaj 0.1.0",
        description = "An HSA platform emulator: a RISC-V CPU agent, an HSAIL GPU agent, one shared virtual memory.",
        subcommands = {HsajCommand.Samples.class, HsajCommand.Run.class, HsajCommand.Finalize.class,
                HsajCommand.Bench.class, CommandLine.HelpCommand.class})
public final class HsajCommand implements Callable<Integer> {
    /** Exit status for a request this build cannot serve (a missing feature, an unknown name). */
    static final int UNAVAILABLE = 2;

    public static void main(String[] args) {
        System.exit(new CommandLine(new HsajCommand()).execute(args));
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "samples", description = "Run the HSA sample applications (all, or the ones named).")
    static final class Samples implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "NAME", description = "samples to run (default: all)")
        List<String> names = List.of();

        @Override
        public Integer call() {
            if (!names.isEmpty()) {
                System.err.println("hsaj: no sample named " + String.join(", ", names)
                        + ": this build has no sample applications yet (they come with the HSAIL finalizer).");
                return UNAVAILABLE;
            }
            System.out.println("This build has no sample applications yet (they come with the HSAIL finalizer);");
            System.out.println("running the runtime self-check instead.");
            System.out.println();
            try (HsaRuntime runtime = Platform.createDefault()) {
                return SelfCheck.run(runtime, System.out) ? 0 : 1;
            }
        }
    }

    @Command(name = "run", description = "Run a RISC-V Linux program (static ELF) on the CPU agent.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--interp", description = "interpret only (no binary translation)")
        boolean interpretOnly;

        @Option(names = "--root", paramLabel = "DIR", description = "directory the program's file access is confined to (default: .)")
        java.nio.file.Path root = java.nio.file.Path.of(".");

        @Parameters(index = "0", paramLabel = "PROGRAM")
        java.nio.file.Path program;

        @Parameters(index = "1..*", paramLabel = "ARGS")
        List<String> args = List.of();

        @Override
        public Integer call() {
            if (!java.nio.file.Files.isRegularFile(program)) {
                System.err.println("hsaj run: " + program + ": no such file");
                return 127;
            }
            List<String> argv = new java.util.ArrayList<>();
            argv.add(program.toString());
            argv.addAll(args);
            org.hsaj.cpu.GuestLaunch launch = new org.hsaj.cpu.GuestLaunch(program, argv, System.getenv(),
                    root.toAbsolutePath().normalize(), interpretOnly, System.in, System.out, System.err);
            try {
                return org.hsaj.cpu.GuestRunner.run(launch);
            } catch (org.hsaj.cpu.GuestFault fault) {
                System.out.flush();
                System.err.println("hsaj run: " + fault.getMessage());
                return fault.exitStatus();
            }
        }
    }

    @Command(name = "finalize", description = "Check an HSAIL file and print its diagnostics.")
    static final class Finalize implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.hsail")
        java.nio.file.Path file;

        @Override
        public Integer call() {
            System.err.println("hsaj finalize: the HSAIL finalizer is not available in this build yet.");
            return UNAVAILABLE;
        }
    }

    @Command(name = "bench", description = "Run a side-by-side benchmark: hsaj beside a peer, printed as ratios.")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--quick", description = "a run of under a minute")
        boolean quick;

        @Option(names = "--list", description = "list the benchmarks")
        boolean list;

        @Parameters(arity = "0..1", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            List<Benchmark> all = ServiceLoader.load(Benchmark.class).stream().map(ServiceLoader.Provider::get).toList();
            if (list || name == null) {
                all.forEach(b -> System.out.printf("%-10s %s%n", b.name(), b.description()));
                return name == null && !list ? UNAVAILABLE : 0;
            }
            for (Benchmark b : all) {
                if (b.name().equals(name)) {
                    return b.run(quick, System.out);
                }
            }
            System.err.println("hsaj bench: no benchmark named '" + name + "' (have: "
                    + String.join(", ", all.stream().map(Benchmark::name).toList()) + ")");
            return UNAVAILABLE;
        }
    }
}
