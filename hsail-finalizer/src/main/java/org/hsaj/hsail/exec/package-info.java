/**
 * The contract between the GPU agent and the back ends that run finalized HSAIL (the reference
 * interpreter, the JVM code generator): a {@link org.hsaj.hsail.exec.KernelCompiler} turns an IR kernel
 * into a {@link org.hsaj.hsail.exec.CompiledKernel}, whose {@code runWorkGroup} the agent's compute
 * units call, concurrently, for the work-groups of a dispatch.
 *
 * <h2>Addresses</h2>
 * Every segment lives in the platform's shared virtual memory, so every segment address has a flat
 * address and every access is a read or write of {@code DispatchContext.memory().segment()}:
 * <ul>
 * <li>global, readonly and flat addresses are shared-virtual-memory addresses;</li>
 * <li>kernarg: the kernarg segment address of a byte is its flat address (the packet's
 *     {@code kernarg_address} plus the parameter offset);</li>
 * <li>group: segment address {@code a} of the running work-group is flat address
 *     {@code WorkGroupMemory.groupBase() + a} (valid for {@code a < DispatchContext.groupSegmentSize()});</li>
 * <li>private and spill: segment address {@code a} of the work-item with flat id {@code w} inside its
 *     work-group is flat address {@code WorkGroupMemory.privateBase() + w * privateSegmentSize + a},
 *     where {@code privateSegmentSize} is {@link org.hsaj.hsail.exec.DispatchContext#privateSegmentSize()};</li>
 * <li>{@code stof}/{@code ftos} convert with those same formulas; {@code nullptr} of any segment is 0.</li>
 * </ul>
 * Which segment address each group, private, spill and arg variable has is {@link
 * org.hsaj.hsail.exec.SegmentLayout}'s; global and readonly variables are where the loader placed them
 * ({@link org.hsaj.hsail.exec.VariableAddresses}, {@link org.hsaj.hsail.exec.ModuleVariables}).
 *
 * <h2>Wavefronts</h2>
 * A wavefront is {@link org.hsaj.hsail.exec.CompiledKernel#WAVEFRONT_SIZE} (64) consecutive current flat
 * work-item ids of a work-group; lane id = current flat id mod 64. The active lanes of a cross-lane
 * operation are the work-items that reach it together: work-items stop at barriers, wavebarriers and
 * cross-lane operations, and those waiting at the earliest such point in program order go on first, so
 * divergent work-items reconverge there.
 *
 * <h2>Cancellation and faults</h2>
 * Back ends check {@link org.hsaj.hsail.exec.DispatchContext#isCancelled()} at least at backward branches
 * and barriers, and report it, like every failure of a work-item, as a {@link
 * org.hsaj.hsail.exec.KernelFault} whose position {@link org.hsaj.hsail.exec.KernelFault#position} writes.
 *
 * <h2>Signals and queues</h2>
 * A signal handle is the address of a 64-byte object whose int64 value is at handle + 8; signal
 * instructions use the shared memory's atomics on it. A queue address points at a descriptor whose
 * {@code read_index} is at offset 64 and {@code write_index} at offset 128
 * ({@code org.hsaj.runtime.queue.QueueLayout}).
 */
package org.hsaj.hsail.exec;
