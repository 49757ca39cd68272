/**
 * The HSAIL text front end: {@link org.hsaj.hsail.text.HsailParser} reads the textual HSAIL of the
 * HSA Programmer's Reference Manual 1.0 (grammar of chapter 19) into the IR of
 * {@code org.hsaj.hsail.ir}, resolving names, typing constants (PRM 4.8.5) and laying out frames, then
 * runs the validator. Every problem becomes a {@link org.hsaj.hsail.analysis.Diagnostic} with file,
 * line and column; parsing goes on after an error so that one run reports many.
 *
 * <p>Accepted beyond the 1.0 grammar, for sources written against earlier drafts: packed constants
 * with a leading underscore ({@code _u8x4(1, 2, 3, 4)}), braces around plain constants as an array
 * initializer ({@code = {1, 2, 3}}), integer constants for packed operands, and modifiers in any order.
 * Images, samplers and fine-grain barriers are parsed far enough to be reported as unsupported.
 * {@code loc} and {@code pragma} annotations are read and dropped.
 */
package org.hsaj.hsail.text;
