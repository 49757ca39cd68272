package org.hsaj.gpu.cu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hsaj.hsail.codegen.jvm.BatchedKernel;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * The GPU agent's compute units: one host thread each, with its own group and private memory carved out
 * of the shared virtual memory. A dispatch is run by handing every participating compute unit a job;
 * each then takes work-groups from the dispatch's {@link WorkGroupSource} until none are left.
 *
 * <p>Threading: {@link #run} may be called by several queue threads at once; jobs of different
 * dispatches queue up per compute unit and run in arrival order.
 */
public final class ComputeUnits implements AutoCloseable {
    private static final Job STOP = new Job(null, null, null, null, null);
    /**
     * The most work-items one call of a {@link BatchedKernel} runs (a run of work-groups along x); the
     * scheduling policy decides how long runs are below it. A bound so that a run's work-item numbers
     * stay far from the int range the generated loops count in.
     */
    static final int BATCH_WORK_ITEMS = 1 << 24;

    private final List<Thread> threads = new ArrayList<>();
    private final List<BlockingQueue<Job>> inboxes = new ArrayList<>();
    private final List<WorkGroupMemory> memories = new ArrayList<>();

    private record Job(CompiledKernel kernel, DispatchContext dispatch, WorkGroupSource source, CountDownLatch done,
            AtomicReference<RuntimeException> failure) {
    }

    /**
     * Starts {@code count} compute units, each with {@code groupBytes} of group memory and
     * {@code privateBytes} of private memory reserved (lazily) in {@code memory}.
     */
    public ComputeUnits(int count, SharedVirtualMemory memory, long groupBytes, long privateBytes) {
        for (int c = 0; c < count; c++) {
            long group = reserve(memory, groupBytes);
            long priv = reserve(memory, privateBytes);
            WorkGroupMemory wgm = new WorkGroupMemory(group, groupBytes, priv, privateBytes);
            memories.add(wgm);
            BlockingQueue<Job> inbox = new ArrayBlockingQueue<>(1024);
            inboxes.add(inbox);
            int index = c;
            Thread t = Thread.ofPlatform().daemon().name("hsaj-cu-" + c).start(() -> serve(index, inbox, wgm));
            threads.add(t);
        }
    }

    private static long reserve(SharedVirtualMemory memory, long bytes) {
        long address = memory.allocator().reserve(bytes, PageTable.PAGE_SIZE, memory.size() / 2);
        if (address == 0) {
            throw new IllegalStateException("no room for " + bytes + " bytes of compute-unit memory");
        }
        memory.map(address, bytes, PageTable.READ_WRITE);
        return address;
    }

    public int count() {
        return threads.size();
    }

    /** The memory compute unit {@code index} lends its work-groups. */
    public WorkGroupMemory memory(int index) {
        return memories.get(index);
    }

    private static void serve(int index, BlockingQueue<Job> inbox, WorkGroupMemory memory) {
        while (true) {
            Job job;
            try {
                job = inbox.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == STOP) {
                return;
            }
            try {
                runWorkGroups(index, job, memory);
            } catch (RuntimeException e) {
                job.failure.compareAndSet(null, e);
                job.dispatch.cancel("another work-group failed: " + e.getMessage());
            } finally {
                job.done.countDown();
            }
        }
    }

    /**
     * Runs the work-groups the source hands this compute unit. A kernel that can run several
     * work-groups per call ({@link BatchedKernel}) claims runs of consecutive ones (of at most
     * {@link #BATCH_WORK_ITEMS} work-items; the source decides how long) and gets each run's part in one
     * row of the grid per call; other kernels claim and run one work-group at a time (so that stealing
     * balances them finely).
     */
    private static void runWorkGroups(int index, Job job, WorkGroupMemory memory) {
        DispatchGeometry g = job.dispatch.geometry();
        long groupsX = g.gridGroups(0);
        long groupsXY = groupsX * g.gridGroups(1);
        BatchedKernel batched = job.kernel instanceof BatchedKernel b ? b : null;
        int maxRun = batched == null ? 1 : Math.max(1, BATCH_WORK_ITEMS / g.workItemsPerGroup());
        for (WorkGroupSource.Run run = job.source.claim(index, maxRun); run != null;
                run = job.source.claim(index, maxRun)) {
            if (job.dispatch.isCancelled()) {
                return;
            }
            long end = run.first() + run.count();
            for (long group = run.first(); group < end; ) {
                long z = group / groupsXY;
                long rest = group - z * groupsXY;
                long y = rest / groupsX;
                long x = rest - y * groupsX;
                int length = (int) Math.min(end - group, groupsX - x);
                if (batched != null) {
                    batched.runWorkGroups(job.dispatch, memory, x, y, z, length);
                } else {
                    job.kernel.runWorkGroup(job.dispatch, memory, x, y, z);
                }
                group += length;
            }
        }
    }

    /**
     * Runs every work-group of {@code dispatch} on the compute units and returns when all have finished.
     * A dispatch still running {@code limitNanos} after it started (when positive) is cancelled with
     * {@code overrun} as the reason; the calling thread keeps the time itself, so a watchdog costs no
     * thread and nothing per dispatch but a timed wait.
     *
     * @throws RuntimeException the first failure of any work-group (the rest of the dispatch is cancelled)
     */
    public void run(CompiledKernel kernel, DispatchContext dispatch, WorkGroupScheduler scheduler, long limitNanos,
            String overrun) throws InterruptedException {
        long total = dispatch.geometry().totalGroups();
        int participants = (int) Math.min(count(), total);
        WorkGroupSource source = scheduler.plan(total, participants);
        CountDownLatch done = new CountDownLatch(participants);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Job job = new Job(kernel, dispatch, source, done, failure);
        for (int c = 0; c < participants; c++) {
            inboxes.get(c).put(job);
        }
        if (limitNanos > 0 && !done.await(limitNanos, TimeUnit.NANOSECONDS)) {
            dispatch.cancel(overrun);
        }
        done.await();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    @Override
    public void close() {
        for (BlockingQueue<Job> inbox : inboxes) {
            inbox.offer(STOP);
        }
        for (Thread t : threads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
