package org.hsaj.kernels;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hsaj.gpu.code.Backends;
import org.hsaj.gpu.code.Executable;
import org.hsaj.gpu.code.Kernarg;
import org.hsaj.gpu.code.KernelSymbol;
import org.hsaj.runtime.api.Agent;
import org.hsaj.runtime.api.DeviceType;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaRuntime;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.memory.MemoryRegion;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.hsaj.runtime.packet.BarrierPacket;
import org.hsaj.runtime.packet.FenceScope;
import org.hsaj.runtime.packet.KernelDispatchPacket;
import org.hsaj.runtime.packet.PacketHeader;
import org.hsaj.runtime.packet.PacketType;
import org.hsaj.runtime.queue.QueueType;
import org.hsaj.runtime.queue.UserModeQueue;
import org.hsaj.runtime.signal.Signal;
import org.hsaj.runtime.signal.SignalCondition;
import org.hsaj.runtime.signal.WaitState;

/**
 * The host side of a sample, in the steps of an HSA host program: find the GPU agent and its kernarg
 * region, load and finalize the sample's HSAIL into an executable (for one back end, or several to
 * compare them on the same buffers), create a queue, then allocate
 * buffers, fill kernarg segments, submit kernel dispatch packets and wait on completion signals.
 * Everything it allocates (buffers, kernargs, signals, the queue) is released by {@link #close}.
 *
 * <p>A dispatch that fails stops the queue and calls its error callback instead of signalling
 * completion; {@link #await} notices and throws the queue's error, so a faulting kernel fails its
 * sample promptly with the fault's message.
 *
 * <p>Threading: one host thread per instance.
 */
public final class SampleHost implements AutoCloseable {
    /** Longest wait for one completion signal; the GPU agent's watchdog normally reports a hung kernel first. */
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(300);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final int QUEUE_SIZE = 128;

    private final HsaRuntime runtime;
    private final List<String> backends;
    private final MemoryRegion kernargRegion;
    private final Executable executable;
    private final UserModeQueue queue;
    private final AtomicReference<HsaException> queueError = new AtomicReference<>();
    private final List<Long> buffers = new ArrayList<>();
    private final List<Kernarg> kernargs = new ArrayList<>();
    private final List<Signal> signals = new ArrayList<>();
    /** {@link #dispatch}'s completion signal: one for all of them, as they run one at a time. */
    private Signal dispatchDone;

    private SampleHost(HsaRuntime runtime, List<String> backends, String hsailFile) {
        this.runtime = runtime;
        this.backends = List.copyOf(backends);
        Agent gpu = runtime.findAgent(DeviceType.GPU);
        this.kernargRegion = runtime.findRegion(gpu, MemoryRegion.FLAG_KERNARG | MemoryRegion.FLAG_FINE_GRAINED);
        this.executable = Executable.fromHsail(runtime, gpu, "kernels/" + hsailFile, hsail(hsailFile),
                Backends.standard().compilers(backends));
        this.queue = runtime.queueCreate(gpu, QUEUE_SIZE, QueueType.SINGLE, (status, q, packetId, message) ->
                queueError.compareAndSet(null, new HsaException(status, "queue " + q.id() + ", packet " + packetId
                        + ": " + withoutStatus(status, message))));
    }

    /**
     * Opens a host session for the sample whose HSAIL is {@code hsailFile} ({@code "vector_add/vector_add.hsail"},
     * relative to the {@code kernels/} directory), finalized by {@code backend}.
     */
    public static SampleHost open(HsaRuntime runtime, String backend, String hsailFile) {
        return new SampleHost(runtime, List.of(backend), hsailFile);
    }

    /**
     * Like {@link #open(HsaRuntime, String, String)} with the kernels finalized by each of {@code backends}
     * (one kernel object per back end, {@link #kernel(String, String)}): to run the same buffers on several.
     */
    public static SampleHost open(HsaRuntime runtime, List<String> backends, String hsailFile) {
        return new SampleHost(runtime, backends, hsailFile);
    }

    /** {@code message} without the status it may start with (the exception made from it shows the status). */
    private static String withoutStatus(HsaStatus status, String message) {
        String prefix = status + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** The text of a sample's HSAIL file, from the class path. */
    public static String hsail(String hsailFile) {
        String resource = "/hsail/" + hsailFile;
        try (InputStream in = SampleHost.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "no HSAIL file kernels/" + hsailFile
                        + " in this build (class-path resource " + resource + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    public HsaRuntime runtime() {
        return runtime;
    }

    public SharedVirtualMemory memory() {
        return runtime.memory();
    }

    /** The (first) back end of this session. */
    public String backend() {
        return backends.getFirst();
    }

    /** The kernel {@code name} ({@code &vector_add}) as this session's (first) back end finalized it. */
    public KernelSymbol kernel(String name) {
        return kernel(name, backend());
    }

    /** The kernel {@code name} as back end {@code backend} (one of this session's) finalized it. */
    public KernelSymbol kernel(String name, String backend) {
        return executable.symbol(name, backend);
    }

    // ---- buffers ------------------------------------------------------------------------------

    /** {@code bytes} of zeroed fine-grained memory, visible to the kernels at the same address. */
    public long allocate(long bytes) {
        long address = runtime.memoryAllocate(kernargRegion, bytes);
        buffers.add(address);
        return address;
    }

    /** A new buffer holding {@code values} (32-bit little-endian). */
    public long upload(int[] values) {
        long address = allocate(Math.max(4, 4L * values.length));
        MemorySegment.copy(values, 0, memory().segment(), SharedVirtualMemory.INT, address, values.length);
        return address;
    }

    /** A new buffer holding {@code values} (IEEE single, little-endian). */
    public long upload(float[] values) {
        long address = allocate(Math.max(4, 4L * values.length));
        MemorySegment.copy(values, 0, memory().segment(), SharedVirtualMemory.FLOAT, address, values.length);
        return address;
    }

    public int[] readInts(long address, int count) {
        int[] out = new int[count];
        MemorySegment.copy(memory().segment(), SharedVirtualMemory.INT, address, out, 0, count);
        return out;
    }

    public float[] readFloats(long address, int count) {
        float[] out = new float[count];
        MemorySegment.copy(memory().segment(), SharedVirtualMemory.FLOAT, address, out, 0, count);
        return out;
    }

    /** The bytes of one buffer. */
    public byte[] readBytes(long address, long length) {
        return readBytes(new long[] {address}, new long[] {length});
    }

    /** The bytes of several buffers, one after another: a sample's output for comparing back ends. */
    public byte[] readBytes(long[] addresses, long[] lengths) {
        long total = 0;
        for (long l : lengths) {
            total += l;
        }
        byte[] out = new byte[Math.toIntExact(total)];
        int at = 0;
        for (int i = 0; i < addresses.length; i++) {
            MemorySegment.copy(memory().segment(), ValueLayout.JAVA_BYTE, addresses[i], out, at, (int) lengths[i]);
            at += (int) lengths[i];
        }
        return out;
    }

    // ---- dispatch -----------------------------------------------------------------------------

    /** A kernarg segment for one dispatch of {@code kernel}; released with the session. */
    public Kernarg kernarg(KernelSymbol kernel) {
        Kernarg k = Kernarg.allocate(runtime, kernargRegion, kernel);
        kernargs.add(k);
        return k;
    }

    /** A signal with value {@code initial}; released with the session. */
    public Signal signal(long initial) {
        Signal s = runtime.signalCreate(initial);
        signals.add(s);
        return s;
    }

    /**
     * Writes a kernel dispatch packet into the queue and rings its doorbell, without waiting. With
     * {@code afterPrevious} the packet's barrier bit is set: it starts only when every packet before it
     * in the queue has completed. Acquire and release fences are system-wide.
     *
     * @param completion decremented when the dispatch completes; null for none
     * @return the packet id
     */
    public long submit(KernelSymbol kernel, Kernarg args, Grid grid, boolean afterPrevious, Signal completion) {
        PacketHeader header = PacketHeader.of(PacketType.KERNEL_DISPATCH, afterPrevious, FenceScope.SYSTEM,
                FenceScope.SYSTEM);
        return queue.submit(KernelDispatchPacket.of(header, grid.dimensions(), grid.workgroupSize(), grid.gridSize(),
                (int) kernel.privateSegmentSize(), (int) kernel.groupSegmentSize() + grid.dynamicGroupBytes(),
                kernel.kernelObject(), args.address(), completion == null ? 0 : completion.handle()));
    }

    /**
     * Writes a barrier-AND packet with the barrier bit: it completes, decrementing {@code completion},
     * once every packet before it has completed and every signal of {@code dependencies} is 0.
     */
    public long submitBarrier(Signal completion, Signal... dependencies) {
        long[] handles = new long[dependencies.length];
        for (int i = 0; i < handles.length; i++) {
            handles[i] = dependencies[i].handle();
        }
        return queue.submit(BarrierPacket.of(PacketHeader.of(PacketType.BARRIER_AND, true, FenceScope.SYSTEM,
                FenceScope.SYSTEM), completion.handle(), handles));
    }

    /** Dispatches {@code kernel} and waits for it to complete. */
    public void dispatch(KernelSymbol kernel, Kernarg args, Grid grid) {
        if (dispatchDone == null) {
            dispatchDone = signal(1);
        } else {
            dispatchDone.store(1, MemoryOrder.RELAXED); // the packet's release publishes it
        }
        submit(kernel, args, grid, false, dispatchDone);
        await(dispatchDone);
    }

    /**
     * Waits until {@code completion} drops below 1 (HSA's completion convention).
     *
     * @throws HsaException the queue's error when a packet failed; ERROR when nothing completed in time
     */
    public void await(Signal completion) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (true) {
            long value = completion.waitFor(SignalCondition.LT, 1, POLL_NANOS, WaitState.BLOCKED, MemoryOrder.ACQUIRE);
            if (value < 1) {
                return;
            }
            HsaException failure = queueError.get();
            if (failure != null) {
                throw failure;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new HsaException(HsaStatus.ERROR, "no completion after "
                        + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS) + " s (signal value " + value + ")");
            }
        }
    }

    /** Releases the queue, signals, kernarg segments and buffers. */
    @Override
    public void close() {
        runtime.queueDestroy(queue);
        signals.forEach(runtime::signalDestroy);
        kernargs.forEach(Kernarg::close);
        buffers.forEach(runtime::memoryFree);
    }
}
