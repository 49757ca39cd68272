/**
 * The reference interpreter of HSAIL kernels, the oracle of every other back end.
 *
 * <p>Entry points: {@link org.hsaj.hsail.interp.KernelInterpreter#run} for a whole dispatch and
 * {@link org.hsaj.hsail.interp.KernelInterpreter#runWorkGroup} for one work-group (what a compute unit
 * of the GPU agent runs). A dispatch is described by {@link org.hsaj.hsail.interp.KernelDispatch} and
 * {@link org.hsaj.hsail.interp.DispatchGeometry}; global and readonly variables are placed by an
 * executable loader behind {@link org.hsaj.hsail.interp.VariableAddresses}
 * ({@link org.hsaj.hsail.interp.ModuleVariables} is a simple one). The layouts shared with the runtime
 * and the code generators (signal value, queue indices, flat apertures, wavefront size) are in
 * {@link org.hsaj.hsail.interp.PlatformLayout}. Faults surface as
 * {@link org.hsaj.hsail.interp.KernelFaultException}.
 */
package org.hsaj.hsail.interp;
