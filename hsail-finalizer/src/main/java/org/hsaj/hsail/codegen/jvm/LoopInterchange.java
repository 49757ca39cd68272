package org.hsaj.hsail.codegen.jvm;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hsaj.hsail.ir.CompareOperation;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterClass;
import org.objectweb.asm.Label;
import org.objectweb.asm.Opcodes;

/**
 * Emits, in the method that runs a part's interchanged loops ({@code loopsN}, beside the part's
 * method), the run of one loop with the work-items inside ({@link InterchangedLoops}). The driver calls
 * it when the work-items wait at the loop's head: it checks that the interchange keeps every result
 * and fault, runs the loop turn by turn over all of them, leaves the turns it took where the part's
 * entry after the loop ({@link InterchangedExit}) finds them and returns true; when a check fails
 * nothing visible has changed, it returns false, and the part runs each work-item's loop as written.
 * Shape (Java for bytecode):
 *
 * <pre>
 *   if (point == GATHER) {
 *       if (!all || sizeZ != 1 || sizeX, sizeY over 2^16) goto failed;
 *       for (y...) for (x...) {                             // gather; w = x + wgX y
 *           registers = what work-item (x, y) stopped with;
 *           if (x == 0 &amp;&amp; y == 0) first_r = r;
 *           else { if (x == 0 &amp;&amp; y == 1) row_r = r - first_r;
 *                  if (r != first_r + c_r x + row_r y) goto failed; }   // affine; counter, bound alike
 *           lane_j[w] = r_j;                                  // lanes: j * items + w
 *       }
 *       if (counter, bound outside [0, MAX - step]) goto failed;
 *       if (a corner of a global access outside its window, a group access past the segment) goto failed;
 *       t = 0;
 *       do {                                                  // one turn for every work-item
 *           for (y...) for (x...) {
 *               r = first_r + c_r x + row_r y (+ step_r t for inductions); r_j = lane_j[w];
 *               ... the loop's code, less its latch's step, comparison and branch ...
 *               lane_j[w] = r_j;                              // the registers the loop sets
 *           }
 *           t++; counter += step; watchdog;
 *       } while (counter &lt; bound);                          // the latch's comparison, signed
 *       (a tally: added to its group variable)
 *       s.interchangedTurns = t;                              // the part resumes them from the lanes
 *       failures = 0; return true;
 *     failed:
 *       failures++; return false;
 *   }
 * </pre>
 *
 * The checks before the loop stand for every check its accesses would make, so the turns hold no
 * window checks, and no access in them can fault: a fault stays where running the work-items one
 * after another puts it, in the loop as written.
 */
final class LoopInterchange implements Opcodes {
    private final PartEmitter e;
    private final KernelPlan.Interchange ic;
    private final InterchangedLoops.Loop l;
    private final CountedLoops.Loop loop;
    private final Map<Integer, Integer> intLanes;
    private final Map<Integer, Integer> longLanes;
    /** Registers whose value must be affine in the work-item id (coefficient), the counter among them. */
    private final Map<Integer, Long> checkedAffine = new LinkedHashMap<>();
    /** Per register of {@link #checkedAffine}, the local holding work-item 0's value. */
    private final Map<Integer, Integer> first = new LinkedHashMap<>();
    /** Per register of {@link #checkedAffine}, the local holding what it grows by from one row (y) to the next. */
    private final Map<Integer, Integer> rowStep = new LinkedHashMap<>();
    /** Registers that must be the same in every work-item: counter, bound, steps of inductions. */
    private final java.util.Set<Integer> uniform = new java.util.HashSet<>();
    private final int sLaneI;
    private final int sLaneL;
    private final int sItems;
    private final int sLast;
    private final int sTally;
    private final int sWord;
    /** The turns run so far. */
    private final int sTurn;
    private final int counter;
    /** Jammed loops: the first x of the work-items running together (-1: not jammed). */
    private final int sBlock;
    /** Jammed loops: whether some global access's walk leaves the cache ({@link #farWalk}; -1: not jammed). */
    private final int sFar;
    /** Jammed loops: per work-item running together, the locals of its lane registers, by register. */
    private final List<Map<Integer, Integer>> jamLocals = new java.util.ArrayList<>();

    /** Allocates the locals: call before the part's registers get theirs. */
    LoopInterchange(PartEmitter e, KernelPlan plan, KernelPlan.Interchange ic) {
        this.e = e;
        this.ic = ic;
        this.l = ic.loop();
        this.loop = l.loop();
        this.intLanes = InterchangedLoops.laneIndex(l.lanes(), plan.registers, true);
        this.longLanes = InterchangedLoops.laneIndex(l.lanes(), plan.registers, false);
        this.counter = plan.registers.indexOf(loop.counter());
        checkedAffine.putAll(l.affine());
        checkedAffine.put(counter, 0L);
        for (int r : checkedAffine.keySet()) {
            first.put(r, e.allocate(isInt(plan.registers.register(r)) ? 1 : 2));
            rowStep.put(r, e.allocate(isInt(plan.registers.register(r)) ? 1 : 2));
        }
        uniform.add(counter);
        if (loop.bound() instanceof Operand.Register b) {
            uniform.add(plan.registers.indexOf(b));
        }
        for (InterchangedLoops.Induction d : l.inductions().values()) {
            if (d.step() instanceof Operand.Register s) {
                uniform.add(plan.registers.indexOf(s));
            }
        }
        sLaneI = e.allocate(1);
        sLaneL = e.allocate(1);
        sItems = e.allocate(1);
        sLast = e.allocate(1);
        sTally = e.allocate(1);
        sWord = e.allocate(1);
        sTurn = e.allocate(1);
        boolean jammed = l.jam() > 1;
        sBlock = jammed ? e.allocate(1) : -1;
        sFar = jammed ? e.allocate(1) : -1;
        for (int c = 0; c < (jammed ? l.jam() : 0); c++) {
            Map<Integer, Integer> locals = new LinkedHashMap<>();
            for (int r = l.lanes().nextSetBit(0); r >= 0; r = l.lanes().nextSetBit(r + 1)) {
                locals.put(r, e.allocate(isInt(plan.registers.register(r)) ? 1 : 2));
            }
            jamLocals.add(locals);
        }
    }

    private static boolean isInt(Operand.Register r) {
        return r.registerClass() != RegisterClass.D;
    }

    /**
     * Emits the attempt: returns true when it ran the loop (the work-items then wait after it), false
     * when it did not and they still wait at its head; falls through when the call runs another point.
     */
    void emit() {
        Label asWritten = new Label();
        Label failed = new Label();
        e.mv.visitVarInsn(ILOAD, e.sPoint);
        e.push(ic.gather().id());
        e.mv.visitJumpInsn(IF_ICMPNE, asWritten);
        e.mv.visitVarInsn(ILOAD, e.sAll);
        e.mv.visitJumpInsn(IFEQ, failed);
        e.mv.visitVarInsn(ILOAD, e.sSizeZ);
        e.push(1);
        e.mv.visitJumpInsn(IF_ICMPNE, failed);
        for (int size : new int[] {e.sSizeX, e.sSizeY}) {
            e.mv.visitVarInsn(ILOAD, size);
            e.push(1 << 16); // AQL work-group sizes are 16-bit; the corner checks count on it
            e.mv.visitJumpInsn(IF_ICMPGT, failed);
        }
        e.loadField("laneI", "[I", ASTORE, sLaneI);
        e.loadField("laneL", "[J", ASTORE, sLaneL);
        e.loadField("items", "I", ISTORE, sItems);
        e.zeroRegisters(); // defined on every path, for the verifier
        for (Map<Integer, Integer> locals : List.of(first, rowStep)) {
            for (Map.Entry<Integer, Integer> f : locals.entrySet()) {
                boolean isInt = isInt(e.registers.register(f.getKey()));
                e.mv.visitInsn(isInt ? ICONST_0 : LCONST_0);
                e.mv.visitVarInsn(isInt ? ISTORE : LSTORE, f.getValue());
            }
        }
        gather(failed);
        checkBeforeLoop(failed);
        if (l.tally() > 0) {
            e.loadField("tally", "[I", ASTORE, sTally);
            forEachWord(() -> {
                e.mv.visitVarInsn(ALOAD, sTally);
                e.mv.visitVarInsn(ILOAD, sWord);
                e.push(0);
                e.mv.visitInsn(IASTORE);
            });
        }
        turns();
        if (l.tally() > 0) {
            addTally();
        }
        e.mv.visitVarInsn(ALOAD, e.sState); // the work-items take up their registers where they resume
        e.mv.visitVarInsn(ILOAD, sTurn);
        e.mv.visitFieldInsn(PUTFIELD, CodeEmitter.STATE, "interchangedTurns", "I");
        e.mv.visitFieldInsn(GETSTATIC, CodeEmitter.STATE, "INTERCHANGED_RUNS", "Ljava/util/concurrent/atomic/LongAdder;");
        e.mv.visitMethodInsn(INVOKEVIRTUAL, "java/util/concurrent/atomic/LongAdder", "increment", "()V", false);
        failures(false);
        e.push(1);
        e.mv.visitInsn(IRETURN);
        e.mv.visitLabel(failed);
        failures(true);
        e.push(0);
        e.mv.visitInsn(IRETURN);
        e.mv.visitLabel(asWritten);
    }

    /** Counts a work-group that gathered in vain, or starts the count again after one that did not. */
    private void failures(boolean failed) {
        e.mv.visitVarInsn(ALOAD, e.sState);
        e.mv.visitFieldInsn(GETFIELD, CodeEmitter.STATE, "interchangeFailures", "[I");
        e.push(ic.index());
        if (failed) {
            e.mv.visitInsn(DUP2);
            e.mv.visitInsn(IALOAD);
            e.push(1);
            e.mv.visitInsn(IADD);
        } else {
            e.push(0);
        }
        e.mv.visitInsn(IASTORE);
    }

    /**
     * for (y = 0; y &lt; sizeY; y++) for (x = 0; x &lt; sizeX; x++) { w = x + wgX y; body }: the loops over
     * the work-items, x-fastest as the part's.
     */
    private void forEachItem(Runnable body) {
        forEachRow(() -> upTo(e.sX, () -> e.mv.visitVarInsn(ILOAD, e.sSizeX), () -> {
            flatId();
            body.run();
        }));
    }

    /** w = x + wgX y: the flat id of work-item (x, y). */
    private void flatId() {
        e.mv.visitVarInsn(ILOAD, e.sX);
        e.mv.visitVarInsn(ILOAD, e.sWgX);
        e.mv.visitVarInsn(ILOAD, e.sY);
        e.mv.visitInsn(IMUL);
        e.mv.visitInsn(IADD);
        e.mv.visitVarInsn(ISTORE, e.sW);
    }

    /** for (y = 0; y &lt; sizeY; y++) row: the loop over the rows of work-items, shared by both walks of them. */
    private void forEachRow(Runnable row) {
        upTo(e.sY, () -> e.mv.visitVarInsn(ILOAD, e.sSizeY), row);
    }

    /** for (counter = 0; counter &lt; bound; counter++) body: an int local counting up to what pushBound pushes. */
    private void upTo(int counter, Runnable pushBound, Runnable body) {
        Label next = new Label();
        Label done = new Label();
        e.push(0);
        e.mv.visitVarInsn(ISTORE, counter);
        e.mv.visitLabel(next);
        e.mv.visitVarInsn(ILOAD, counter);
        pushBound.run();
        e.mv.visitJumpInsn(IF_ICMPGE, done);
        body.run();
        e.mv.visitIincInsn(counter, 1);
        e.mv.visitJumpInsn(GOTO, next);
        e.mv.visitLabel(done);
    }

    private void gather(Label asWritten) {
        forEachItem(() -> {
            e.spill(ic.gather(), ic.gather().restore(), false);
            Label later = new Label();
            Label check = new Label();
            Label lanes = new Label();
            e.mv.visitVarInsn(ILOAD, e.sX);
            e.mv.visitVarInsn(ILOAD, e.sY);
            e.mv.visitInsn(IOR);
            e.mv.visitJumpInsn(IFNE, later);
            for (Map.Entry<Integer, Integer> f : first.entrySet()) { // work-item (0, 0)
                Operand.Register r = e.registers.register(f.getKey());
                e.loadRegister(r);
                e.mv.visitVarInsn(isInt(r) ? ISTORE : LSTORE, f.getValue());
            }
            e.mv.visitJumpInsn(GOTO, lanes);
            e.mv.visitLabel(later);
            e.mv.visitVarInsn(ILOAD, e.sX);
            e.mv.visitJumpInsn(IFNE, check);
            e.mv.visitVarInsn(ILOAD, e.sY);
            e.push(1);
            e.mv.visitJumpInsn(IF_ICMPNE, check);
            for (Map.Entry<Integer, Integer> f : rowStep.entrySet()) { // work-item (0, 1): the row steps
                if (uniform.contains(f.getKey())) {
                    continue;
                }
                Operand.Register r = e.registers.register(f.getKey());
                e.loadRegister(r);
                e.mv.visitVarInsn(isInt(r) ? ILOAD : LLOAD, first.get(f.getKey()));
                e.mv.visitInsn(isInt(r) ? ISUB : LSUB);
                e.mv.visitVarInsn(isInt(r) ? ISTORE : LSTORE, f.getValue());
            }
            e.mv.visitLabel(check);
            for (Map.Entry<Integer, Long> a : checkedAffine.entrySet()) {
                Operand.Register r = e.registers.register(a.getKey());
                e.loadRegister(r);
                affineValue(r, a.getValue());
                if (isInt(r)) {
                    e.mv.visitJumpInsn(IF_ICMPNE, asWritten);
                } else {
                    e.mv.visitInsn(LCMP);
                    e.mv.visitJumpInsn(IFNE, asWritten);
                }
            }
            e.mv.visitLabel(lanes);
            lanes(true, false);
        });
    }

    /**
     * Pushes first_r + c x + rowStep_r y in r's width (the value an affine register has in work-item
     * (x, y)).
     */
    private void affineValue(Operand.Register r, long c) {
        int index = e.registers.indexOf(r);
        int f = first.get(index);
        int step = rowStep.get(index);
        boolean rows = !uniform.contains(index);
        if (isInt(r)) {
            e.mv.visitVarInsn(ILOAD, f);
            if (c != 0) {
                e.push((int) c);
                e.mv.visitVarInsn(ILOAD, e.sX);
                e.mv.visitInsn(IMUL);
                e.mv.visitInsn(IADD);
            }
            if (rows) {
                e.mv.visitVarInsn(ILOAD, step);
                e.mv.visitVarInsn(ILOAD, e.sY);
                e.mv.visitInsn(IMUL);
                e.mv.visitInsn(IADD);
            }
        } else {
            e.mv.visitVarInsn(LLOAD, f);
            if (c != 0) {
                e.push(c);
                e.mv.visitVarInsn(ILOAD, e.sX);
                e.mv.visitInsn(I2L);
                e.mv.visitInsn(LMUL);
                e.mv.visitInsn(LADD);
            }
            if (rows) {
                e.mv.visitVarInsn(LLOAD, step);
                e.mv.visitVarInsn(ILOAD, e.sY);
                e.mv.visitInsn(I2L);
                e.mv.visitInsn(LMUL);
                e.mv.visitInsn(LADD);
            }
        }
    }

    /**
     * Moves registers to ({@code store}) or from their lanes at work-item w: every lane register, or
     * only those the loop sets ({@code writtenOnly}).
     */
    private void lanes(boolean store, boolean writtenOnly) {
        InterchangedExit.lanes(e, intLanes, longLanes, writtenOnly ? l.written() : null, sLaneI, sLaneL, sItems, store);
    }

    /**
     * Counter and bound in [0, MAX - step] (so the signed comparison decides as the unsigned one), the
     * last counter value a turn can see in {@link #sLast}, then every global access's corners in its
     * window and every group access's end inside the group segment.
     */
    private void checkBeforeLoop(Label asWritten) {
        int limit = Integer.MAX_VALUE - loop.step();
        nonNegativeUpTo(() -> e.loadRegister(loop.counter()), limit, asWritten);
        nonNegativeUpTo(() -> e.loadOperand(loop.bound(), DataType.U32), limit, asWritten);
        e.loadOperand(loop.bound(), DataType.U32);
        if (strict()) {
            e.push(1);
            e.mv.visitInsn(ISUB);
        }
        e.loadRegister(loop.counter());
        e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "max", "(II)I", false);
        e.mv.visitVarInsn(ISTORE, sLast);
        for (InterchangedLoops.GroupAccess g : l.groups()) {
            Operand.Address a = address(g.insn());
            e.addresses.pushVariableAddress(g.insn(), a.symbol(), a.symbol().segment());
            e.push(g.maxBase() + a.offset() + AddressEmitter.accessLength(g.insn()));
            e.mv.visitInsn(LADD);
            e.mv.visitVarInsn(LLOAD, e.sGroupSize);
            e.mv.visitInsn(LCMP);
            e.mv.visitJumpInsn(IFGT, asWritten);
            if (g.insn().opcode() == org.hsaj.hsail.ir.Opcode.ATOMICNORET) {
                // The register part is a multiple of the size: the variable's flat address must be too.
                e.mv.visitVarInsn(LLOAD, e.sGroupBase);
                e.addresses.pushVariableAddress(g.insn(), a.symbol(), a.symbol().segment());
                e.mv.visitInsn(LADD);
                e.push(a.offset());
                e.mv.visitInsn(LADD);
                e.push((long) g.insn().type().bytes() - 1);
                e.mv.visitInsn(LAND);
                e.push(0L);
                e.mv.visitInsn(LCMP);
                e.mv.visitJumpInsn(IFNE, asWritten);
            }
        }
        Set<Instruction> covered = Collections.newSetFromMap(new IdentityHashMap<>());
        l.groups().forEach(g -> covered.add(g.insn()));
        // The last turn's number: (last counter - first) / step.
        e.mv.visitVarInsn(ILOAD, sLast);
        e.mv.visitVarInsn(ILOAD, first.get(counter));
        e.mv.visitInsn(ISUB);
        e.push(loop.step());
        e.mv.visitInsn(IDIV);
        e.mv.visitVarInsn(ISTORE, sLast);
        if (l.jam() > 1) {
            e.push(0);
            e.mv.visitVarInsn(ISTORE, sFar);
        }
        for (InterchangedLoops.GlobalAccess g : l.globals()) {
            int base = e.temp(2);
            int perTurn = e.temp(2);
            int corner = e.temp(2);
            sum(g.form().constant(), g.form().terms(), base);
            sum(g.form().perTurn(), g.form().turnTerms(), perTurn);
            if (l.jam() > 1) {
                farWalk(perTurn);
            }
            if (!g.form().turnTerms().isEmpty()) {
                // A stride in a register: one that each work-item's own walk would not cover better.
                Label far = new Label();
                e.mv.visitVarInsn(LLOAD, perTurn);
                e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "abs", "(J)J", false);
                e.push(InterchangedLoops.LINE);
                e.mv.visitInsn(LCMP);
                e.mv.visitJumpInsn(IFGE, far);
                e.mv.visitVarInsn(LLOAD, perTurn);
                e.push(0L);
                e.mv.visitInsn(LCMP);
                e.mv.visitJumpInsn(IFNE, asWritten);
                e.mv.visitLabel(far);
            }
            // Steps of at most MAX_COEFFICIENT bytes a turn: over 2^31 turns, less than 2^52 (no wrap).
            e.mv.visitVarInsn(LLOAD, perTurn);
            e.push(InterchangedLoops.MAX_COEFFICIENT);
            e.mv.visitInsn(LADD);
            e.push(2 * InterchangedLoops.MAX_COEFFICIENT + 1);
            e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
            e.mv.visitJumpInsn(IFGE, asWritten);
            long perItem = InterchangedLoops.perItem(g.form(), l.affine());
            int perRow = e.temp(2);
            e.push(0L);
            for (Map.Entry<Integer, Long> t : g.form().terms().entrySet()) {
                if (!uniform.contains(t.getKey())) {
                    e.mv.visitVarInsn(LLOAD, rowStep.get(t.getKey()));
                    e.push(t.getValue());
                    e.mv.visitInsn(LMUL);
                    e.mv.visitInsn(LADD);
                }
            }
            e.mv.visitVarInsn(LSTORE, perRow);
            // At most MAX_PER_ITEM bytes from one row to the next, as from one work-item to the next.
            e.mv.visitVarInsn(LLOAD, perRow);
            e.push(InterchangedLoops.MAX_PER_ITEM);
            e.mv.visitInsn(LADD);
            e.push(2 * InterchangedLoops.MAX_PER_ITEM + 1);
            e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
            e.mv.visitJumpInsn(IFGE, asWritten);
            for (int w = 0; w < 4; w++) {
                for (int t = 0; t < 2; t++) {
                    e.mv.visitVarInsn(LLOAD, base);
                    if (w >= 2) {
                        e.mv.visitVarInsn(ILOAD, e.sSizeY);
                        e.push(1);
                        e.mv.visitInsn(ISUB);
                        e.mv.visitInsn(I2L);
                        e.mv.visitVarInsn(LLOAD, perRow);
                        e.mv.visitInsn(LMUL);
                        e.mv.visitInsn(LADD);
                    }
                    if (t == 1) {
                        e.mv.visitVarInsn(LLOAD, perTurn);
                        e.mv.visitVarInsn(ILOAD, sLast);
                        e.mv.visitInsn(I2L);
                        e.mv.visitInsn(LMUL);
                        e.mv.visitInsn(LADD);
                    }
                    if (w % 2 == 1) {
                        e.mv.visitVarInsn(ILOAD, e.sSizeX);
                        e.push(1);
                        e.mv.visitInsn(ISUB);
                        e.mv.visitInsn(I2L);
                        e.push(perItem);
                        e.mv.visitInsn(LMUL);
                        e.mv.visitInsn(LADD);
                    }
                    e.mv.visitVarInsn(LSTORE, corner);
                    e.mv.visitVarInsn(LLOAD, corner);
                    e.push(1L << 62);
                    e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
                    e.mv.visitJumpInsn(IFGE, asWritten);
                    int[] window = e.addresses.windowOf(g.insn());
                    if (window != null) {
                        StridedAccesses.inWindow(e, corner, window, asWritten);
                    } else {
                        // Fast mode: inside the shared memory, whose own check would fault otherwise.
                        e.mv.visitVarInsn(LLOAD, corner);
                        e.push((long) AddressEmitter.accessLength(g.insn()));
                        e.mv.visitInsn(LADD);
                        e.mv.visitVarInsn(ALOAD, e.sMemory);
                        e.mv.visitMethodInsn(INVOKEINTERFACE, CodeEmitter.SEGMENT, "byteSize", "()J", true);
                        e.mv.visitInsn(LCMP);
                        e.mv.visitJumpInsn(IFGT, asWritten);
                    }
                }
            }
            covered.add(g.insn());
        }
        if (l.jam() > 1) {
            e.mv.visitVarInsn(ILOAD, sFar);
            e.mv.visitJumpInsn(IFEQ, asWritten);
        }
        e.windowCheckedBeforeLoop = covered;
    }

    /**
     * far |= |perTurn| (last turn + 1) &gt;= {@link InterchangedLoops#JAM_FOOTPRINT}: whether one work-item's
     * walk leaves the cache, the case where running work-items together pays (their misses overlap);
     * within the cache, running each loop as written is as fast or faster.
     */
    private void farWalk(int perTurn) {
        Label near = new Label();
        e.mv.visitVarInsn(LLOAD, perTurn);
        e.mv.visitMethodInsn(INVOKESTATIC, "java/lang/Math", "abs", "(J)J", false);
        e.mv.visitVarInsn(ILOAD, sLast);
        e.mv.visitInsn(I2L);
        e.push(1L);
        e.mv.visitInsn(LADD);
        e.mv.visitInsn(LMUL);
        e.push(InterchangedLoops.JAM_FOOTPRINT);
        e.mv.visitInsn(LCMP);
        e.mv.visitJumpInsn(IFLT, near);
        e.push(1);
        e.mv.visitVarInsn(ISTORE, sFar);
        e.mv.visitLabel(near);
    }

    /** local = constant + the sum of multiplier * work-item 0's value of each register (the counter's is k0). */
    private void sum(long constant, Map<Integer, Long> terms, int local) {
        e.push(constant);
        for (Map.Entry<Integer, Long> t : terms.entrySet()) {
            if (isInt(e.registers.register(t.getKey()))) {
                e.mv.visitVarInsn(ILOAD, first.get(t.getKey()));
                e.mv.visitInsn(I2L); // the counter, at least 0 here
            } else {
                e.mv.visitVarInsn(LLOAD, first.get(t.getKey()));
            }
            e.push(t.getValue());
            e.mv.visitInsn(LMUL);
            e.mv.visitInsn(LADD);
        }
        e.mv.visitVarInsn(LSTORE, local);
    }

    private static Operand.Address address(Instruction insn) {
        return InterchangedLoops.addressOf(insn);
    }

    /** for (word = 0; word < tally; word++) body. */
    private void forEachWord(Runnable body) {
        upTo(sWord, () -> e.push(l.tally()), body);
    }

    /**
     * Emits a group access of the turns another way than as written, returning true: with a tally, an
     * atomic add (or sub) goes to the tally's word for its address.
     */
    boolean replaced(Instruction insn) {
        if (l.tally() == 0 || l.groups().stream().noneMatch(g -> g.insn() == insn)) {
            return false;
        }
        Operand.Address a = address(insn);
        e.mv.visitVarInsn(ALOAD, sTally);
        e.push((int) a.offset());
        if (a.base() != null) {
            e.loadRegister(a.base());
            e.mv.visitInsn(IADD);
        }
        e.push(2);
        e.mv.visitInsn(ISHR);
        e.mv.visitInsn(DUP2);
        e.mv.visitInsn(IALOAD);
        e.loadSource(insn, 1);
        e.mv.visitInsn(insn.modifiers().atomic() == org.hsaj.hsail.ir.AtomicOperation.SUB ? ISUB : IADD);
        e.mv.visitInsn(IASTORE);
        return true;
    }

    /** Adds every word of the tally to its word of the group variable. */
    private void addTally() {
        Instruction any = l.groups().getFirst().insn();
        Operand.Address a = address(any);
        forEachWord(() -> {
            int at = e.temp(2);
            int sum = e.temp(1);
            e.mv.visitVarInsn(LLOAD, e.sGroupBase);
            e.addresses.pushVariableAddress(any, a.symbol(), a.symbol().segment());
            e.mv.visitInsn(LADD);
            e.mv.visitVarInsn(ILOAD, sWord);
            e.mv.visitInsn(I2L);
            e.push(4L);
            e.mv.visitInsn(LMUL);
            e.mv.visitInsn(LADD);
            e.mv.visitVarInsn(LSTORE, at);
            MemoryTranslator.get(e, DataType.U32, at, 0);
            e.mv.visitVarInsn(ALOAD, sTally);
            e.mv.visitVarInsn(ILOAD, sWord);
            e.mv.visitInsn(IALOAD);
            e.mv.visitInsn(IADD);
            e.mv.visitVarInsn(ISTORE, sum);
            MemoryTranslator.set(e, DataType.U32, at, 0, sum);
        });
    }

    /** True when the loop goes round while the counter is below the bound (not up to it). */
    private boolean strict() {
        CompareOperation op = loop.compare().modifiers().compare().quiet();
        return op == CompareOperation.LT || op == CompareOperation.GT;
    }

    private void nonNegativeUpTo(Runnable value, int limit, Label otherwise) {
        value.run();
        e.mv.visitJumpInsn(IFLT, otherwise);
        value.run();
        e.push(limit);
        e.mv.visitJumpInsn(IF_ICMPGT, otherwise);
    }

    /** Adds step * turns to the induction on the stack, if register r is one; the turns taken are in sTurn. */
    private void stepped(int r) {
        InterchangedLoops.Induction d = l.inductions().get(r);
        if (d == null) {
            return;
        }
        if (d.step() instanceof Operand.Immediate imm) {
            e.push(imm.bits());
        } else {
            e.mv.visitVarInsn(LLOAD, first.get(e.registers.indexOf((Operand.Register) d.step())));
        }
        e.mv.visitVarInsn(ILOAD, sTurn);
        e.mv.visitInsn(I2L);
        e.mv.visitInsn(LMUL);
        e.mv.visitInsn(LADD);
    }

    /** The turns: for every work-item the loop's code, then the step and the comparison. */
    private void turns() {
        if (l.jam() > 1) {
            jammedTurns();
            return;
        }
        Label turn = new Label();
        e.push(0);
        e.mv.visitVarInsn(ISTORE, sTurn);
        e.mv.visitLabel(turn);
        forEachItem(() -> {
            affineRegisters();
            lanes(false, false);
            e.emitInterchangedBody(this, l);
            lanes(true, true);
        });
        e.windowCheckedBeforeLoop = Set.of();
        nextTurn(turn);
    }

    /** Sets the registers affine in the work-item id to their values in work-item (x, y) at this turn. */
    private void affineRegisters() {
        for (Map.Entry<Integer, Long> a : l.affine().entrySet()) {
            // (Those with no coefficient along x may still step from row to row.)
            if (a.getValue() != 0 || l.inductions().containsKey(a.getKey()) || !uniform.contains(a.getKey())) {
                Operand.Register r = e.registers.register(a.getKey());
                affineValue(r, a.getValue());
                stepped(a.getKey());
                e.storeRegister(r);
            }
        }
    }

    /** Counts the turn, steps the counter, polls the watchdog and goes round while the latch would. */
    private void nextTurn(Label turn) {
        e.mv.visitIincInsn(sTurn, 1);
        e.loadRegister(loop.counter());
        e.push(loop.step());
        e.mv.visitInsn(IADD);
        e.storeRegister(loop.counter());
        e.pollWatchdog(loop.compare());
        e.loadRegister(loop.counter());
        e.loadOperand(loop.bound(), DataType.U32);
        // counter < bound for lt, and for gt with the bound on the left; <= for le and ge.
        e.mv.visitJumpInsn(strict() ? IF_ICMPLT : IF_ICMPLE, turn);
    }

    /**
     * The turns of a jammed loop: along each row, {@link InterchangedLoops#JAM} work-items at a time (the
     * rest of the row one at a time) run every turn, one after another within a turn; their lane
     * registers live in locals of their own meanwhile, so the JIT sees independent chains it can
     * overlap. Every work-item ends with the same number of turns, as the loop is uniform.
     */
    private void jammedTurns() {
        e.push(0);
        e.mv.visitVarInsn(ISTORE, sTurn); // (set again by every run; defined here for the verifier)
        forEachRow(() -> {
            Label blocks = new Label();
            Label singles = new Label();
            Label rowDone = new Label();
            e.push(0);
            e.mv.visitVarInsn(ISTORE, sBlock);
            e.mv.visitLabel(blocks);
            e.mv.visitVarInsn(ILOAD, sBlock);
            e.push(l.jam());
            e.mv.visitInsn(IADD);
            e.mv.visitVarInsn(ILOAD, e.sSizeX);
            e.mv.visitJumpInsn(IF_ICMPGT, singles);
            runTogether(l.jam());
            e.mv.visitIincInsn(sBlock, l.jam());
            e.mv.visitJumpInsn(GOTO, blocks);
            e.mv.visitLabel(singles);
            e.mv.visitVarInsn(ILOAD, sBlock);
            e.mv.visitVarInsn(ILOAD, e.sSizeX);
            e.mv.visitJumpInsn(IF_ICMPGE, rowDone);
            runTogether(1);
            e.mv.visitIincInsn(sBlock, 1);
            e.mv.visitJumpInsn(GOTO, singles);
            e.mv.visitLabel(rowDone);
        });
        e.windowCheckedBeforeLoop = Set.of();
    }

    /** Runs every turn for work-items (block .. block + n - 1, y), starting from their lanes. */
    private void runTogether(int n) {
        for (int c = 0; c < n; c++) {
            atCopy(c);
            lanes(false, false);
            copyLanes(c, true, false);
        }
        e.push(0);
        e.mv.visitVarInsn(ISTORE, sTurn);
        e.mv.visitVarInsn(ILOAD, first.get(counter)); // the same in every work-item
        e.storeRegister(loop.counter());
        Label turn = new Label();
        e.mv.visitLabel(turn);
        for (int c = 0; c < n; c++) {
            atCopy(c);
            affineRegisters();
            copyLanes(c, false, false);
            e.emitInterchangedBody(this, l);
            copyLanes(c, true, true);
        }
        nextTurn(turn);
        for (int c = 0; c < n; c++) {
            atCopy(c);
            copyLanes(c, false, true);
            lanes(true, true);
        }
    }

    /** x = block + c and w = x + wgX y: work-item c of those running together. */
    private void atCopy(int c) {
        e.mv.visitVarInsn(ILOAD, sBlock);
        e.push(c);
        e.mv.visitInsn(IADD);
        e.mv.visitVarInsn(ISTORE, e.sX);
        flatId();
    }

    /**
     * Moves lane registers between their locals ({@code toCopy}: registers into copy c's locals) and
     * copy c's: every lane register, or only those the loop sets ({@code writtenOnly}).
     */
    private void copyLanes(int c, boolean toCopy, boolean writtenOnly) {
        for (Map.Entry<Integer, Integer> local : jamLocals.get(c).entrySet()) {
            if (writtenOnly && !l.written().get(local.getKey())) {
                continue;
            }
            Operand.Register r = e.registers.register(local.getKey());
            boolean isInt = isInt(r);
            if (toCopy) {
                e.loadRegister(r);
                e.mv.visitVarInsn(isInt ? ISTORE : LSTORE, local.getValue());
            } else {
                e.mv.visitVarInsn(isInt ? ILOAD : LLOAD, local.getValue());
                e.storeRegister(r);
            }
        }
    }
}
