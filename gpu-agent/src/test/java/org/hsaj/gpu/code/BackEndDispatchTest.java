package org.hsaj.gpu.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hsaj.gpu.cu.WorkStealingWorkGroupScheduler;
import org.hsaj.gpu.dispatch.TestPlatforms;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.KernelFault;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.hsail.text.HsailParser;
import org.hsaj.runtime.api.Agent;
import org.hsaj.runtime.api.DeviceType;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.MemoryRegion;
import org.hsaj.runtime.packet.FenceScope;
import org.hsaj.runtime.packet.KernelDispatchPacket;
import org.hsaj.runtime.packet.PacketHeader;
import org.hsaj.runtime.packet.PacketType;
import org.hsaj.runtime.queue.QueueType;
import org.hsaj.runtime.queue.UserModeQueue;
import org.hsaj.runtime.signal.Signal;
import org.hsaj.runtime.signal.SignalCondition;
import org.hsaj.runtime.signal.WaitState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real back ends behind the executable API: one executable finalized by both, each dispatch naming
 * the kernel object of the back end it wants; the interpreter's faults as the contract's KernelFault.
 */
class BackEndDispatchTest {
    /** out[i] = in[i] * 3 + i. */
    static final String SCALE = """
            module &scale:1:0:$full:$large:$default;
            prog kernel &scale(kernarg_u64 %in, kernarg_u64 %out, kernarg_u32 %n)
            {
            \tworkitemabsid_u32 $s0, 0;
            \tld_kernarg_u32 $s1, [%n];
            \tcmp_ge_b1_u32 $c0, $s0, $s1;
            \tcbr_b1 $c0, @done;
            \tcvt_u64_u32 $d0, $s0;
            \tshl_u64 $d0, $d0, 2;
            \tld_kernarg_u64 $d1, [%in];
            \tadd_u64 $d1, $d1, $d0;
            \tld_global_u32 $s2, [$d1];
            \tmul_u32 $s2, $s2, 3;
            \tadd_u32 $s2, $s2, $s0;
            \tld_kernarg_u64 $d2, [%out];
            \tadd_u64 $d2, $d2, $d0;
            \tst_global_u32 $s2, [$d2];
            @done:
            \tret;
            };
            """;
    private static final int N = 1000;

    private final HsaRuntime runtime = platform();

    private static HsaRuntime platform() {
        return TestPlatforms.withGpu(2, new WorkStealingWorkGroupScheduler(), 0);
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    private Agent gpu() {
        return runtime.findAgent(DeviceType.GPU);
    }

    private void dispatch(UserModeQueue queue, KernelSymbol kernel, Kernarg args) {
        Signal done = runtime.signalCreate(1);
        queue.submit(KernelDispatchPacket.of(PacketHeader.of(PacketType.KERNEL_DISPATCH, false, FenceScope.SYSTEM,
                FenceScope.SYSTEM), 1, new int[] {64, 1, 1}, new int[] {N, 1, 1}, 0, 0, kernel.kernelObject(),
                args.address(), done.handle()));
        assertEquals(0, done.waitFor(SignalCondition.LT, 1, 30_000_000_000L, WaitState.BLOCKED, MemoryOrder.ACQUIRE));
    }

    @Test
    void eachDispatchRunsTheBackEndItsKernelObjectNames() {
        Backends backends = Backends.standard();
        Executable exe = Executable.fromHsail(runtime, gpu(), "scale.hsail", SCALE,
                backends.compilers(List.of(Backends.JVM, Backends.INTERP)));
        MemoryRegion region = runtime.findRegion(gpu(), MemoryRegion.FLAG_KERNARG);
        long in = runtime.memoryAllocate(region, 4L * N);
        for (int i = 0; i < N; i++) {
            runtime.memory().storeInt(in + 4L * i, i * 7 - 500);
        }
        UserModeQueue queue = runtime.queueCreate(gpu(), 16, QueueType.SINGLE, null);
        for (String backend : List.of(Backends.JVM, Backends.INTERP)) {
            KernelSymbol kernel = exe.symbol("&scale", backend);
            assertEquals(backend, kernel.backend());
            long out = runtime.memoryAllocate(region, 4L * N);
            Kernarg args = Kernarg.allocate(runtime, region, kernel).putLong("%in", in).putLong("%out", out)
                    .putInt("%n", N);
            dispatch(queue, kernel, args);
            for (int i = 0; i < N; i++) {
                assertEquals((i * 7 - 500) * 3 + i, runtime.memory().loadInt(out + 4L * i), backend + " item " + i);
            }
        }
    }

    /** Adds table[i % 4] to &total for every work-item; table is readonly data with an initializer. */
    static final String TOTALS = """
            module &totals:1:0:$full:$large:$default;
            prog global_u32 &total;
            readonly_u32 &table[4] = {1, 10, 100, 1000};
            prog kernel &accumulate(kernarg_u32 %n)
            {
            \tworkitemabsid_u32 $s0, 0;
            \tld_kernarg_u32 $s1, [%n];
            \tcmp_ge_b1_u32 $c0, $s0, $s1;
            \tcbr_b1 $c0, @done;
            \tand_b32 $s2, $s0, 3;
            \tshl_u32 $s2, $s2, 2;
            \tcvt_u64_u32 $d0, $s2;
            \tld_readonly_u32 $s3, [&table][$d0];
            \tatomicnoret_add_global_rlx_agent_u32 [&total], $s3;
            @done:
            \tret;
            };
            """;

    @Test
    void bothBackEndsUseTheVariablesTheLoaderPlaced() {
        Executable exe = Executable.fromHsail(runtime, gpu(), "totals.hsail", TOTALS,
                Backends.standard().compilers(List.of(Backends.JVM, Backends.INTERP)));
        long total = exe.variableAddress("&total");
        long table = exe.variableAddress("&table");
        assertEquals(List.of(1, 10, 100, 1000), List.of(runtime.memory().loadInt(table),
                runtime.memory().loadInt(table + 4), runtime.memory().loadInt(table + 8),
                runtime.memory().loadInt(table + 12)));
        assertEquals(0, runtime.memory().loadInt(total));
        MemoryRegion region = runtime.findRegion(gpu(), MemoryRegion.FLAG_KERNARG);
        UserModeQueue queue = runtime.queueCreate(gpu(), 16, QueueType.SINGLE, null);
        dispatch(queue, exe.symbol("&accumulate", Backends.JVM), Kernarg.allocate(runtime, region,
                exe.symbol("&accumulate", Backends.JVM)).putInt("%n", N));
        assertEquals(N / 4 * 1111, runtime.memory().loadInt(total));
        dispatch(queue, exe.symbol("&accumulate", Backends.INTERP), Kernarg.allocate(runtime, region,
                exe.symbol("&accumulate", Backends.INTERP)).putInt("%n", N));
        assertEquals(2 * (N / 4 * 1111), runtime.memory().loadInt(total), "the interpreter adds to the same &total");
        HsaException e = assertThrows(HsaException.class, () -> exe.variableAddress("&count"));
        assertEquals(HsaStatus.ERROR_INVALID_SYMBOL_NAME, e.status());
    }

    @Test
    void withoutALoaderTheJvmBackEndRefusesVariablesAndSaysWhere() {
        var module = HsailParser.parse("totals.hsail", TOTALS);
        HsaException e = assertThrows(HsaException.class, () -> CodeObject.finalize(module,
                List.of(Backends.standard().compiler(Backends.JVM))));
        assertTrue(e.getMessage().contains("totals.hsail:"), e.getMessage());
        HsaException undefined = assertThrows(HsaException.class, () -> CodeObject.finalize(module,
                List.of(Backends.standard().compiler(Backends.INTERP))).variableAddress("&total"));
        assertEquals(HsaStatus.ERROR_VARIABLE_UNDEFINED, undefined.status());
    }

    @Test
    void theDefaultBackEndComesFromTheSetting(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scale.hsail");
        Files.writeString(file, SCALE);
        String before = System.getProperty(Backends.PROPERTY);
        try {
            System.setProperty(Backends.PROPERTY, Backends.INTERP);
            assertEquals(Backends.INTERP, Executable.fromHsail(runtime, gpu(), file).symbol("&scale").backend());
            System.clearProperty(Backends.PROPERTY);
            assertEquals(Backends.JVM, Executable.fromHsail(runtime, gpu(), file).symbol("&scale").backend());
        } finally {
            if (before != null) {
                System.setProperty(Backends.PROPERTY, before);
            }
        }
    }

    @Test
    void anInterpretedWorkItemFaultIsAKernelFaultWithItsPosition() {
        CodeObject code = CodeObject.finalize(HsailParser.parse("scale.hsail", SCALE),
                List.of(Backends.standard().compiler(Backends.INTERP)));
        CompiledKernel kernel = code.kernel("&scale", Backends.INTERP);
        MemoryRegion region = runtime.findRegion(gpu(), MemoryRegion.FLAG_KERNARG);
        long kernarg = runtime.memoryAllocate(region, 32);
        runtime.memory().storeLong(kernarg, 0x2000);        // %in: never mapped
        runtime.memory().storeLong(kernarg + 8, runtime.memoryAllocate(region, 4L * N));
        runtime.memory().storeInt(kernarg + 16, N);
        DispatchContext context = DispatchContext.standalone(runtime.memory(), DispatchGeometry.of1D(N, 64), kernarg,
                0, 0);
        KernelFault fault = assertThrows(KernelFault.class, () -> kernel.runWorkGroup(context,
                new WorkGroupMemory(0, 0, 0, 0), 2, 0, 0));
        assertEquals(HsaStatus.ERROR_EXCEPTION, fault.status());
        assertTrue(fault.getMessage().matches("HSA_STATUS_ERROR_EXCEPTION \\(0x1016\\): kernel &scale, work-item "
                + "\\(128, 0, 0\\) of work-group \\(2, 0, 0\\), scale\\.hsail:12:\\d+: .*0x2200.*"), fault.getMessage());
    }

    @Test
    void aCancelledDispatchStopsTheInterpreterBeforeItsFirstInstruction() {
        CodeObject code = CodeObject.finalize(HsailParser.parse("scale.hsail", SCALE),
                List.of(Backends.standard().compiler(Backends.INTERP)));
        MemoryRegion region = runtime.findRegion(gpu(), MemoryRegion.FLAG_KERNARG);
        DispatchContext context = DispatchContext.standalone(runtime.memory(), DispatchGeometry.of1D(N, 64),
                runtime.memoryAllocate(region, 32), 0, 0);
        context.cancel("the watchdog stopped the dispatch after 5 ms");
        KernelFault fault = assertThrows(KernelFault.class, () -> code.kernel("&scale", Backends.INTERP)
                .runWorkGroup(context, new WorkGroupMemory(0, 0, 0, 0), 3, 0, 0));
        assertEquals("HSA_STATUS_ERROR_EXCEPTION (0x1016): kernel &scale, work-item (192, 0, 0) of work-group "
                + "(3, 0, 0), scale.hsail:4:2: dispatch cancelled: the watchdog stopped the dispatch after 5 ms",
                fault.getMessage());
    }

    /** Every work-item loops for ever once it has counted itself in &started. */
    static final String ENDLESS = """
            module &endless:1:0:$full:$large:$default;
            prog global_u32 &started;
            prog kernel &endless()
            {
            \tatomicnoret_add_global_rlx_agent_u32 [&started], 1;
            @forever:
            \tbr @forever;
            };
            """;

    @Test
    void theWatchdogStopsAnEndlessKernelInsideItsWorkGroupOnBothBackEnds() throws InterruptedException {
        HsaRuntime watched = TestPlatforms.withGpu(2, new WorkStealingWorkGroupScheduler(), 200);
        try (watched) {
            Agent gpu = watched.findAgent(DeviceType.GPU);
            Executable exe = Executable.fromHsail(watched, gpu, "endless.hsail", ENDLESS,
                    Backends.standard().compilers(List.of(Backends.JVM, Backends.INTERP)));
            BlockingQueue<String> errors = new LinkedBlockingQueue<>();
            UserModeQueue queue = watched.queueCreate(gpu, 16, QueueType.SINGLE,
                    (status, q, packetId, message) -> errors.add(message));
            for (String backend : List.of(Backends.JVM, Backends.INTERP)) {
                KernelSymbol kernel = exe.symbol("&endless", backend);
                queue.submit(KernelDispatchPacket.of(PacketHeader.of(PacketType.KERNEL_DISPATCH, false,
                        FenceScope.SYSTEM, FenceScope.SYSTEM), 1, new int[] {64, 1, 1}, new int[] {128, 1, 1}, 0, 0,
                        kernel.kernelObject(), 0, 0));
                String error = errors.poll(60, TimeUnit.SECONDS);
                assertNotNull(error, backend + ": the dispatch was not stopped");
                assertTrue(error.contains("kernel &endless, work-item ("), backend + ": " + error);
                // The position as the back end writes it: file:line:column, or line L:C (jvm, for now).
                assertTrue(error.matches("(?s).*(endless\\.hsail:|line )7:2: dispatch cancelled: .*"), backend + ": "
                        + error);
                assertTrue(error.contains("the watchdog stopped the dispatch after 200 ms"), backend + ": " + error);
                queue = watched.queueCreate(gpu, 16, QueueType.SINGLE, (status, q, packetId, message) ->
                        errors.add(message));
            }
        }
    }

    @Test
    void anInterpretedFaultReachesTheQueueErrorCallback() throws InterruptedException {
        Executable exe = Executable.fromHsail(runtime, gpu(), "scale.hsail", SCALE,
                List.of(Backends.standard().compiler(Backends.INTERP)));
        KernelSymbol kernel = exe.symbol("&scale");
        MemoryRegion region = runtime.findRegion(gpu(), MemoryRegion.FLAG_KERNARG);
        BlockingQueue<String> errors = new LinkedBlockingQueue<>();
        UserModeQueue queue = runtime.queueCreate(gpu(), 16, QueueType.SINGLE,
                (status, q, packetId, message) -> errors.add(status.name() + " " + message));
        Kernarg bad = Kernarg.allocate(runtime, region, kernel).putLong("%in", 0x2000)
                .putLong("%out", runtime.memoryAllocate(region, 4L * N)).putInt("%n", N);
        queue.submit(KernelDispatchPacket.of(PacketHeader.of(PacketType.KERNEL_DISPATCH, false, FenceScope.SYSTEM,
                FenceScope.SYSTEM), 1, new int[] {64, 1, 1}, new int[] {N, 1, 1}, 0, 0, kernel.kernelObject(),
                bad.address(), 0));
        String error = errors.poll(30, TimeUnit.SECONDS);
        assertNotNull(error);
        assertTrue(error.startsWith("ERROR_EXCEPTION "), error);
        assertTrue(error.contains("kernel &scale, work-item ("), error);
        assertTrue(error.contains("scale.hsail:12:"), error);
    }
}
