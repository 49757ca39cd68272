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
 *     the loops, memory accesses on the shared memory's {@code MemorySegment}.</li>
 * <li>Barriers, wavebarriers and cross-lane operations are <em>points</em>. A work-item that reaches
 *     one saves its live registers to per-work-item spill arrays and the loop moves on to the next
 *     work-item; the driver then runs every work-item waiting at the lowest point, and so on until all
 *     have finished. A barrier resumes only when every work-item waits at it (else the kernel faults
 *     with "barrier divergence"); this makes barriers inside loops and branches work as long as control
 *     flow is work-group uniform, which HSAIL requires.</li>
 * <li>Kernels whose code would exceed the JIT's 8,000-byte method limit are split into parts, runs of
 *     blocks in separate methods; a branch into another part is a point too.</li>
 * <li>HSAIL functions are static methods called once per work-item; arguments travel through the
 *     work-item's private segment (see {@link org.hsaj.hsail.codegen.jvm.ProgramLayout}).</li>
 * <li>Wavefronts have 64 lanes: consecutive current flat work-item ids (PRM 2.6). A cross-lane
 *     operation is evaluated for every wavefront when its point runs; the work-items waiting there are
 *     the active lanes. Running the lowest point first makes divergent work-items reconverge at the
 *     earliest instruction in program order.</li>
 * </ul>
 *
 * <h2>Checked and fast mode</h2>
 * Checked mode checks flat, global, readonly and kernarg accesses against the page table (inline,
 * with a one-page cache per access site) and group and private accesses against their segment sizes,
 * so a bad access becomes a {@code KernelFault} naming the kernel, work-item, work-group and source
 * line. Fast mode trusts the kernel: only the memory segment's own bounds check remains.
 *
 * <h2>Threading</h2>
 * Compiling is thread-safe; a compiled kernel runs work-groups of one or several dispatches on many
 * threads at once, each thread with its own per-work-group state.
 */
package org.hsaj.hsail.codegen.jvm;
