package org.hsaj.hsail.codegen.jvm;

import java.util.ArrayList;
import java.util.List;
import org.hsaj.hsail.exec.SegmentLayout;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.SourcePosition;
import org.hsaj.hsail.interp.VariableAddresses;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Creates the class of one kernel: loops that run all the work-items of a work-group, respecting
 * barriers. The emitted class has this shape (Java for bytecode):
 *
 * <pre>
 * final class HsailKernel_vector_add implements WorkGroupProgram {
 *     public void run(WorkGroupState s) {            // the driver
 *         part0(s, 0);                               // no barrier: one pass, done
 *         // with synchronisation points instead:
 *         for (int p; (p = s.nextPoint()) != DONE; ) {   // lowest point any work-item waits at
 *             switch (p) {
 *                 case 3: s.checkBarrier(3); part0(s, 3); break;            // a barrier
 *                 case 5: CrossLaneOps.activeLaneCount(s, 5, ...); part1(s, 5); break;
 *                 case 7: if (loops0(s, 7)) part0(s, 12); else part0(s, 7); break;  // see LoopInterchange,
 *                                                    // 12: an entry after the loop (InterchangedExit)
 *                 ...
 *             }
 *         }
 *     }
 *
 *     private static void part0(WorkGroupState s, int point) {   // blocks 0..k, under 8,000 bytes
 *         MemorySegment memory = s.memory; long kernarg = s.kernarg; ...  // hoisted by the JIT
 *         long absX = s.groupX * wgX; ...; held = s.uniformI[...];       // per call, before the loops
 *         try {
 *             for (z...) for (y...) for (x...) {
 *                 w = x + wgX * (y + wgY * z);
 *                 int s0 = 0, s1 = 0; long d0 = 0; ...            // HSAIL registers
 *                 if (!all &amp;&amp; stop[w] != point) continue;     // (only with points)
 *                 switch (point) { case 3: s1 = spillI[w * n + 0]; s2 = held; s3 = x * 4; goto after_barrier_3; }
 *               block0:
 *                 s0 = (int) (absX + x);                           // workitemabsid
 *                 d0 = absX + x;                                   // cvt_u64_u32 of it: affine in x
 *                 t = kernargA + d0 * 4;                           // ld, st: MemorySegment accesses,
 *                 checkIndex(t, windowA + spanA); ...              // checked against windows
 *                 if (c0 != 0) goto block2;                        // cbr
 *                 ... barrier: spillI[w * n + 0] = s1; uniformI[k] = s2; stop[w] = 3; reached3 = 1; continue;
 *               after_barrier_3:
 *                 ... branch to a block of another part: save live registers, stop[w] = its point; continue;
 *                 ... backward branch: if (--budget &lt; 0) { budget = N; s.poll(); }   // watchdog
 *                 ... entering a counted loop: if (0 &lt;= i, n &lt;= MAX - step) goto signed_copy;
 *                 ... ret: stop[w] = DONE; continue;
 *               signed_copy: ...                                   // see LoopCopies
 *             }
 *             s.passReached = reached...;                          // the points this pass reached
 *         } catch (Throwable t) { throw s.fault(t, site, x, y, z); }      // KernelFault with line
 *     }
 *
 *     private static void fn0_f(WorkGroupState s, int x, int y, int z, int w, long frame) {...}
 * }
 * </pre>
 *
 * A kernel is first generated as one part; when a method comes out over the size limit, the blocks
 * are regrouped into parts by their measured sizes and the class is generated again. What does not
 * depend on the cut ({@link BodyFacts}) is worked out once.
 */
final class KernelClassGenerator implements Opcodes {
    /** HotSpot compiles methods of at most 8,000 bytes of bytecode; stay below with a margin. */
    static final int METHOD_LIMIT = 7_800;
    /** Blocks longer than this are cut so that parts can be formed at all. */
    static final int MAX_BLOCK_INSTRUCTIONS = 120;
    private static final String PROGRAM = Type.getInternalName(WorkGroupProgram.class);

    /** A generated kernel class and what its compiled kernel needs to run it. */
    record Generated(String className, byte[] bytes, KernelInfo info, KernelPlan plan, SegmentLayout layout,
                     List<Integer> methodSizes) {
    }

    private KernelClassGenerator() {
    }

    static Generated generate(Module module, Kernel source, JvmCompilerOptions options, VariableAddresses globals) {
        Kernel kernel = source.body().isPresent() ? SyncFunctionInliner.inline(module, source) : source;
        Body body = kernel.body().orElseThrow(() -> Unsupported.at(kernel.position(), "kernel " + kernel.name()
                + " is only declared; it has no code to compile"));
        if (body.blocks().isEmpty()) {
            body = new Body(body.variables(), List.of(new org.hsaj.hsail.ir.BasicBlock(null, List.of())),
                    body.groupSegmentSize(), body.privateSegmentSize(), body.privateSegmentAlignment(),
                    body.registers());
        }
        body = BlockSplitter.withEntryBlock(BlockSplitter.split(body, MAX_BLOCK_INSTRUCTIONS));
        SegmentLayout layout = new SegmentLayout(module, kernel);
        checkCalls(module, body, layout);
        String className = KernelClassGenerator.class.getPackageName().replace('.', '/') + "/HsailKernel_"
                + GenerationContext.sanitize(kernel.name());
        for (boolean interchange : new boolean[] {true, false}) {
            BodyFacts facts = new BodyFacts(body, options.checked(), interchange);
            if (!interchange && facts.interchanged.loops().isEmpty()) {
                break;
            }
            int blocks = body.blocks().size();
            List<int[]> ranges = List.<int[]>of(new int[] {0, blocks - 1});
            int[] blockSizes = null;
            int budget = METHOD_LIMIT - 1_500;
            for (int attempt = 0; attempt < 8; attempt++) {
                Attempt a = attempt(module, kernel, facts, layout, className, options, globals, ranges);
                if (a.oversized.isEmpty()) {
                    return a.generated;
                }
                if (blockSizes == null) {
                    blockSizes = a.blockSizes;
                }
                ranges = partition(blockSizes, budget);
                budget = budget * 3 / 4;
            }
            // Else again without interchanged loops, whose code may be what does not fit.
        }
        throw Unsupported.at(kernel.position(), "kernel " + kernel.name()
                + " cannot be split into methods under " + METHOD_LIMIT + " bytes of bytecode");
    }

    /**
     * Rejects what this back end cannot call: indirect calls, and calls of functions the module only
     * declares (the layout leaves those out).
     */
    private static void checkCalls(Module module, Body kernelBody, SegmentLayout layout) {
        List<Body> bodies = new java.util.ArrayList<>(List.of(kernelBody));
        layout.functions().forEach(f -> bodies.add(f.body().orElseThrow()));
        for (Body b : bodies) {
            for (org.hsaj.hsail.ir.Instruction insn : b.instructions()) {
                switch (insn.opcode()) {
                    case ICALL -> throw Unsupported.instruction(insn, "indirect calls (icall) are not supported");
                    case CALL -> defined(module, insn, ((org.hsaj.hsail.ir.Operand.FunctionRef) insn.operand(0)).name());
                    case SCALL -> ((org.hsaj.hsail.ir.Operand.FunctionList) insn.operand(3)).functions()
                            .forEach(r -> defined(module, insn, r.name()));
                    default -> {
                    }
                }
            }
        }
    }

    private static void defined(Module module, org.hsaj.hsail.ir.Instruction insn, String name) {
        Function f = module.function(name);
        if (f == null || !f.isDefinition()) {
            throw Unsupported.instruction(insn, "function " + name + " has no definition in this module");
        }
    }

    private record Attempt(Generated generated, List<Integer> oversized, int[] blockSizes) {
    }

    private static Attempt attempt(Module module, Kernel kernel, BodyFacts facts, SegmentLayout layout, String className,
            JvmCompilerOptions options, VariableAddresses globals, List<int[]> ranges) {
        Body body = facts.body;
        GenerationContext gen = new GenerationContext(options, module, kernel, layout, className, globals);
        KernelPlan plan = new KernelPlan(facts, ranges);
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        cw.visit(V25, ACC_FINAL | ACC_SUPER, className, null, "java/lang/Object", new String[] {PROGRAM});
        cw.visitSource(kernel.position().file(), null);
        constructor(cw);
        List<Integer> sizes = new ArrayList<>();
        List<Integer> oversized = new ArrayList<>();
        int[] blockSizes = new int[body.blocks().size()];
        for (KernelPlan.Part part : plan.parts) {
            PartEmitter pe = new PartEmitter(gen, cw, plan, part, false);
            int size = pe.emit();
            sizes.add(size);
            for (int b = part.firstBlock(); b <= part.lastBlock(); b++) {
                blockSizes[b] = pe.blockSize(b);
            }
            if (!plan.interchangesOf(part).isEmpty()) {
                int loops = new PartEmitter(gen, cw, plan, part, true).emit();
                sizes.add(loops);
                size = Math.max(size, loops);
            }
            if (size > METHOD_LIMIT) {
                oversized.add(part.index());
            }
        }
        if (!oversized.isEmpty()) {
            return new Attempt(null, oversized, blockSizes); // regrouped and generated again
        }
        for (Function f : layout.functions()) {
            FunctionEmitter fe = new FunctionEmitter(gen, cw, f);
            int size = fe.emit();
            sizes.add(size);
            if (size > METHOD_LIMIT) {
                throw Unsupported.at(f.position(), "function " + f.name() + " compiles to " + size
                        + " bytes of bytecode, over the JIT's limit of 8,000; split it into smaller functions");
            }
        }
        int[] pointSites = new int[plan.points.size()];
        for (SyncPoint p : plan.points) {
            SourcePosition pos = p.isInstruction() ? p.insn().position() : firstPosition(body, p.block(), kernel);
            pointSites[p.id()] = gen.site(pos);
        }
        driver(cw, gen, plan);
        cw.visitEnd();
        KernelInfo info = new KernelInfo(kernel.name(), gen.sites, pointSites, layout.allocaArea(),
                plan.pointers.pointers());
        Generated g = new Generated(className, cw.toByteArray(), info, plan, layout, List.copyOf(sizes));
        return new Attempt(g, oversized, blockSizes);
    }

    private static SourcePosition firstPosition(Body body, int block, Kernel kernel) {
        for (int b = block; b < body.blocks().size(); b++) {
            if (!body.blocks().get(b).instructions().isEmpty()) {
                return body.blocks().get(b).instructions().getFirst().position();
            }
        }
        return kernel.position();
    }

    /** Consecutive blocks grouped so that each group's measured code stays within {@code budget} bytes. */
    static List<int[]> partition(int[] blockSizes, int budget) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        int sum = 0;
        for (int b = 0; b < blockSizes.length; b++) {
            if (b > start && sum + blockSizes[b] > budget) {
                out.add(new int[] {start, b - 1});
                start = b;
                sum = 0;
            }
            sum += blockSizes[b];
        }
        out.add(new int[] {start, blockSizes.length - 1});
        return out;
    }

    private static void constructor(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** {@code run}: one call of part 0, or the pass loop over synchronisation points. */
    private static void driver(ClassWriter cw, GenerationContext gen, KernelPlan plan) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "run", "(L" + CodeEmitter.STATE + ";)V", null, null);
        mv.visitCode();
        if (plan.isSinglePass()) {
            mv.visitVarInsn(ALOAD, 1);
            mv.visitInsn(ICONST_0);
            mv.visitMethodInsn(INVOKESTATIC, gen.className, PartEmitter.methodName(plan.parts.getFirst()),
                    PartEmitter.DESCRIPTOR, false);
            mv.visitInsn(RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            return;
        }
        Label loop = new Label();
        Label done = new Label();
        int point = 2;
        mv.visitLabel(loop);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitMethodInsn(INVOKEVIRTUAL, CodeEmitter.STATE, "nextPoint", "()I", false);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ISTORE, point);
        mv.visitLdcInsn(SyncPoint.DONE);
        mv.visitJumpInsn(IF_ICMPEQ, done);
        Label[] cases = new Label[plan.points.size()];
        for (int i = 0; i < cases.length; i++) {
            cases[i] = new Label();
        }
        mv.visitVarInsn(ILOAD, point);
        mv.visitTableSwitchInsn(0, cases.length - 1, done, cases);
        for (SyncPoint p : plan.points) {
            mv.visitLabel(cases[p.id()]);
            evaluate(mv, gen, plan, p);
            KernelPlan.Part part = plan.partOf(p.block());
            if (p.kind() == SyncPoint.Kind.LOOP) {
                // The loop with the work-items inside, after which they all wait at its exit; else as written.
                Label written = new Label();
                mv.visitVarInsn(ALOAD, 1);
                mv.visitVarInsn(ILOAD, point);
                mv.visitMethodInsn(INVOKESTATIC, gen.className, PartEmitter.loopsName(part),
                        PartEmitter.LOOPS_DESCRIPTOR, false);
                mv.visitJumpInsn(IFEQ, written);
                mv.visitVarInsn(ALOAD, 1);
                pushInt(mv, InterchangedExit.entry(plan, plan.interchangeAt(p.block())));
                mv.visitMethodInsn(INVOKESTATIC, gen.className, PartEmitter.methodName(part), PartEmitter.DESCRIPTOR,
                        false);
                mv.visitJumpInsn(GOTO, loop);
                mv.visitLabel(written);
            }
            mv.visitVarInsn(ALOAD, 1);
            mv.visitVarInsn(ILOAD, point);
            mv.visitMethodInsn(INVOKESTATIC, gen.className, PartEmitter.methodName(part), PartEmitter.DESCRIPTOR,
                    false);
            mv.visitJumpInsn(GOTO, loop);
        }
        mv.visitLabel(done);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** What happens at a point before the work-items waiting there resume. */
    private static void evaluate(MethodVisitor mv, GenerationContext gen, KernelPlan plan, SyncPoint p) {
        if (p.kind() == SyncPoint.Kind.BARRIER) {
            mv.visitVarInsn(ALOAD, 1);
            pushInt(mv, p.id());
            mv.visitMethodInsn(INVOKEVIRTUAL, CodeEmitter.STATE, "checkBarrier", "(I)V", false);
            return;
        }
        if (p.kind() != SyncPoint.Kind.CROSSLANE) {
            return;
        }
        Instruction insn = p.insn();
        String owner = Type.getInternalName(CrossLaneOps.class);
        mv.visitVarInsn(ALOAD, 1);
        pushInt(mv, p.id());
        switch (insn.opcode()) {
            case ACTIVELANECOUNT -> {
                operand(mv, plan, insn.operand(1), false);
                pushInt(mv, slot(plan, insn.operand(0)));
                mv.visitMethodInsn(INVOKESTATIC, owner, "activeLaneCount", "(L" + CodeEmitter.STATE + ";IIII)V",
                        false);
            }
            case ACTIVELANEID -> {
                pushInt(mv, slot(plan, insn.operand(0)));
                mv.visitMethodInsn(INVOKESTATIC, owner, "activeLaneId", "(L" + CodeEmitter.STATE + ";II)V", false);
            }
            case ACTIVELANEMASK -> {
                operand(mv, plan, insn.operand(1), false);
                for (Operand d : ((Operand.VectorOperand) insn.operand(0)).elements()) {
                    pushInt(mv, slot(plan, d));
                }
                mv.visitMethodInsn(INVOKESTATIC, owner, "activeLaneMask", "(L" + CodeEmitter.STATE + ";IIIIIII)V",
                        false);
            }
            default -> {
                boolean wide = insn.type().bits() == 64;
                mv.visitInsn(wide ? ICONST_1 : ICONST_0);
                operand(mv, plan, insn.operand(1), true);
                operand(mv, plan, insn.operand(2), false);
                operand(mv, plan, insn.operand(3), true);
                operand(mv, plan, insn.operand(4), false);
                pushInt(mv, slot(plan, insn.operand(0)));
                mv.visitMethodInsn(INVOKESTATIC, owner, "activeLanePermute", "(L" + CodeEmitter.STATE
                        + ";IZIJIIIJIII)V", false);
            }
        }
    }

    /** Pushes a cross-lane operand as (spill slot, constant): slot -1 for a constant. */
    private static void operand(MethodVisitor mv, KernelPlan plan, Operand op, boolean longConstant) {
        long constant = 0;
        int slot = -1;
        switch (op) {
            case Operand.Register r -> slot = plan.spillSlot[plan.registers.indexOf(r)];
            case Operand.Immediate imm -> constant = imm.bits();
            case Operand.WaveSize w -> constant = QueryTranslator.WAVE_SIZE;
            default -> throw new IllegalStateException("cross-lane operand " + op);
        }
        pushInt(mv, slot);
        if (longConstant) {
            mv.visitLdcInsn(constant);
        } else {
            pushInt(mv, (int) constant);
        }
    }

    private static int slot(KernelPlan plan, Operand op) {
        return op instanceof Operand.Register r ? plan.spillSlot[plan.registers.indexOf(r)] : -1;
    }

    private static void pushInt(MethodVisitor mv, int v) {
        mv.visitLdcInsn(v);
    }
}
