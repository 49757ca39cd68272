package org.hsaj.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hsaj.gpu.code.Backends;
import org.hsaj.gpu.code.Executable;
import org.hsaj.gpu.code.Kernarg;
import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.kernels.vectorcopy.VectorCopy;
import org.hsaj.runtime.api.Agent;
import org.hsaj.runtime.api.DeviceType;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.MemoryRegion;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.packet.FenceScope;
import org.hsaj.runtime.packet.KernelDispatchPacket;
import org.hsaj.runtime.packet.PacketHeader;
import org.hsaj.runtime.packet.PacketType;
import org.hsaj.runtime.queue.QueueType;
import org.hsaj.runtime.queue.UserModeQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sample kernel that reads past the end of its input: the fault reaches the queue's error callback as
 * a KernelFault naming the kernel, a faulting work-item and its work-group, and the HSAIL line of the
 * load (as {@code file:line:column} or {@code line L:C}, as the back end writes it); the queue stops, and another queue on the same agent goes on running kernels.
 */
class KernelFaultTest {
    private static final String FILE = "vector_copy/vector_copy.hsail";
    private static final int WORDS = 1024;

    record Failure(HsaStatus status, long packetId, String message) {
    }

    /** The 1-based line of the kernel's global load. */
    private static int loadLine() {
        List<String> lines = SampleHost.hsail(FILE).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("ld_global_u32")) {
                return i + 1;
            }
        }
        throw new AssertionError("no ld_global_u32 in " + FILE);
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {Backends.JVM, Backends.INTERP})
    void anOutOfBoundsReadIsReportedWithKernelWorkItemWorkGroupAndLine(String backend) throws Exception {
        try (HsaRuntime runtime = TestPlatform.create()) {
            Agent gpu = runtime.findAgent(DeviceType.GPU);
            MemoryRegion region = runtime.findRegion(gpu, MemoryRegion.FLAG_KERNARG);
            Executable exe = Executable.fromHsail(runtime, gpu, "kernels/" + FILE, SampleHost.hsail(FILE),
                    List.of(Backends.standard().compiler(backend)));
            KernelSymbol copy = exe.symbol("&vector_copy");
            BlockingQueue<Failure> failures = new LinkedBlockingQueue<>();
            UserModeQueue queue = runtime.queueCreate(gpu, 16, QueueType.SINGLE,
                    (status, q, packetId, message) -> failures.add(new Failure(status, packetId, message)));
            long out = runtime.memoryAllocate(region, 8L * WORDS);
            Kernarg args = Kernarg.allocate(runtime, region, copy);
            // The input is allocated last, so the page after its one page is not mapped.
            long in = runtime.memoryAllocate(region, 4L * WORDS);
            assertFalse(runtime.memory().pageTable().allows(in + 4L * WORDS, 4, PageTable.READ));
            args.putLong("%in", in).putLong("%out", out).putInt("%n", 2 * WORDS);
            queue.submit(KernelDispatchPacket.of(PacketHeader.of(PacketType.KERNEL_DISPATCH, false, FenceScope.SYSTEM,
                    FenceScope.SYSTEM), 1, new int[] {256, 1, 1}, new int[] {2 * WORDS, 1, 1}, 0, 0,
                    copy.kernelObject(), args.address(), 0));

            Failure f = failures.poll(60, TimeUnit.SECONDS);
            assertNotNull(f, "no error reported");
            assertEquals(HsaStatus.ERROR_EXCEPTION, f.status());
            assertEquals(0, f.packetId());
            Matcher m = Pattern.compile("kernel &vector_copy, work-item \\((\\d+), 0, 0\\) of work-group "
                    + "\\((\\d+), 0, 0\\), (?:kernels/vector_copy/vector_copy\\.hsail:|line )(\\d+):\\d+: (.+)")
                    .matcher(f.message());
            assertTrue(m.find(), f.message());
            long item = Long.parseLong(m.group(1));
            assertTrue(item >= WORDS && item < 2 * WORDS, "work-item " + item + " reads past the input? " + f.message());
            assertEquals(item / 256, Long.parseLong(m.group(2)), f.message());
            assertEquals(loadLine(), Integer.parseInt(m.group(3)), f.message());
            assertTrue(m.group(4).contains(Long.toHexString(in + 4 * item)), "the reason names the address: "
                    + f.message());
            assertFalse(queue.isActive(), "the faulting queue stops");

            // Another queue on the same agent keeps working.
            SampleResult again = Samples.run(new VectorCopy(), runtime, backend);
            assertTrue(again.passed(), again.detail());
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {Backends.JVM, Backends.INTERP})
    void aSampleHostWaitingOnAFaultedDispatchGetsTheFault(String backend) {
        try (HsaRuntime runtime = TestPlatform.create(); SampleHost host = SampleHost.open(runtime, backend, FILE)) {
            KernelSymbol copy = host.kernel("&vector_copy");
            Kernarg args = host.kernarg(copy).putLong("%in", 0x1000).putLong("%out", host.allocate(4096))
                    .putInt("%n", 64);
            HsaException e = assertThrows(HsaException.class, () -> host.dispatch(copy, args, Grid.linear(64, 64)));
            assertEquals(HsaStatus.ERROR_EXCEPTION, e.status());
            assertTrue(e.getMessage().startsWith("HSA_STATUS_ERROR_EXCEPTION (0x1016): queue "), e.getMessage());
            assertTrue(e.getMessage().contains(", packet 0: kernel &vector_copy, work-item ("), e.getMessage());
            assertTrue(e.getMessage().contains("0x1000"), e.getMessage());
        }
    }
}
