/**
 * The reference interpreter of HSAIL kernels, the oracle of every other back end: the {@code interp}
 * back end of the contract in {@link org.hsaj.hsail.exec}.
 *
 * <p>Entry point: {@link org.hsaj.hsail.interp.InterpreterKernelCompiler}, whose compiled kernels run a
 * work-group per {@code runWorkGroup} call with group and private memory where the compute unit lends
 * it, exactly as the contract's addressing rules say; see {@code InterpretedKernel} for the semantics
 * and how work-items of a work-group take turns.
 */
package org.hsaj.hsail.interp;
