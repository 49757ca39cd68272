/**
 * The HSAIL intermediate representation: the one contract between front ends (the text parser in
 * {@code org.hsaj.hsail.text}, a BRIG reader) and back ends (the reference interpreter, the JVM
 * bytecode generator, the OpenCL C generator).
 *
 * <h2>Shape</h2>
 * <pre>
 * Module                 header (version, profile, machine model, default rounding), extensions,
 *  └ ModuleStatement*    in source order: Variable | Kernel | Function | Signature
 *     Kernel             parameters (kernarg Variables with offsets), kernarg size/alignment,
 *                        ControlDirectives, Optional&lt;Body&gt;
 *     Function           output and input formal arguments (arg Variables with frame offsets),
 *                        indirect flag, ControlDirectives, Optional&lt;Body&gt;
 *     Body               code block Variables (group/private/spill offsets, segment sizes),
 *                        BasicBlock*, RegisterUsage
 *      └ BasicBlock      optional label, Instruction*
 *         Instruction    Opcode, Modifiers, type, sourceType, Operand*, SourcePosition
 *            Operand     Register | Immediate | WaveSize | Address | VectorOperand | LabelRef |
 *                        LabelList | FunctionRef | FunctionList | SignatureRef | ArgumentList
 * </pre>
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>Everything is immutable (records and enums; lists are unmodifiable copies) and may be shared
 *     between threads without synchronisation.</li>
 * <li>Nothing depends on the text format: names keep their sigils ({@code &k}, {@code %x},
 *     {@code @L}) because HSAIL names include them, constants are stored as bits of their operand's
 *     type (PRM 4.8.5), and every layout decision (variable offsets, segment sizes) is made by
 *     {@link org.hsaj.hsail.ir.FrameLayout} so that every front end produces the same IR.</li>
 * <li>Operands follow the PRM's order, destination(s) first. Which operands are destinations and
 *     what type each has is given by {@link org.hsaj.hsail.ir.OperandRules}.</li>
 * <li>Branch targets are {@link org.hsaj.hsail.ir.Operand.LabelRef}s holding the index of the target
 *     block in {@link org.hsaj.hsail.ir.Body#blocks()}.</li>
 * <li>Calls: {@code call &f (outs) (ins)} is operands [FunctionRef, ArgumentList outs, ArgumentList
 *     ins]; {@code scall} is [selector, outs, ins, FunctionList]; {@code icall} is [function address,
 *     outs, ins, SignatureRef]. The argument variables are defined by the enclosing arg block, which is
 *     bracketed by {@link org.hsaj.hsail.ir.Opcode#ARG_BLOCK_START} (whose operand lists them, with
 *     offsets in the block's arg frame) and {@link org.hsaj.hsail.ir.Opcode#ARG_BLOCK_END}. At a call
 *     the i-th input argument's bytes are passed to the callee's i-th input formal argument, and the
 *     callee's outputs come back the same way.</li>
 * <li>A variable in an address expression is the {@link org.hsaj.hsail.ir.Variable} in scope at that
 *     point (for a module variable possibly a declaration; resolve the definition by name with
 *     {@link org.hsaj.hsail.ir.Module#variable(String)}).</li>
 * <li>Memory layout of immediates, initializers and memory is little-endian.</li>
 * <li>Source positions exist for diagnostics and fault reports only; two IRs that differ only in
 *     positions mean the same program.</li>
 * </ul>
 *
 * <p>The IR is produced valid: front ends run {@code org.hsaj.hsail.analysis} checks before handing
 * it out, so back ends may assume operand counts, kinds and register classes match the opcode.
 */
package org.hsaj.hsail.ir;
