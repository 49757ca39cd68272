package org.hsaj.platform.cli;

import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.hsaj.cpu.ExecutionMode;
import org.hsaj.cpu.GuestFault;
import org.hsaj.cpu.GuestLaunch;
import org.hsaj.cpu.GuestRunner;
import org.hsaj.gpu.code.Backends;
import org.hsaj.gpu.code.CodeObject;
import org.hsaj.hsail.analysis.Diagnostic;
import org.hsaj.hsail.analysis.HsailException;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.text.HsailParser;
import org.hsaj.platform.Platform;
import org.hsaj.platform.bench.Benchmark;
import org.hsaj.platform.samples.SampleRunner;
import org.hsaj.platform.selfcheck.SelfCheck;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.memory.SharedVirtualMemory;
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

    @Command(name = "samples", description = "Run the HSA sample applications (all, or the ones named) on the GPU agent "
            + "and check each result against a plain Java computation.")
    static final class Samples implements Callable<Integer> {
        @Parameters(arity = "0..*", paramLabel = "NAME", description = "samples to run (default: all)")
        List<String> names = List.of();

        @Option(names = "--backend", paramLabel = "NAME", description = "run on this back end only (jvm, interp); "
                + "default: every back end")
        String backend;

        @Option(names = "--list", description = "list the samples")
        boolean list;

        @Option(names = "--self-check", description = "run the runtime self-check (memory, atomics, signals, queues, "
                + "packets) instead")
        boolean selfCheck;

        @Override
        public Integer call() {
            if (selfCheck) {
                try (HsaRuntime runtime = Platform.createDefault()) {
                    return SelfCheck.run(runtime, System.out) ? 0 : 1;
                }
            }
            if (list) {
                org.hsaj.kernels.Samples.all().forEach(s -> System.out.printf("%-14s %s%n", s.name(), s.description()));
                return 0;
            }
            List<org.hsaj.kernels.Sample> samples;
            List<String> backends;
            try {
                samples = SampleRunner.select(names);
                backends = SampleRunner.backends(backend);
            } catch (IllegalArgumentException | HsaException e) {
                System.err.println("hsaj samples: " + e.getMessage());
                return UNAVAILABLE;
            }
            try (HsaRuntime runtime = Platform.createDefault()) {
                return SampleRunner.exitStatus(SampleRunner.run(runtime, samples, backends, System.out));
            }
        }
    }

    @Command(name = "run", description = "Run a RISC-V Linux program (static ELF) on the CPU agent.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--interp", description = "interpret only (no binary translation)")
        boolean interpretOnly;

        @Option(names = "--translate-all", description = "translate every block before its first run, with no "
                + "hot regions (slower; runs all of the program's code translated, for checking the translator)")
        boolean translateAll;

        @Option(names = "--root", paramLabel = "DIR", description = "directory the program's file access is confined to (default: .)")
        java.nio.file.Path root = java.nio.file.Path.of(".");

        @Parameters(index = "0", paramLabel = "PROGRAM")
        java.nio.file.Path program;

        @Parameters(index = "1..*", paramLabel = "ARGS")
        List<String> args = List.of();

        @Override
        public Integer call() {
            if (interpretOnly && translateAll) {
                System.err.println("hsaj run: --interp and --translate-all exclude each other");
                return 2;
            }
            if (!java.nio.file.Files.isRegularFile(program)) {
                System.err.println("hsaj run: " + program + ": no such file");
                return 127;
            }
            ExecutionMode mode = interpretOnly ? ExecutionMode.INTERPRETER
                    : translateAll ? ExecutionMode.TRANSLATE_ALL : ExecutionMode.TIERED;
            List<String> argv = new java.util.ArrayList<>();
            argv.add(program.toString());
            argv.addAll(args);
            GuestLaunch launch = new GuestLaunch(program, argv, System.getenv(),
                    root.toAbsolutePath().normalize(), mode, System.in, System.out, System.err);
            try {
                return GuestRunner.run(launch);
            } catch (GuestFault fault) {
                System.out.flush();
                System.err.println("hsaj run: " + fault.getMessage());
                return fault.exitStatus();
            }
        }
    }

    @Command(name = "finalize", description = "Check an HSAIL file: print its diagnostics (file:line:column) and a "
            + "summary of its kernels; exit status 0 when it is valid.")
    static final class Finalize implements Callable<Integer> {
        @Parameters(paramLabel = "FILE.hsail")
        java.nio.file.Path file;

        @Option(names = "--backend", paramLabel = "NAME", description = "also finalize every kernel with this back "
                + "end (jvm, interp)")
        String backend;

        @Override
        public Integer call() {
            String text;
            try {
                text = java.nio.file.Files.readString(file);
            } catch (java.io.IOException e) {
                System.out.println(file + ": cannot read the file: " + (e instanceof java.nio.file.NoSuchFileException
                        ? "no such file" : e.getMessage()));
                return 1;
            }
            List<Diagnostic> diagnostics = HsailParser.check(file.toString(), text);
            diagnostics.forEach(System.out::println);
            long errors = diagnostics.stream().filter(Diagnostic::isError).count();
            if (errors > 0) {
                System.out.println(file + ": " + errors + (errors == 1 ? " error" : " errors"));
                return 1;
            }
            Module module = HsailParser.parse(file.toString(), text);
            List<Kernel> kernels = module.kernels().stream().filter(Kernel::isDefinition).toList();
            System.out.println(file + ": module " + module.name() + ", " + kernels.size()
                    + (kernels.size() == 1 ? " kernel" : " kernels") + ", valid");
            if (!kernels.isEmpty()) {
                String row = "%-24s %8s %6s %6s %8s  %s%n";
                System.out.printf(row, "KERNEL", "KERNARG", "ALIGN", "GROUP", "PRIVATE", "PARAMETERS (offset)");
                for (Kernel k : kernels) {
                    System.out.printf(row, k.name(), k.kernargSegmentSize(), k.kernargSegmentAlignment(),
                            k.groupSegmentSize(), k.privateSegmentSize(), String.join(", ", k.parameters().stream()
                                    .map(p -> p.type().hsailName() + " " + p.name() + " @" + p.offset()).toList()));
                }
            }
            if (backend != null) {
                // A scratch memory for the module's variables, as a loader would place them.
                try (SharedVirtualMemory memory = SharedVirtualMemory.reserve(1L << 30)) {
                    CodeObject.finalize(module, List.of(Backends.standard().compiler(backend)), memory);
                } catch (HsailException e) {
                    e.diagnostics().forEach(System.out::println);
                    return 1;
                } catch (HsaException e) {
                    System.out.println(file + ": " + e.getMessage());
                    return 1;
                }
                System.out.println("finalized with the " + backend + " back end");
            }
            return 0;
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
