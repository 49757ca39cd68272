package org.hsaj.cpu.translate;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hsaj.cpu.exec.CodeCache;
import org.hsaj.cpu.exec.DecodedBlock;
import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.runtime.memory.PageTable;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * The dynamic binary translator of one process: turns decoded blocks into {@link TranslatedRegion}s
 * (hidden classes) and keeps them consistent with guest memory.
 *
 * <p>Tiers: the dispatcher interprets a block until it has run {@link #HOT_THRESHOLD} times, then asks
 * for a hot region grown from it, compiled on a background thread and installed when ready (the block
 * keeps being interpreted meanwhile), or on the guest's thread where no core is spare
 * ({@link #backgroundPays}). Compiling blocks alone on the way ({@link #translateBlock}, the
 * block tier) costs more than it saves: each block class runs in the JVM's bytecode interpreter and
 * then C1 code until the JIT has seen it enough, slower than the compiled guest interpreter, and
 * generating and defining it costs about a millisecond; so the dispatcher no longer does it, and
 * {@link #translateBlock} serves tests that check the code of single blocks. Installing a translation
 * points its blocks' {@code translation} at it and links the chaining exits of other translations that
 * lead to it. A store to a code page drops every translation holding a block of that page and unlinks it;
 * the start of the process's second thread drops them all ({@link #enableStopChecks}).
 *
 * <p>{@code -Dhsaj.dump=DIR} writes every generated class to DIR; {@code -Dhsaj.verify=true} checks
 * each with ASM's CheckClassAdapter before defining it.
 *
 * <p>Threading: thread-safe; installation and invalidation are serialized by this object's lock.
 */
public final class Translator {
    /**
     * Interpreted executions of a block after which a hot region is grown from it. Measured against
     * 3,000 over the CPU benchmark's twelve kernels (five rounds, two same-minute A/Bs): 0.957 and 0.984
     * of the time (hashtable 0.86-0.91, bytecode 0.92; files 1.08); 1,500 was 0.967 in the same run.
     * The transitions between regions stayed as many (hashtable: 6.6 million dispatches per run either
     * way) while its interpreted blocks doubled (0.44 to 0.84 million); where the gain comes from is
     * not measured. One full {@code ./hsaj bench cpu} afterwards (1.06 against 1.03-1.11 before) is too
     * noisy to confirm or refute a gain of this size.
     */
    public static final int HOT_THRESHOLD = 6000;
    /**
     * Kept moderate because the JIT's time per region grows faster than its size, and each region is
     * compiled several times (on-stack replacement per loop, again after a path first taken late).
     */
    static final int MAX_REGION_INSTRUCTIONS = 80;
    /**
     * HotSpot compiles methods up to 8,000 bytes of bytecode, but its inlining budget (also 8,000 bytes
     * including inlined callees) and C1's register allocator want much less: stay well below.
     */
    static final int MAX_CODE_SIZE = 4000;
    private static final MethodType CONSTRUCTOR = MethodType.methodType(void.class, GuestMemory.class,
            DecodedBlock[].class, DecodedBlock[].class, long[].class, boolean.class);
    private static final AtomicLong SERIAL = new AtomicLong();

    private record Link(TranslatedRegion from, int index) {
    }

    private final GuestMemory memory;
    private final CodeCache cache;
    private final Path dumpDirectory;
    private final boolean verify;
    private final boolean background;
    private final Map<Long, List<Link>> inbound = new HashMap<>();
    private final Map<Long, List<TranslatedRegion>> byPage = new HashMap<>();
    private final ExecutorService hotCompiler;
    private final AtomicInteger blockTranslations = new AtomicInteger();
    private final AtomicInteger hotTranslations = new AtomicInteger();
    private final AtomicInteger regrowths = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile Throwable lastFailure;
    /** Whether regions look at the stop request at backward edges: from the process's second thread on. */
    private volatile boolean stopChecks;
    /** Whether a fault in a region saves its registers: from the guest's first handler for a fault signal on. */
    private volatile boolean preciseFaults;

    /**
     * Whether compiling hot regions on a background thread pays on this host: only with a core to spare.
     * With two, the guest thread keeps one and the JVM's own compiler threads the other, and the
     * translator's thread queued behind them while the blocks it was compiling went on being interpreted
     * (the CPU benchmark's hashtable: blocks interpreted 60,000 to 100,000 times past the hot threshold);
     * compiling on the guest thread there took 0.97 of the time over the twelve kernels (files 0.90,
     * hashtable 0.93). {@code -Dhsaj.translator.background=true|false} decides instead.
     */
    public static boolean backgroundPays() {
        String forced = System.getProperty("hsaj.translator.background");
        return forced != null ? Boolean.parseBoolean(forced) : Runtime.getRuntime().availableProcessors() > 2;
    }

    /**
     * @param background compile hot regions on a background thread (else on the thread that found them hot)
     */
    public Translator(GuestMemory memory, CodeCache cache, boolean background) {
        this.memory = memory;
        this.cache = cache;
        this.background = background;
        String dump = System.getProperty("hsaj.dump");
        this.dumpDirectory = dump == null || dump.isEmpty() ? null : Path.of(dump);
        this.verify = Boolean.getBoolean("hsaj.verify");
        this.hotCompiler = background ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hsaj-translator");
            t.setDaemon(true);
            return t;
        }) : null;
        cache.addInvalidationListener(this::invalidatePage);
    }

    public int blockTranslations() {
        return blockTranslations.get();
    }

    public int hotTranslations() {
        return hotTranslations.get();
    }

    /** Hot regions grown anew and put in place of the region before (see {@link #regrow}). */
    public int regrowths() {
        return regrowths.get();
    }

    /** Translations that could not be generated (the guest code then keeps being interpreted). */
    public int failures() {
        return failures.get();
    }

    public Throwable lastFailure() {
        return lastFailure;
    }

    /**
     * Called before the process starts its second thread: from then on regions look at the hart's stop
     * request at backward edges (another thread's exit_group must be able to stop a hart in a loop),
     * and everything compiled without that look is dropped with the decoded blocks, which heat up anew.
     * A hart running such a region, the one whose clone called this, leaves it after the system call
     * ({@link RegionCompiler}). A region compiled meanwhile on the background thread is either not
     * installed (its blocks are no longer the cache's) or installed first and dropped with the rest.
     */
    public void enableStopChecks() {
        if (!stopChecks) {
            stopChecks = true;
            cache.invalidateAll();
        }
    }

    /**
     * Called when the guest installs its first handler for a signal a region's fault can raise (SIGSEGV,
     * SIGBUS, SIGILL): from then on a fault in a region writes the region's registers back for that handler,
     * and everything compiled without that is dropped (see {@link #enableStopChecks} for how). A fault
     * in a region another thread still runs from before has no precise registers, and ends the process.
     */
    public void enablePreciseFaults() {
        if (!preciseFaults) {
            preciseFaults = true;
            cache.invalidateAll();
        }
    }

    /** Stops the background compiler. */
    public void shutdown() {
        if (hotCompiler != null) {
            hotCompiler.shutdownNow();
        }
    }

    /**
     * Compiles {@code block} alone and installs it (tests check the code of single blocks this way, and
     * {@link org.hsaj.cpu.ExecutionMode#TRANSLATE_ALL} runs every block so); no-op if it cannot be entered
     * translated or its code would not fit one method.
     *
     * @throws IllegalStateException when the translator fails on the block: an error of the translator,
     *     reported rather than left to the interpreter, which would hide it
     */
    public void translateBlock(DecodedBlock block) {
        if (block.translation != null || !Region.canEnter(block)) {
            return;
        }
        TranslatedRegion region;
        try {
            region = build(Region.single(block), false);
        } catch (CodeTooLarge e) {
            return;
        } catch (Throwable e) {
            recordFailure(e);
            throw new IllegalStateException(String.format("cannot translate the block at pc 0x%x: %s", block.pc, e), e);
        }
        blockTranslations.incrementAndGet();
        install(region);
    }

    /** Compiles a hot region grown from {@code head} (on the background thread if configured). */
    public void requestHot(DecodedBlock head) {
        compileSoon(() -> translateHot(head));
    }

    /** Runs {@code job} on the background thread if configured, else now. */
    private void compileSoon(Runnable job) {
        if (background) {
            try {
                hotCompiler.execute(job);
            } catch (java.util.concurrent.RejectedExecutionException shutDown) {
                // The process is ending.
            }
        } else {
            job.run();
        }
    }

    /** Compiles and installs the hot region grown from {@code head} now. */
    public void translateHot(DecodedBlock head) {
        if (head.translation instanceof TranslatedRegion t && t.hotTier && t.valid || cache.peek(head.pc) != head
                || !Region.canEnter(head)) {
            return;
        }
        TranslatedRegion compiled = compileHot(head, null);
        if (compiled != null) {
            hotTranslations.incrementAndGet();
            install(compiled);
        }
    }

    /**
     * Called by {@code old}'s code when its jump tables have sent the guest elsewhere
     * {@link TranslatedRegion#REGROW_AFTER_MISSES} times: grows the region from its head again, with
     * the targets those misses added to the jump tables' profiles, and puts the new region in its place
     * (on the background thread if configured). A region is regrown at most
     * {@link TranslatedRegion#MAX_REGROWTHS} times.
     */
    void regrow(TranslatedRegion old) {
        if (old.hotTier && old.regrowths < TranslatedRegion.MAX_REGROWTHS) {
            compileSoon(() -> replace(old));
        }
    }

    private void replace(TranslatedRegion old) {
        DecodedBlock head = old.blocks[0];
        if (!old.valid || cache.peek(head.pc) != head) {
            return;
        }
        TranslatedRegion compiled = compileHot(head, old);
        if (compiled == null) {
            return;
        }
        compiled.regrowths = old.regrowths + 1;
        synchronized (this) {
            drop(old);
            install(compiled);
        }
        regrowths.incrementAndGet();
    }

    /**
     * The hot region grown from {@code head}, compiled; grown smaller while its code is too large for one
     * method. Null when it cannot be compiled (its blocks then go on being interpreted). The region
     * {@code replacing} is to give way to it (null: none), so its blocks are free to take.
     */
    private TranslatedRegion compileHot(DecodedBlock head, TranslatedRegion replacing) {
        int limit = MAX_REGION_INSTRUCTIONS;
        while (true) {
            Region region = Region.grow(cache, head, limit, replacing);
            TranslatedRegion compiled = null;
            Throwable failure = null;
            try {
                compiled = build(region, true);
            } catch (CodeTooLarge e) {
                if (limit > 16) {
                    limit /= 2;
                    continue;
                }
                failure = e;
            } catch (Throwable e) {
                failure = e;
            }
            if (Boolean.getBoolean("hsaj.regions")) {
                StringBuilder text = new StringBuilder();
                for (DecodedBlock b : region.blocks()) {
                    text.append(String.format(" %x(%d)", b.pc, b.executions));
                    if (b.last().opcode() == org.hsaj.cpu.decode.Opcode.JALR) {
                        text.append("->").append(b.profiledTargets().stream().map(Long::toHexString).toList());
                    }
                }
                System.err.printf("hot region at %x (%s): %s%n", head.pc, failure == null ? "ok" : failure, text);
            }
            if (failure != null) {
                recordFailure(failure);
                return null;
            }
            compiled.translator = this;
            return compiled;
        }
    }

    private void recordFailure(Throwable e) {
        failures.incrementAndGet();
        lastFailure = e;
    }

    private static final class CodeTooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CodeTooLarge(int size) {
            super("generated method has " + size + " bytes of bytecode", null, false, false);
        }
    }

    /** Generates, checks and defines the class of {@code region}. */
    private TranslatedRegion build(Region region, boolean hot) throws Throwable {
        String name = String.format("org/hsaj/cpu/translate/%s_%x_%d", hot ? "Hot" : "Block", region.head().pc,
                SERIAL.incrementAndGet());
        RegionCompiler.Compiled compiled = RegionCompiler.compile(region, memory.windows, name,
                new RegionCompiler.Guards(stopChecks, preciseFaults));
        if (compiled.codeSize() > MAX_CODE_SIZE) {
            throw new CodeTooLarge(compiled.codeSize());
        }
        if (dumpDirectory != null) {
            dump(compiled);
        }
        if (verify) {
            check(compiled.classBytes());
        }
        MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClassWithClassData(compiled.classBytes(),
                List.of(memory.segment, memory.pages, memory.windows.bounds), true);
        MethodHandle constructor = lookup.findConstructor(lookup.lookupClass(), CONSTRUCTOR);
        List<DecodedBlock> blocks = region.blocks();
        DecodedBlock[] array = blocks.toArray(new DecodedBlock[0]);
        return (TranslatedRegion) constructor.invoke(memory, array, array, compiled.linkTargets(), hot);
    }

    /** Checks generated bytecode with ASM's verifier; throws IllegalStateException describing problems. */
    public static void check(byte[] classBytes) {
        java.io.StringWriter report = new java.io.StringWriter();
        CheckClassAdapter.verify(new ClassReader(classBytes), Translator.class.getClassLoader(), false,
                new java.io.PrintWriter(report));
        if (!report.toString().isEmpty()) {
            throw new IllegalStateException("generated class fails verification:\n" + report);
        }
    }

    private void dump(RegionCompiler.Compiled compiled) throws IOException {
        Path file = dumpDirectory.resolve(compiled.className().replace('/', '.') + ".class");
        Files.createDirectories(dumpDirectory);
        Files.write(file, compiled.classBytes());
    }

    private synchronized void install(TranslatedRegion t) {
        for (DecodedBlock b : t.blocks) {
            if (cache.peek(b.pc) != b) {
                return; // A block changed while this was compiled: drop the translation.
            }
        }
        List<Long> enteredAt = new ArrayList<>();
        for (DecodedBlock e : t.entries) {
            Object current = e.translation;
            boolean take = current == null || e == t.blocks[0] && t.hotTier
                    || t.hotTier && current instanceof TranslatedRegion c && (!c.hotTier || !c.valid);
            if (take && Region.canEnter(e)) {
                e.translation = t;
                enteredAt.add(e.pc);
            }
        }
        for (int k = 0; k < t.linkTargets.length; k++) {
            long target = t.linkTargets[k];
            DecodedBlock tb = cache.peek(target);
            if (tb != null && tb.translation instanceof TranslatedRegion to && to.valid) {
                t.links[k] = to;
            }
            inbound.computeIfAbsent(target, p -> new ArrayList<>()).add(new Link(t, k));
        }
        for (long pc : enteredAt) {
            List<Link> links = inbound.get(pc);
            if (links != null) {
                links.removeIf(l -> !l.from.valid);
                for (Link l : links) {
                    l.from.links[l.index] = t;
                }
            }
        }
        for (DecodedBlock b : t.blocks) {
            for (long page = b.pc & -PageTable.PAGE_SIZE; page < b.end; page += PageTable.PAGE_SIZE) {
                List<TranslatedRegion> list = byPage.computeIfAbsent(page, p -> new ArrayList<>());
                if (!list.contains(t)) {
                    list.add(t);
                }
            }
        }
    }

    /** Drops the translations holding code of {@code page} (-1: all). */
    synchronized void invalidatePage(long page) {
        List<TranslatedRegion> dead = new ArrayList<>();
        if (page == -1) {
            byPage.values().forEach(dead::addAll);
            byPage.clear();
        } else {
            List<TranslatedRegion> list = byPage.remove(page);
            if (list != null) {
                dead.addAll(list);
            }
        }
        for (TranslatedRegion t : dead) {
            drop(t);
        }
    }

    /** Takes {@code t} out of use: no block enters it and no region chains to it any more. */
    private synchronized void drop(TranslatedRegion t) {
        if (!t.valid) {
            return;
        }
        t.valid = false;
        for (DecodedBlock e : t.entries) {
            if (e.translation == t) {
                e.translation = null;
            }
            List<Link> links = inbound.get(e.pc);
            if (links != null) {
                for (Link l : links) {
                    if (l.from.links[l.index] == t) {
                        l.from.links[l.index] = null;
                    }
                }
            }
        }
    }
}
