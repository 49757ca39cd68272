package org.hsaj.gpu.dispatch;

import com.lmax.disruptor.WaitStrategy;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hsaj.runtime.api.HsaConfig;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.AtomicOp;
import org.hsaj.runtime.memory.MemoryOrder;
import org.hsaj.runtime.packet.AgentDispatchPacket;
import org.hsaj.runtime.packet.AqlPacket;
import org.hsaj.runtime.packet.BarrierPacket;
import org.hsaj.runtime.packet.FenceScope;
import org.hsaj.runtime.packet.KernelDispatchPacket;
import org.hsaj.runtime.packet.PacketHeader;
import org.hsaj.runtime.packet.PacketType;
import org.hsaj.runtime.queue.QueueErrorCallback;
import org.hsaj.runtime.queue.UserModeQueue;
import org.hsaj.runtime.signal.ConditionWait;
import org.hsaj.runtime.signal.DeadlineBarrier;
import org.hsaj.runtime.signal.Signal;
import org.hsaj.runtime.signal.SignalTable;
import org.hsaj.runtime.signal.WaitStrategyKind;

/**
 * Consumes one user-mode queue, packet by packet, in order, on its own thread.
 *
 * <p>For each packet id from {@code read_index} on: wait (with the doorbell's wait strategy) until the
 * slot's header stops being INVALID, load it with acquire order, decode and validate the packet, apply
 * the acquire fence, run it (barrier-AND/OR: wait for the dependency signals; kernel dispatch: hand it
 * to the {@link KernelExecutor}; agent dispatch: call the {@link AgentFunction}), apply the release
 * fence, reset the slot to INVALID, advance {@code read_index} (release) and decrement the completion
 * signal. A packet starts only after the one before it completed, so the barrier bit always holds.
 *
 * <p>An invalid packet, or a dispatch that fails, stops this queue and is reported to its error
 * callback; no other queue is affected. A packet left INVALID for longer than the configured grace
 * period after the doorbell announced it is reported as invalid too.
 */
final class PacketProcessor implements Runnable {
    private final UserModeQueue queue;
    private final QueueErrorCallback errors;
    private final SignalTable signals;
    private final PacketValidator validator;
    private final KernelExecutor executor;
    private final Map<Integer, AgentFunction> agentFunctions;
    private final long graceNanos;
    private static final short INVALID_HEADER =
            PacketHeader.of(PacketType.INVALID, false, FenceScope.NONE, FenceScope.NONE).encode();
    /** At most this many packets complete before read_index is published. */
    private static final int READ_INDEX_BATCH = 64;
    private int unpublished;
    /** Woken by any dependency signal of the barrier packet being waited on. */
    private final WaitStrategy barrierWait;

    PacketProcessor(UserModeQueue queue, QueueErrorCallback errors, SignalTable signals, PacketValidator validator,
            KernelExecutor executor, Map<Integer, AgentFunction> agentFunctions, HsaConfig config) {
        this.queue = queue;
        this.errors = errors;
        this.signals = signals;
        this.validator = validator;
        this.executor = executor;
        this.agentFunctions = agentFunctions;
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(config.invalidPacketGraceMillis());
        this.barrierWait = WaitStrategyKind.BLOCKING.create();
    }

    @Override
    public void run() {
        long packetId = queue.loadReadIndex(MemoryOrder.ACQUIRE);
        while (queue.isActive()) {
            if (!awaitPublished(packetId)) {
                continue;
            }
            try {
                process(packetId);
            } catch (HsaException e) {
                fail(e.status(), packetId, e.getMessage());
                return;
            } catch (RuntimeException e) {
                fail(HsaStatus.ERROR_EXCEPTION, packetId, "packet " + packetId + ": " + e);
                return;
            }
            packetId++;
        }
    }

    /** Waits until packet {@code packetId} is published; false when the queue stopped or a re-check is due. */
    private boolean awaitPublished(long packetId) {
        long announcedSince = 0;
        while (queue.isActive()) {
            if (isPublished(packetId)) {
                return true;
            }
            long deadline = DeadlineBarrier.NO_DEADLINE;
            if (queue.doorbell().load(MemoryOrder.RELAXED) >= packetId) {
                long now = System.nanoTime();
                if (announcedSince == 0) {
                    announcedSince = now;
                } else if (now - announcedSince >= graceNanos) {
                    fail(HsaStatus.ERROR_INVALID_PACKET_FORMAT, packetId, String.format(
                            "packet %d is still INVALID %d ms after the doorbell announced it", packetId,
                            TimeUnit.NANOSECONDS.toMillis(now - announcedSince)));
                    return false;
                }
                deadline = announcedSince + graceNanos;
            }
            DeadlineBarrier barrier = new DeadlineBarrier(deadline, () -> !queue.isActive());
            try {
                ConditionWait.await(queue.doorbell().waitStrategy(),
                        () -> isPublished(packetId) || queue.doorbell().load(MemoryOrder.RELAXED) >= packetId, barrier);
            } catch (InterruptedException e) {
                queue.inactivate();
                return false;
            }
        }
        return false;
    }

    private boolean isPublished(long packetId) {
        return PacketHeader.typeOf(queue.loadHeader(packetId)) != PacketType.INVALID.value();
    }

    private void process(long packetId) {
        MemorySegment slot = queue.slot(packetId);
        PacketHeader header = PacketHeader.decode(queue.loadHeader(packetId));
        String headerProblem = header.problem();
        if (headerProblem != null) {
            throw new HsaException(HsaStatus.ERROR_INVALID_PACKET_FORMAT, "packet " + packetId + ": " + headerProblem);
        }
        AqlPacket packet = switch (header.type()) {
            case KERNEL_DISPATCH -> KernelDispatchPacket.decode(slot);
            case BARRIER_AND, BARRIER_OR -> BarrierPacket.decode(slot);
            case AGENT_DISPATCH -> AgentDispatchPacket.decode(slot);
            case VENDOR_SPECIFIC -> throw new HsaException(HsaStatus.ERROR_INVALID_PACKET_FORMAT,
                    "packet " + packetId + ": vendor-specific packets are not supported by this agent");
            case INVALID -> throw new IllegalStateException("INVALID packets are never processed");
        };
        PacketProblem problem = validator.check(packet);
        if (problem != null) {
            throw new HsaException(problem.status(), "packet " + packetId + " (" + header.type() + "): "
                    + problem.message());
        }
        fence(header.acquireScope());
        switch (packet) {
            case KernelDispatchPacket k -> executor.execute(
                    new KernelDispatch(k, queue, packetId, queue.slotAddress(packetId)));
            case BarrierPacket b -> awaitDependencies(b, header.type() == PacketType.BARRIER_AND, packetId);
            case AgentDispatchPacket a -> callAgentFunction(a);
        }
        if (!queue.isActive()) {
            return;
        }
        fence(header.releaseScope());
        complete(packetId, packet.completionSignal());
    }

    private static void fence(FenceScope scope) {
        if (scope != FenceScope.NONE) {
            VarHandle.fullFence();
        }
    }

    private void awaitDependencies(BarrierPacket barrier, boolean all, long packetId) {
        List<Signal> dependencies = new ArrayList<>();
        for (int i = 0; i < BarrierPacket.DEPENDENCIES; i++) {
            long handle = barrier.dependencySignal(i);
            if (handle != 0) {
                // A 0 handle satisfies an AND and never satisfies an OR: leaving it out does both.
                dependencies.add(signals.lookup(handle));
            }
        }
        if (all && dependencies.isEmpty()) {
            return;
        }
        if (!all && dependencies.isEmpty()) {
            // A barrier-OR whose every handle is 0 can never be satisfied: say so rather than hang.
            throw new HsaException(HsaStatus.ERROR_INVALID_PACKET_FORMAT, "packet " + packetId
                    + " (BARRIER_OR): every dep_signal is 0, so it can never complete");
        }
        dependencies.forEach(s -> s.addObserver(barrierWait));
        try {
            DeadlineBarrier stop = new DeadlineBarrier(DeadlineBarrier.NO_DEADLINE,
                    () -> !queue.isActive() || dependencies.stream().anyMatch(Signal::isDestroyed));
            ConditionWait.await(barrierWait, () -> all
                    ? dependencies.stream().allMatch(s -> s.load(MemoryOrder.ACQUIRE) == 0)
                    : dependencies.stream().anyMatch(s -> s.load(MemoryOrder.ACQUIRE) == 0), stop);
        } catch (InterruptedException e) {
            queue.inactivate();
        } finally {
            dependencies.forEach(s -> s.removeObserver(barrierWait));
        }
        if (queue.isActive() && dependencies.stream().anyMatch(Signal::isDestroyed)) {
            throw new HsaException(HsaStatus.ERROR_INVALID_SIGNAL,
                    "packet " + packetId + ": a dependency signal was destroyed while the barrier waited on it");
        }
    }

    private void callAgentFunction(AgentDispatchPacket a) {
        long[] args = a.args();
        long result = agentFunctions.get(a.type()).call(args[0], args[1], args[2], args[3]);
        if (a.returnAddress() != 0) {
            queue.memory().storeLong(a.returnAddress(), result);
        }
    }

    private void complete(long packetId, long completionSignal) {
        queue.storeHeader(packetId, INVALID_HEADER);
        // Like a Disruptor batch consumer, publish read_index once per run of ready packets: always
        // before a completion signal (a waiter may look at the queue next) and at least every BATCH.
        if (completionSignal != 0 || ++unpublished >= READ_INDEX_BATCH || !isPublished(packetId + 1)) {
            queue.storeReadIndex(packetId + 1, MemoryOrder.RELEASE);
            unpublished = 0;
        }
        if (completionSignal != 0) {
            signals.lookup(completionSignal).apply(AtomicOp.SUB, 1, MemoryOrder.RELEASE);
        }
    }

    private void fail(HsaStatus status, long packetId, String message) {
        queue.inactivate();
        errors.onError(status, queue, packetId, message);
    }
}
