/**
 * Checks on the IR and the diagnostics they produce: {@link org.hsaj.hsail.analysis.Validator} applies
 * the PRM's rules (operand counts and kinds, types per opcode, register classes, immediates, segment
 * use, calls, register limits, profile and machine model) to an IR from any front end;
 * {@link org.hsaj.hsail.analysis.Diagnostic} and {@link org.hsaj.hsail.analysis.HsailException} carry
 * the results to users.
 */
package org.hsaj.hsail.analysis;
