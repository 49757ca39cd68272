package org.hsaj.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hsaj.cpu.elf.ElfFile;
import org.hsaj.cpu.elf.ElfFormatException;
import org.hsaj.cpu.elf.ElfLoader;
import org.hsaj.cpu.elf.LoadedImage;
import org.hsaj.cpu.exec.CodeCache;
import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.cpu.exec.Hart;
import org.hsaj.cpu.exec.ThreadExit;
import org.hsaj.cpu.linux.InitialStack;
import org.hsaj.cpu.linux.LinuxProcess;
import org.hsaj.cpu.translate.Translator;
import org.hsaj.runtime.memory.MemoryLease;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Runs a static RV64GC Linux executable to its end. Each guest thread runs on its own host thread
 * (the caller's thread only waits). The result is the guest's exit status; a guest error
 * (segmentation fault, illegal instruction, unsupported system call, broken ELF) is a
 * {@link GuestFault} whose message says what, where and why. Interrupting the caller ends the run at
 * once with a GuestFault (status 130); guest threads stop at their next check, but a process with one
 * thread has none in its translated loops (see cpu-agent/README.md, Known limits).
 */
public final class GuestRunner {
    /** Size of the main thread's stack (RLIMIT_STACK). */
    static final long STACK_SIZE = 8L << 20;
    /** Host stack for guest threads (chained translations nest up to a bound). */
    static final long HOST_STACK_SIZE = 16L << 20;
    /**
     * How long a finished run waits for its guest threads to end, each releasing its lease on the memory
     * as it does: a caller that closes the memory and reserves a new one at once would otherwise find the
     * preferred low address still taken (see SharedVirtualMemory.PREFERRED_BASE) and run the next guest
     * with its memory wherever the host put it. Past it, a thread still blocked in a host call keeps the
     * memory mapped alone.
     */
    static final Duration WIND_DOWN = Duration.ofSeconds(1);
    /** Exit status for an executable that cannot be loaded (as shells report "cannot execute"). */
    public static final int CANNOT_EXECUTE_STATUS = 126;

    private GuestRunner() {
    }

    /** Loads the ELF into a fresh SharedVirtualMemory, runs it to exit (all guest threads) and returns the guest's exit status (0..255). */
    public static int run(GuestLaunch launch) throws GuestFault {
        try (SharedVirtualMemory memory = SharedVirtualMemory.reserve(SharedVirtualMemory.DEFAULT_SIZE)) {
            return run(launch, memory);
        }
    }

    /** Same, in a SharedVirtualMemory the caller owns (the platform shares it with the GPU agent). */
    public static int run(GuestLaunch launch, SharedVirtualMemory memory) throws GuestFault {
        return run(launch, memory, HypercallHandler.NONE);
    }

    /** Same, with HSA hypercalls (ecall with a7 in 0x48534100..0x485341FF) served by {@code hypercalls}. */
    public static int run(GuestLaunch launch, SharedVirtualMemory memory, HypercallHandler hypercalls) throws GuestFault {
        String name = launch.program().toString();
        byte[] image;
        try {
            image = Files.readAllBytes(launch.program());
        } catch (IOException e) {
            throw new GuestFault(name + ": cannot read the program: " + e, CANNOT_EXECUTE_STATUS, e);
        }
        LoadedImage loaded;
        try {
            loaded = ElfLoader.load(ElfFile.parse(image, name), memory, name);
        } catch (ElfFormatException e) {
            throw new GuestFault(e.getMessage(), CANNOT_EXECUTE_STATUS, e);
        }
        GuestMemory guestMemory = new GuestMemory(memory);
        // The image was mapped before this view of the memory existed: its permission mirror now, so that
        // access windows, which never allow more than the mirror, cover its data from the start.
        guestMemory.refresh(loaded.imageStart(), loaded.imageEnd() - loaded.imageStart());
        LinuxProcess process;
        try {
            process = new LinuxProcess(guestMemory, launch.root(), loaded.imageEnd(), guestPath(launch),
                    launch.stdin(), launch.stdout(), launch.stderr(), hypercalls);
        } catch (IOException e) {
            throw new GuestFault("cannot use " + launch.root() + " as the guest root: " + e, CANNOT_EXECUTE_STATUS, e);
        }
        long stackTop = process.mapStack(STACK_SIZE, loaded.executableStack());
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : launch.env().entrySet()) {
            env.add(e.getKey() + "=" + e.getValue());
        }
        Hart main = process.newHart();
        main.pc = loaded.entry();
        main.x[2] = InitialStack.build(memory, stackTop, loaded, launch.argv(), env, guestPath(launch));
        CodeCache cache = new CodeCache(guestMemory);
        Translator translator = launch.mode() == ExecutionMode.INTERPRETER ? null : new Translator(guestMemory, cache, Translator.backgroundPays());
        ExecutionLoop loop = new ExecutionLoop(cache, translator, launch.mode() == ExecutionMode.TRANSLATE_ALL);
        process.setThreadStarter(hart -> {
            if (translator != null) {
                translator.enableStopChecks();
            }
            start(memory, process, loop, hart);
        });
        if (translator != null) {
            process.setFaultHandlerListener(translator::enablePreciseFaults);
        }
        start(memory, process, loop, main);
        try {
            return process.awaitExit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.exitGroup(130);
            throw new GuestFault("interrupted while the guest ran", 130, e);
        } finally {
            process.awaitHostThreads(WIND_DOWN);
            process.closeFiles();
            if (translator != null) {
                translator.shutdown();
                if (Boolean.getBoolean("hsaj.stats")) {
                    System.err.printf("hsaj: %d block translations, %d hot regions (%d regrown), %d failures%s%n",
                            translator.blockTranslations(), translator.hotTranslations(), translator.regrowths(),
                            translator.failures(),
                            translator.lastFailure() == null ? "" : " (last: " + translator.lastFailure() + ")");
                    System.err.printf("hsaj: %d dispatches to translated code, %d interpreted blocks%n",
                            ExecutionLoop.TRANSLATED_DISPATCHES.sum(), ExecutionLoop.INTERPRETED_BLOCKS.sum());
                    ExecutionLoop.HOT_EXITS.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                            .limit(12).forEach(e -> System.err.printf("  dispatch to 0x%x: %d%n", e.getKey(), e.getValue()[0]));
                }
            }
        }
    }

    private static String guestPath(GuestLaunch launch) {
        Path program = launch.program().toAbsolutePath().normalize();
        Path root = launch.root().toAbsolutePath().normalize();
        return program.startsWith(root) ? "/" + root.relativize(program) : program.toString();
    }

    /**
     * Starts the host thread of a guest thread. It holds a lease on the memory from before it starts
     * until it has ended, as translated code reaches the memory by host address: a guest thread still
     * winding down after its process exited (or one blocked in a host call) keeps the memory mapped
     * even when the caller closes it on return. The thread stays attached to the process until its
     * lease is closed, so that waiting for the attached threads waits for the leases.
     */
    private static void start(SharedVirtualMemory memory, LinuxProcess process, ExecutionLoop loop, Hart hart) {
        MemoryLease lease = memory.lease();
        Thread thread = new Thread(null, () -> {
            try (lease) {
                runHart(process, loop, hart);
            } finally {
                process.detach(Thread.currentThread());
            }
        }, "guest-" + hart.tid, HOST_STACK_SIZE);
        thread.setDaemon(true);
        process.attach(thread);
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            process.detach(thread);
            lease.close();
            throw e;
        }
    }

    private static void runHart(LinuxProcess process, ExecutionLoop loop, Hart hart) {
        try {
            loop.run(hart);
            process.threadExited(hart, 0);
        } catch (ThreadExit exit) {
            if (exit.wholeProcess()) {
                process.exitGroup(exit.status());
            } else {
                process.threadExited(hart, exit.status());
            }
        } catch (GuestFault fault) {
            process.fault(fault);
        } catch (StackOverflowError e) {
            process.fault(new GuestFault(String.format("guest calls nest too deeply for the host stack (near pc 0x%x)",
                    hart.pc), GuestFault.SIGSEGV_STATUS, e));
        } catch (RuntimeException | Error e) {
            process.fault(new GuestFault(String.format("internal emulator error near pc 0x%x: %s", hart.pc, e),
                    GuestFault.UNSUPPORTED_STATUS, e));
        }
    }
}
