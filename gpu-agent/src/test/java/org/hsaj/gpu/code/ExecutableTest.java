package org.hsaj.gpu.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hsaj.gpu.dispatch.TestPlatforms;
import org.hsaj.gpu.cu.WorkStealingWorkGroupScheduler;
import org.hsaj.hsail.analysis.HsailException;
import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.text.HsailParser;
import org.hsaj.runtime.api.Agent;
import org.hsaj.runtime.api.AgentProperties;
import org.hsaj.runtime.api.DeviceType;
import org.hsaj.runtime.api.AgentDevice;
import org.hsaj.runtime.api.HsaConfig;
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

/** Loading HSAIL into executables, symbol lookup and its info, kernarg filling, per-dispatch back ends. */
class ExecutableTest {
    static final String TWO_KERNELS = """
            module &two:1:0:$full:$large:$default;

            prog kernel &scale(kernarg_u64 %out, kernarg_f32 %factor, kernarg_u32 %n, kernarg_f64 %bias)
            {
            \tgroup_u32 %tile[64];
            \tprivate_u64 %spill[3];
            \tret;
            };

            kernel &copy(kernarg_u64 %out, kernarg_u64 %in)
            {
            \tret;
            };
            """;

    private static final KernelCompiler RED = new MarkingCompiler("red", 0xAAAA);
    private static final KernelCompiler BLUE = new MarkingCompiler("blue", 0xBBBB);

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

    private Executable twoKernels(KernelCompiler... compilers) {
        return Executable.fromHsail(runtime, gpu(), "two.hsail", TWO_KERNELS, List.of(compilers));
    }

    @Test
    void symbolsCarryTheSegmentSizesAndParameterOffsetsOfTheKernel() {
        Executable exe = twoKernels(RED);
        assertEquals(Executable.State.FROZEN, exe.state());
        KernelSymbol scale = exe.symbol("&scale");
        // %out u64 @0, %factor f32 @8, %n u32 @12, %bias f64 @16: 24 bytes, rounded up to 16 -> 32.
        assertEquals(List.of(0L, 8L, 12L, 16L), scale.arguments().stream().map(KernelArgument::offset).toList());
        assertEquals(DataType.F64, scale.argument("%bias").type());
        assertEquals(32L, scale.info(SymbolInfo.KERNEL_KERNARG_SEGMENT_SIZE));
        assertEquals(16, scale.info(SymbolInfo.KERNEL_KERNARG_SEGMENT_ALIGNMENT));
        assertEquals(256, scale.info(SymbolInfo.KERNEL_GROUP_SEGMENT_SIZE));
        assertEquals(24, scale.info(SymbolInfo.KERNEL_PRIVATE_SEGMENT_SIZE));
        assertEquals(SymbolInfo.KIND_KERNEL, scale.info(SymbolInfo.TYPE));
        assertEquals("&scale", scale.info(SymbolInfo.NAME));
        assertEquals(6, scale.info(SymbolInfo.NAME_LENGTH));
        assertEquals(SymbolInfo.LINKAGE_PROGRAM, scale.info(SymbolInfo.LINKAGE));
        assertEquals(gpu(), scale.info(SymbolInfo.AGENT));
        assertEquals(scale.kernelObject(), scale.info(SymbolInfo.KERNEL_OBJECT));
        KernelSymbol copy = exe.symbol("&copy");
        assertEquals(SymbolInfo.LINKAGE_MODULE, copy.info(SymbolInfo.LINKAGE));
        assertEquals("&two", copy.info(SymbolInfo.MODULE_NAME));
        HsaException e = assertThrows(HsaException.class, () -> copy.info(SymbolInfo.VARIABLE_SIZE));
        assertEquals(HsaStatus.ERROR_INVALID_ARGUMENT, e.status());
    }

    @Test
    void theKernelObjectIsADescriptorInSharedMemoryHoldingTheSegmentSizes() {
        KernelSymbol scale = twoKernels(RED).symbol("&scale");
        long descriptor = scale.kernelObject();
        assertEquals(32, runtime.memory().loadLong(descriptor));
        assertEquals(16, runtime.memory().loadInt(descriptor + 8));
        assertEquals(256, runtime.memory().loadInt(descriptor + 16));
        assertEquals(24, runtime.memory().loadInt(descriptor + 20));
    }

    @Test
    void anUnknownSymbolNameListsTheKernelsThatExist() {
        Executable exe = twoKernels(RED);
        HsaException e = assertThrows(HsaException.class, () -> exe.symbol("&scael"));
        assertEquals(HsaStatus.ERROR_INVALID_SYMBOL_NAME, e.status());
        assertEquals("HSA_STATUS_ERROR_INVALID_SYMBOL_NAME (0x1013): no kernel named '&scael' in this executable "
                + "(kernels: &scale, &copy)", e.getMessage());
        HsaException backend = assertThrows(HsaException.class, () -> exe.symbol("&scale", "blue"));
        assertEquals(HsaStatus.ERROR_INVALID_SYMBOL_NAME, backend.status());
        assertTrue(backend.getMessage().contains("kernel &scale is not loaded for back end blue (loaded: red on agent"),
                backend.getMessage());
    }

    @Test
    void oneExecutableFinalizedForTwoBackEndsGivesTwoKernelObjectsAndEachDispatchRunsItsOwn() {
        Executable exe = twoKernels(RED, BLUE);
        assertEquals(4, exe.symbols().size());
        KernelSymbol red = exe.symbol("&copy", "red");
        KernelSymbol blue = exe.symbol("&copy", "blue");
        assertNotEquals(red.kernelObject(), blue.kernelObject());
        assertEquals(red, exe.symbol("&copy"), "without a back end the first one finalized is meant");
        MemoryRegion kernargRegion = runtime.findRegion(gpu(), MemoryRegion.FLAG_KERNARG);
        long out = runtime.memoryAllocate(kernargRegion, 4);
        UserModeQueue queue = runtime.queueCreate(gpu(), 16, QueueType.SINGLE, null);
        for (KernelSymbol s : List.of(blue, red)) {
            try (Kernarg args = Kernarg.allocate(runtime, kernargRegion, s)) {
                args.putLong("%out", out).putLong("%in", 0);
                Signal done = runtime.signalCreate(1);
                queue.submit(KernelDispatchPacket.of(PacketHeader.of(PacketType.KERNEL_DISPATCH, false,
                        FenceScope.SYSTEM, FenceScope.SYSTEM), 1, new int[] {1, 1, 1}, new int[] {1, 1, 1}, 0, 0,
                        s.kernelObject(), args.address(), done.handle()));
                assertEquals(0, done.waitFor(SignalCondition.LT, 1, 10_000_000_000L, WaitState.BLOCKED,
                        MemoryOrder.ACQUIRE));
                assertEquals(s == red ? 0xAAAA : 0xBBBB, runtime.memory().loadInt(out));
            }
        }
    }

    @Test
    void kernargWritesEachParameterAtItsOffsetAndRejectsWrongTypesAndMissingOnes() {
        KernelSymbol scale = twoKernels(RED).symbol("&scale");
        try (Kernarg args = Kernarg.allocate(runtime, runtime.findRegion(gpu(), MemoryRegion.FLAG_KERNARG), scale)) {
            args.putLong("%out", 0x1234_5678_9ABCL).putFloat("%factor", 2.5f).putInt("%n", 77);
            HsaException missing = assertThrows(HsaException.class, args::address);
            assertEquals("HSA_STATUS_ERROR_INVALID_ARGUMENT (0x1001): kernel &scale parameters not written: %bias",
                    missing.getMessage());
            args.putDouble("%bias", -1.0);
            long a = args.address();
            assertEquals(0, a % 16);
            assertEquals(0x1234_5678_9ABCL, runtime.memory().loadLong(a));
            assertEquals(2.5f, Float.intBitsToFloat(runtime.memory().loadInt(a + 8)));
            assertEquals(77, runtime.memory().loadInt(a + 12));
            assertEquals(-1.0, Double.longBitsToDouble(runtime.memory().loadLong(a + 16)));
            HsaException wrongType = assertThrows(HsaException.class, () -> args.putInt("%factor", 1));
            assertEquals("HSA_STATUS_ERROR_INVALID_ARGUMENT (0x1001): parameter %factor of kernel &scale is "
                    + "kernarg_f32 %factor @8, not a 32-bit integer", wrongType.getMessage());
            HsaException wrongName = assertThrows(HsaException.class, () -> args.putInt("%count", 1));
            assertEquals("HSA_STATUS_ERROR_INVALID_ARGUMENT (0x1001): kernel &scale has no parameter %count "
                    + "(parameters: %out, %factor, %n, %bias)", wrongName.getMessage());
        }
    }

    @Test
    void malformedHsailIsReportedWithFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.hsail");
        Files.writeString(file, "module &b:1:0:$full:$large:$default;\nprog kernel &k()\n{\n\tadd_u32 $s0, $s1, ;\n\tret;\n};\n");
        HsailException e = assertThrows(HsailException.class, () -> Executable.fromHsail(runtime, gpu(), file,
                List.of(RED)));
        assertEquals(HsaStatus.EXT_ERROR_INVALID_MODULE, e.status());
        assertTrue(e.diagnostics().getFirst().position().toString().startsWith(file + ":4:"),
                e.diagnostics().toString());
        HsaException unreadable = assertThrows(HsaException.class, () -> Executable.fromHsail(runtime, gpu(),
                dir.resolve("missing.hsail"), List.of(RED)));
        assertEquals(HsaStatus.ERROR_INVALID_ARGUMENT, unreadable.status());
        assertTrue(unreadable.getMessage().contains("cannot read HSAIL file " + dir.resolve("missing.hsail")),
                unreadable.getMessage());
    }

    @Test
    void aFrozenExecutableTakesNoMoreCodeAndAKernelIsLoadedOncePerBackEnd() {
        CodeObject code = CodeObject.finalize(HsailParser.parse("two.hsail", TWO_KERNELS), List.of(RED));
        Executable exe = Executable.create(runtime);
        exe.loadCodeObject(gpu(), code);
        HsaException twice = assertThrows(HsaException.class, () -> exe.loadCodeObject(gpu(), code));
        assertEquals(HsaStatus.ERROR_INVALID_CODE_OBJECT, twice.status());
        exe.loadCodeObject(gpu(), CodeObject.finalize(code.module(), List.of(BLUE)));
        exe.freeze();
        HsaException frozen = assertThrows(HsaException.class, () -> exe.loadCodeObject(gpu(), code));
        assertEquals(HsaStatus.ERROR_FROZEN_EXECUTABLE, frozen.status());
        assertEquals(List.of("&scale", "&copy"), code.kernelNames());
    }

    @Test
    void finalizingNeedsDistinctBackEndsAndReportsABackEndThatBreaks() {
        var module = HsailParser.parse("two.hsail", TWO_KERNELS);
        assertEquals(HsaStatus.ERROR_INVALID_ARGUMENT, assertThrows(HsaException.class,
                () -> CodeObject.finalize(module, List.of())).status());
        assertEquals(HsaStatus.ERROR_INVALID_ARGUMENT, assertThrows(HsaException.class,
                () -> CodeObject.finalize(module, List.of(RED, RED))).status());
        KernelCompiler broken = new KernelCompiler() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public org.hsaj.hsail.exec.CompiledKernel compile(org.hsaj.hsail.ir.Module m,
                    org.hsaj.hsail.ir.Kernel k) {
                throw new IllegalStateException("no registers left");
            }
        };
        HsaException e = assertThrows(HsaException.class, () -> CodeObject.finalize(module, List.of(broken)));
        assertEquals(HsaStatus.EXT_ERROR_FINALIZATION_FAILED, e.status());
        assertTrue(e.getMessage().contains("the broken back end failed to finalize kernel &scale (two.hsail:3:"),
                e.getMessage());
    }

    @Test
    void onlyAGpuAgentLoadsHsail() {
        AgentDevice cpu = new AgentDevice() {
            @Override
            public AgentProperties properties() {
                return new AgentProperties("cpu", "test", DeviceType.CPU, AgentProperties.FEATURE_AGENT_DISPATCH, true,
                        1, new int[] {1, 1, 1}, 1, new int[] {1, 1, 1}, 1, 1, 1, 16, 0, 1, "none");
            }

            @Override
            public AutoCloseable attach(UserModeQueue queue, org.hsaj.runtime.queue.QueueErrorCallback errors) {
                return () -> { };
            }

            @Override
            public void shutDown() {
            }
        };
        try (HsaRuntime rt = HsaRuntime.create(HsaConfig.defaults().withAddressSpaceSize(1L << 28),
                List.of(c -> cpu))) {
            rt.init();
            HsaException e = assertThrows(HsaException.class, () -> Executable.fromHsail(rt,
                    rt.findAgent(DeviceType.CPU), "two.hsail", TWO_KERNELS, List.of(RED)));
            assertEquals(HsaStatus.ERROR_INVALID_AGENT, e.status());
        }
    }

    @Test
    void backEndsAreFoundByNameAndAnUnknownNameListsThem() {
        Backends backends = Backends.standard().with("red", () -> RED);
        assertEquals(List.of("jvm", "interp", "red"), backends.names());
        assertEquals("red", backends.compiler("red").name());
        HsaException e = assertThrows(HsaException.class, () -> backends.compiler("gpu"));
        assertEquals("HSA_STATUS_ERROR_INVALID_ARGUMENT (0x1001): no back end named 'gpu' (have: jvm, interp, red)",
                e.getMessage());
        String before = System.getProperty(Backends.PROPERTY);
        try {
            System.setProperty(Backends.PROPERTY, "red");
            assertEquals("red", backends.defaultName());
            System.setProperty(Backends.PROPERTY, "fast");
            assertTrue(assertThrows(HsaException.class, backends::defaultName).getMessage()
                    .contains("hsaj.gpu.backend=fast names no back end (have: jvm, interp, red)"));
        } finally {
            if (before == null) {
                System.clearProperty(Backends.PROPERTY);
            } else {
                System.setProperty(Backends.PROPERTY, before);
            }
        }
    }
}
