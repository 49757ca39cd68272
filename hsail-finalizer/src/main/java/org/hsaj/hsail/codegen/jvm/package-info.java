/**
 * The {@code jvm} back end of the HSAIL finalizer: each kernel becomes a hidden class whose generated
 * code runs a whole work-group as loops over its work-items. Entry point:
 * {@link org.hsaj.hsail.codegen.jvm.JvmKernelCompiler}, configured by
 * {@link org.hsaj.hsail.codegen.jvm.JvmCompilerOptions}.
 *
 * <h2>How a work-group runs</h2>
 * <ul>
 * <li>A kernel without synchronisation is one static method: three nested loops over the work-group's
 *     work-items around the kernel's code, HSAIL registers in JVM locals, kernarg values hoisted out of
 *     the loops, memory accesses on the shared memory's {@code MemorySegment}. When its work-items do
 *     not depend on their work-group (no local ids, group or private memory, calls), a run of
 *     consecutive work-groups along x is one loop ({@link org.hsaj.hsail.codegen.jvm.BatchedKernel}).</li>
 * <li>Addresses from work-item ids stay affine in the loop variable (a u32 id widened to 64 bits is
 *     the group's first id plus the local id), so the JIT takes bounds checks out of the loop.</li>
 * <li>Innermost loops that count a u32 register to a bound get a second copy comparing signed ints,
 *     entered when counter and bound allow it: the JIT turns only those into counted loops.</li>
 * <li>Barriers, wavebarriers and cross-lane operations are <em>points</em>. A work-item that reaches
 *     one saves its live registers and the loop moves on to the next work-item; the driver then runs
 *     every work-item waiting at the lowest point, and so on until all have finished. A barrier
 *     resumes only when every work-item waits at it (else the kernel faults with "barrier divergence");
 *     this makes barriers inside loops and branches work as long as control flow is work-group
 *     uniform, which HSAIL requires. Registers are kept across points in one of three ways: values
 *     computable from ids and kernarg are recomputed on resuming; values the same in every work-item
 *     at the point (uniform) are kept once per work-group; the rest go to per-work-item spill arrays.
 *     A pass that ran every work-item tells the driver where they stopped, so uniform passes need no
 *     scan of the work-items.</li>
 * <li>A counted loop of a one-dimensional kernel may run with the work-items inside: they gather at
 *     its head (a point), and when they arrive with the same counter and bound, registers the loop
 *     reads that are affine in the work-item id, and accesses that one check before the loop covers,
 *     the loop runs turn by turn, each turn for every work-item, its per-work-item registers in
 *     contiguous lane arrays (in a method of its own per part); they resume after it. The accesses of
 *     a turn then walk consecutive addresses as a wavefront's do, and the JIT compiles the turn as
 *     one simple loop ({@link org.hsaj.hsail.codegen.jvm.InterchangedLoops}). A loop whose work-items
 *     each walk memory well alone but carry a value between turns (a matrix product's sum) instead runs
 *     four work-items of a row at a time through every turn, their registers in locals, when one
 *     work-item's walk spans more than a MiB: their cache misses and dependent adds then overlap.
 *     Otherwise each runs the loop as written.</li>
 * <li>A counted loop that always takes the same few turns (a constant start and bound, at most 16
 *     turns, 256 instructions in all) is written out turn after turn, without its back edge, so the JIT
 *     sees straight code with constant counters and addresses ({@link
 *     org.hsaj.hsail.codegen.jvm.UnrolledLoops}): the tiled matrix product's inner loop over its two
 *     group tiles.</li>
 * <li>Kernels whose code would exceed the JIT's 8,000-byte method limit are split into parts, runs of
 *     blocks in separate methods; a branch into another part is a point too.</li>
 * <li>HSAIL functions are static methods called once per work-item; arguments travel through the
 *     work-item's private segment (see {@link org.hsaj.hsail.exec.SegmentLayout}). Functions that
 *     synchronise are inlined into the kernel first
 *     ({@link org.hsaj.hsail.codegen.jvm.SyncFunctionInliner}), so their barriers are the kernel's.</li>
 * <li>Wavefronts have 64 lanes: consecutive current flat work-item ids (PRM 2.6). A cross-lane
 *     operation is evaluated for every wavefront when its point runs; the work-items waiting there are
 *     the active lanes. Running the lowest point first makes divergent work-items reconverge at the
 *     earliest instruction in program order.</li>
 * <li>Atomics on group memory are plain reads and writes (a work-group runs on one thread); others go
 *     through VarHandles on the shared memory's segment, one locked instruction each.</li>
 * </ul>
 *
 * <h2>Checked and fast mode</h2>
 * Checked mode checks flat, global, readonly and kernarg accesses against the page table and group
 * and private accesses against their segment sizes, so a bad access becomes a {@code KernelFault}
 * naming the kernel, work-item, work-group and source line. An access through a kernarg pointer is
 * first compared, with {@code Objects.checkIndex} calls the JIT takes out of loops, against the run of
 * pages mapped around the pointer when the dispatch started (see {@code PointerWindows}); an access
 * outside that run is checked against the page table as it is. A counted loop's accesses through a
 * pointer register the loop steps by a fixed stride are checked once, both ends of the walk, before
 * its signed copy (see {@code StridedAccesses}), so that copy has no window check left. Other
 * accesses check the page table inline, with a one-page cache per access site. Fast mode trusts the
 * kernel: only the memory segment's own bounds check remains.
 *
 * <h2>Threading</h2>
 * Compiling is thread-safe; a compiled kernel runs work-groups of one or several dispatches on many
 * threads at once, each thread with its own per-work-group state.
 */
package org.hsaj.hsail.codegen.jvm;
