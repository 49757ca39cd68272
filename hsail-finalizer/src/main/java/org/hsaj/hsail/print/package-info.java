/**
 * The IR as HSAIL text: {@link org.hsaj.hsail.print.HsailPrinter}. Its output parses back to the same
 * IR, so it serves as golden output in tests and as the readable form of a module when debugging.
 */
package org.hsaj.hsail.print;
