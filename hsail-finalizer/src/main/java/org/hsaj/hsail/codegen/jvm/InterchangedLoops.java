package org.hsaj.hsail.codegen.jvm;

import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hsaj.hsail.ir.AtomicOperation;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterClass;
import org.hsaj.hsail.ir.Segment;

/**
 * Counted loops ({@link CountedLoops}) that run with the work-items inside: turn by turn, each turn
 * for every work-item of the group, instead of each work-item running the whole loop. Between
 * synchronisation points any interleaving of the work-items is an execution HSAIL allows, so the
 * loop head is a point of its own where the work-items gather ({@link SyncPoint.Kind#LOOP}); when
 * they all arrive with the same counter and bound, the part runs the loop interchanged
 * ({@link LoopInterchange}) and they resume at the block after it, else each runs the loop as written.
 * Turn by turn the work-items of a wavefront touch consecutive addresses, as they do on a GPU.
 *
 * <p>A loop qualifies when the interchange can change neither a result nor a fault, nor the memory a
 * fault leaves behind:
 * <ul>
 * <li>the kernel reads ids along x and y only (work-groups one deep) and holds nothing whose result depends on the
 *     order of its work-items: no returning atomics, non-returning ones all adds and subtracts or all
 *     one other commuting operation, no signals, fences, queue operations, clocks or calls
 *     (conflicting plain accesses between work-items without a barrier are a data race, which HSAIL
 *     leaves undefined);</li>
 * <li>between the synchronisation points before the loop and its head nothing can fault or touch
 *     memory, so the work-items waiting at the head have done nothing anyone could see;</li>
 * <li>the loop's only exit is its latch falling through, its code cannot trap (no integer division,
 *     calls or synchronisation) and stores nothing outside group memory, and it accesses memory only
 *     where one check before the loop covers every turn: global loads (through a kernarg pointer in
 *     checked mode) at addresses affine in the counter and in the work-item id ({@link Form}), whose
 *     corners are checked against the pointer's window (fast mode: the shared memory); group accesses
 *     at a variable plus a register the loop bounds by a mask, atomics aligned, never beside plain
 *     group accesses; hoisted kernarg reads.</li>
 * </ul>
 * Registers the loop reads but does not set are either affine in the work-item id (value(w) =
 * value(0) + c w for a constant c, 0 for uniform ones, checked for every work-item when they gather)
 * or read per work-item from contiguous lane arrays; registers it sets that survive a turn or the
 * loop live in lane arrays too, one slot per work-item. A loop that only adds to group words of one
 * variable (a histogram) adds to a tally in a Java array instead ({@link Loop#tally}).
 */
final class InterchangedLoops {
    /**
     * A cache line's bytes. The interchange pays where consecutive work-items access addresses at most
     * this far apart while each alone strides further each turn: a GPU's coalesced accesses, which one
     * work-item after another turn into a walk by strides. An address whose stride is a register is
     * checked when the loop runs ({@link LoopInterchange}).
     */
    static final long LINE = 64;
    /** Multipliers and steps of larger magnitude are left alone (so corner sums cannot wrap). */
    static final long MAX_COEFFICIENT = 1L << 20;
    /** Work-items run together by a jammed loop ({@link Loop#jam}). */
    static final int JAM = 4;
    /**
     * A jammed loop runs so only when one work-item's walk of some global access spans at least this
     * many bytes (a core's second-level cache): measured on matmul, running 4 work-items together is
     * 1.85x as fast as the loops as written at n = 1024 (a 4 KiB stride, each access a miss) and 0.83x
     * at n = 256 (in cache, the sums carried in locals cost more than they overlap). Known cost: a kernel
     * with such a loop stops its work-items at the loop's head to gather them, so where the walk stays
     * in the cache it runs as written but through that point (matmul at n = 256: 6.4 against 8.5 M
     * items/s before).
     */
    static final long JAM_FOOTPRINT = 1L << 20;
    /** Jammed loops repeat their body JAM + 1 times in one method: larger ones are left as written. */
    private static final int JAM_MAX_INSTRUCTIONS = 40;
    private static final int MAX_DEPTH = 24;

    /**
     * An address as an affine function of the turn t (0 for the first): the sum of {@code terms}
     * (registers, by index, times a multiplier, each register taken at its value in work-item 0 when the
     * work-items gather) plus {@code constant}, plus t times the sum of {@code turnTerms} (the same) plus
     * {@code perTurn}. The registers are affine ones, the counter (its first value) and inductions.
     */
    record Form(Map<Integer, Long> terms, long constant, Map<Integer, Long> turnTerms, long perTurn) {
        static Form constant(long c) {
            return new Form(Map.of(), c, Map.of(), 0);
        }

        static Form register(int r) {
            return new Form(Map.of(r, 1L), 0, Map.of(), 0);
        }

        Form plus(Form o, long sign) {
            return new Form(merge(terms, o.terms, sign), constant + sign * o.constant, merge(turnTerms, o.turnTerms,
                    sign), perTurn + sign * o.perTurn);
        }

        private static Map<Integer, Long> merge(Map<Integer, Long> a, Map<Integer, Long> b, long sign) {
            Map<Integer, Long> t = new TreeMap<>(a);
            b.forEach((r, m) -> t.merge(r, sign * m, Long::sum));
            return t;
        }

        Form times(long m) {
            Map<Integer, Long> t = new TreeMap<>();
            terms.forEach((r, x) -> t.put(r, x * m));
            Map<Integer, Long> u = new TreeMap<>();
            turnTerms.forEach((r, x) -> u.put(r, x * m));
            return new Form(t, constant * m, u, perTurn * m);
        }

        boolean bounded() {
            return Math.abs(perTurn) <= MAX_COEFFICIENT && terms.values().stream()
                    .allMatch(m -> Math.abs(m) <= MAX_COEFFICIENT) && turnTerms.values().stream()
                    .allMatch(m -> Math.abs(m) <= MAX_COEFFICIENT);
        }
    }

    /**
     * A $d register the loop steps once a turn by a constant or by an invariant register (a pointer
     * walking memory): {@code add $d, $d, step} in the loop's head or latch, its only write in the loop.
     * It is live into the loop, and is affine in the work-item id there.
     */
    record Induction(int block, int index, Operand step) {
    }

    /** A global access and the form of its address. */
    record GlobalAccess(Instruction insn, Form form) {
    }

    /** A group access: its variable's address plus a register at most {@code maxBase} plus the offset. */
    record GroupAccess(Instruction insn, long maxBase) {
    }

    /**
     * One loop to interchange.
     *
     * @param loop      the counted loop
     * @param exit      the block after the latch, where the work-items resume
     * @param affine    registers affine in the work-item id, with their coefficient along x (along y,
     *                  each row's step is found when the loop runs): the invariant ones the loop reads,
     *                  its inductions (at the head), and, with coefficient 0 and checked to be the same
     *                  in every work-item, its bound and the registers its inductions step by
     * @param lanes     registers kept per work-item in lane arrays: set in the loop and live across a
     *                  turn or after it, or invariant and not affine
     * @param written   those of {@code lanes} that the loop sets
     * @param condition the register the latch's comparison sets
     * @param inductions the loop's inductions by register ({@link Induction}), affine at the head
     * @param tally     when every group access of the loop adds to or subtracts from 32-bit words of one
     *                  group variable with a non-returning atomic (a histogram), the words it can reach
     *                  counted from the variable's start: the turns then add into a zeroed array of that
     *                  many ints, which is added to the variable after the loop (addition commutes, and
     *                  nothing reads the variable meanwhile); 0 otherwise
     * @param jam       1: the turns run turn by turn, each for every work-item (accesses walk memory as
     *                  a wavefront's do); more: {@link #JAM} neighbouring work-items of a row at a time
     *                  run every turn together, their registers carried in locals of their own, for
     *                  loops whose work-items each walk memory well alone but carry a value from one
     *                  turn to the next (a sum), when a walk leaves the cache ({@link #JAM_FOOTPRINT}):
     *                  the work-items' cache misses and chains of dependent operations then overlap
     *                  instead of coming one after another
     */
    record Loop(CountedLoops.Loop loop, int exit, Map<Integer, Long> affine, BitSet lanes, BitSet written,
            Operand.Register condition, Map<Integer, Induction> inductions, List<GlobalAccess> globals,
            List<GroupAccess> groups, int tally, int jam) {
        /** The latch's last three instructions (step, comparison, branch) are the turn loop's own. */
        int latchBody(Body body) {
            return body.blocks().get(loop.latch()).instructions().size() - 3;
        }
    }

    private final Map<Integer, Loop> byHead = new LinkedHashMap<>();
    private final Body body;
    private final RegisterIndex registers;
    private final Uniformity uniformity;
    /** Checked mode: global accesses must go through a kernarg pointer's window. */
    private final boolean checked;

    InterchangedLoops(BodyFacts facts, boolean checked, boolean enabled) {
        this.body = facts.body;
        this.registers = facts.registers;
        this.uniformity = facts.uniformity;
        this.checked = checked;
        if (!enabled || !orderFree(body)) {
            return;
        }
        for (CountedLoops.Loop loop : facts.loops.loops()) {
            Loop l = analyse(loop, facts);
            if (l != null) {
                byHead.put(loop.head(), l);
            }
        }
    }

    Loop at(int head) {
        return byHead.get(head);
    }

    Collection<Loop> loops() {
        return byHead.values();
    }

    /** True when no result of the kernel depends on the order its work-items run in between points. */
    private static boolean orderFree(Body body) {
        AtomicOperation family = null;
        for (Instruction insn : body.instructions()) {
            switch (insn.opcode()) {
                case ATOMIC, SIGNAL, SIGNALNORET, MEMFENCE, CLOCK, CALL, SCALL, ICALL, ADDQUEUEWRITEINDEX,
                        CASQUEUEWRITEINDEX, LDQUEUEREADINDEX, LDQUEUEWRITEINDEX, STQUEUEREADINDEX,
                        STQUEUEWRITEINDEX, INITFBAR, JOINFBAR, WAITFBAR, ARRIVEFBAR, LEAVEFBAR, RELEASEFBAR, LDF,
                        WORKITEMFLATID, WORKITEMFLATABSID, CURRENTWORKITEMFLATID -> {
                    return false;
                }
                case ATOMICNORET -> {
                    // Updates commute when they are all adds and subtracts, or all one other operation.
                    AtomicOperation op = insn.modifiers().atomic() == AtomicOperation.SUB ? AtomicOperation.ADD
                            : insn.modifiers().atomic();
                    if (!commutes(op) || family != null && family != op) {
                        return false;
                    }
                    family = op;
                }
                case WORKITEMID, WORKITEMABSID -> {
                    if (!(insn.operand(1) instanceof Operand.Immediate dim) || dim.bits() > 1) {
                        return false;
                    }
                }
                default -> {
                }
            }
        }
        return true;
    }

    /** Atomic updates whose combined effect does not depend on their order. */
    private static boolean commutes(AtomicOperation op) {
        return switch (op) {
            case ADD, SUB, AND, OR, XOR, MIN, MAX -> true;
            default -> false;
        };
    }

    private Loop analyse(CountedLoops.Loop loop, BodyFacts facts) {
        int exit = loop.latch() + 1;
        if (exit >= body.blocks().size() || !(loop.compare().operand(0) instanceof Operand.Register condition)
                || condition.registerClass() != RegisterClass.C && condition.registerClass() != RegisterClass.S
                || !quietBefore(loop)) {
            return null;
        }
        BitSet defined = new BitSet();
        BitSet used = new BitSet();
        int latchBody = body.blocks().get(loop.latch()).instructions().size() - 3;
        Map<Integer, Induction> inductions = inductions(loop, facts.liveness.liveIn(loop.head()));
        List<GlobalAccess> globals = new java.util.ArrayList<>();
        List<GroupAccess> groups = new java.util.ArrayList<>();
        for (int b = loop.head(); b <= loop.latch(); b++) {
            List<Instruction> insns = body.blocks().get(b).instructions();
            int count = b == loop.latch() ? latchBody : insns.size();
            for (int i = 0; i < insns.size(); i++) {
                Instruction insn = insns.get(i);
                for (Operand.Register r : Liveness.defs(insn)) {
                    defined.set(registers.indexOf(r));
                }
                if (i >= count) {
                    continue;
                }
                for (Operand.Register r : Liveness.uses(insn)) {
                    used.set(registers.indexOf(r));
                }
                if (!allowed(insn)) {
                    return null;
                }
                if (insn.opcode() == Opcode.BR || insn.opcode() == Opcode.CBR) {
                    int target = ((Operand.LabelRef) insn.operand(insn.opcode() == Opcode.BR ? 0 : 1)).block();
                    if (target <= b || target > loop.latch()) {
                        return null; // leaves the loop, or a second way round
                    }
                }
                if (isMemory(insn) && !memory(insn, b, i, loop, inductions, facts, globals, groups)) {
                    return null;
                }
            }
        }
        for (int r = 0; r < registers.size(); r++) {
            if ((used.get(r) || defined.get(r)) && registers.register(r).registerClass() == RegisterClass.Q) {
                return null;
            }
        }
        int counter = registers.indexOf(loop.counter());
        int cond = registers.indexOf(condition);
        BitSet liveHead = facts.liveness.liveIn(loop.head());
        if (liveHead.get(cond)) {
            return null;
        }
        BitSet lanes = new BitSet();
        BitSet written = new BitSet();
        BitSet survive = (BitSet) liveHead.clone();
        survive.or(facts.liveness.liveIn(exit));
        for (int r = defined.nextSetBit(0); r >= 0; r = defined.nextSetBit(r + 1)) {
            if (r != counter && r != cond && survive.get(r) && !inductions.containsKey(r)) {
                lanes.set(r);
                written.set(r);
            }
        }
        Map<Integer, Long> affine = new TreeMap<>();
        for (int r = used.nextSetBit(0); r >= 0; r = used.nextSetBit(r + 1)) {
            if (defined.get(r)) {
                continue;
            }
            Long c = registers.register(r).registerClass() == RegisterClass.C ? null
                    : coefficient(registers.register(r), loop.head(), 0, 0);
            if (c != null) {
                affine.put(r, c);
            } else {
                lanes.set(r);
            }
        }
        if (loop.bound() instanceof Operand.Register bound) {
            affine.put(registers.indexOf(bound), 0L); // the same in every work-item, or no interchange
        }
        for (Map.Entry<Integer, Induction> d : inductions.entrySet()) {
            Long c = coefficientAtEntry(d.getKey(), loop);
            if (c == null) {
                return null;
            }
            affine.put(d.getKey(), c);
            if (d.getValue().step() instanceof Operand.Register step) {
                affine.put(registers.indexOf(step), 0L); // steps alike in every work-item, or no interchange
            }
        }
        boolean strided = false;
        boolean walksAlone = false;
        for (GlobalAccess g : globals) {
            boolean known = g.form().terms().keySet().stream().allMatch(r -> affine.containsKey(r) || r == counter)
                    && g.form().turnTerms().keySet().stream().allMatch(r -> affine.get(r) != null
                    && affine.get(r) == 0);
            long perItem = perItem(g.form(), affine);
            if (!known || Math.abs(perItem) > MAX_PER_ITEM) {
                return null;
            }
            boolean constantStride = g.form().turnTerms().isEmpty();
            long perTurn = Math.abs(g.form().perTurn());
            if (constantStride && perTurn > 0 && perTurn < LINE) {
                walksAlone = true; // each work-item alone walks consecutive addresses: no turn by turn
            }
            strided |= (!constantStride || perTurn >= LINE) && Math.abs(perItem) <= LINE;
        }
        int jam = 1;
        if (walksAlone || !strided) {
            // Turn by turn gains nothing; running work-items together pays only for a value carried
            // from turn to turn, and only in a body small enough to repeat.
            BitSet carried = (BitSet) lanes.clone();
            carried.and(written);
            carried.and(liveHead);
            if (carried.isEmpty() || globals.isEmpty() || loop.instructions(body) > JAM_MAX_INSTRUCTIONS) {
                return null;
            }
            jam = JAM;
        }
        return new Loop(loop, exit, affine, lanes, written, condition, Map.copyOf(inductions), List.copyOf(globals),
                List.copyOf(groups), tally(groups), jam);
    }

    /**
     * True when nothing a work-item runs between the synchronisation points before the loop and its
     * head can fault or touch memory (hoisted kernarg reads aside): the work-items then reach the head
     * one after another with nothing anyone could see, and waiting there changes no fault and no
     * memory a fault leaves behind.
     */
    private boolean quietBefore(CountedLoops.Loop loop) {
        int n = body.blocks().size();
        List<List<Integer>> predecessors = new java.util.ArrayList<>();
        for (int b = 0; b < n; b++) {
            predecessors.add(new java.util.ArrayList<>());
        }
        for (int b = 0; b < n; b++) {
            for (int t : Liveness.successors(body, b)) {
                predecessors.get(t).add(b);
            }
        }
        BitSet seen = new BitSet();
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        for (int p : predecessors.get(loop.head())) {
            if (!loop.contains(p)) {
                work.add(p);
            }
        }
        while (!work.isEmpty()) {
            int b = work.pop();
            if (seen.get(b)) {
                continue;
            }
            seen.set(b);
            List<Instruction> insns = body.blocks().get(b).instructions();
            boolean stops = false;
            for (int i = insns.size() - 1; i >= 0 && !stops; i--) {
                Instruction insn = insns.get(i);
                if (KernelPlan.syncKind(insn.opcode()) != null) {
                    stops = true;
                } else if (!quiet(insn)) {
                    return false;
                }
            }
            if (!stops) {
                work.addAll(predecessors.get(b));
            }
        }
        return true;
    }

    /** An instruction that can neither fault nor touch memory. */
    private static boolean quiet(Instruction insn) {
        return switch (insn.opcode()) {
            case LD -> insn.modifiers().segment() == Segment.KERNARG && AddressEmitter.kernargKey(insn) != null;
            case ST, ATOMICNORET -> false;
            case WORKITEMID, WORKITEMABSID, WORKGROUPID, WORKGROUPSIZE, CURRENTWORKGROUPSIZE, GRIDSIZE, GRIDGROUPS,
                    DIM, RET -> true;
            default -> allowed(insn);
        };
    }

    /** See {@link Loop#tally}: the words the group accesses can reach, or 0 when they are not a tally. */
    private static int tally(List<GroupAccess> groups) {
        long words = 0;
        for (GroupAccess g : groups) {
            Instruction insn = g.insn();
            Operand.Address a = addressOf(insn);
            AtomicOperation op = insn.modifiers().atomic();
            boolean adds = insn.opcode() == Opcode.ATOMICNORET && (op == AtomicOperation.ADD
                    || op == AtomicOperation.SUB) && insn.type().bits() == 32;
            if (!adds || a.symbol() != addressOf(groups.getFirst().insn()).symbol()
                    || a.base() != null && a.base().registerClass() != RegisterClass.S) {
                return 0;
            }
            words = Math.max(words, (g.maxBase() + a.offset()) / 4 + 1);
        }
        return words > 1 << 16 ? 0 : (int) words;
    }

    /**
     * What an address of the form grows by from one work-item to the next. Bounded by
     * {@link #MAX_PER_ITEM}, so that over a work-group (fewer than 2^16 work-items) and the turns the
     * address moves by less than 2^52 and cannot wrap between the corners the check before the loop
     * looks at.
     */
    static long perItem(Form f, Map<Integer, Long> affine) {
        long per = 0;
        for (Map.Entry<Integer, Long> t : f.terms().entrySet()) {
            per += t.getValue() * affine.getOrDefault(t.getKey(), 0L); // the counter: the same in every work-item
        }
        return per;
    }

    static final long MAX_PER_ITEM = 1L << 31;

    /** Instructions that cannot trap or depend on the work-item order (memory accesses are judged apart). */
    private static boolean allowed(Instruction insn) {
        Opcode op = insn.opcode();
        if (op == Opcode.DIV || op == Opcode.REM) {
            return insn.type().isFloatingPoint();
        }
        if (op.ordinal() <= Opcode.SADHI.ordinal()) {
            return op != Opcode.LDA;
        }
        return switch (op) {
            case CMP, CVT, LD, ST, ATOMICNORET, BR, CBR, NOP -> true;
            default -> false;
        };
    }

    /** The address operand of a load, store or non-returning atomic. */
    static Operand.Address addressOf(Instruction insn) {
        return (Operand.Address) insn.operand(insn.opcode() == Opcode.ATOMICNORET ? 0 : 1);
    }

    private static boolean isMemory(Instruction insn) {
        return insn.opcode() == Opcode.LD || insn.opcode() == Opcode.ST || insn.opcode() == Opcode.ATOMICNORET;
    }

    /** Judges one memory access of the loop; records what the check before the loop must cover. */
    private boolean memory(Instruction insn, int b, int i, CountedLoops.Loop loop, Map<Integer, Induction> inductions,
            BodyFacts facts, List<GlobalAccess> globals, List<GroupAccess> groups) {
        Segment segment = insn.modifiers().segment();
        if (segment == Segment.KERNARG) {
            return insn.opcode() == Opcode.LD && AddressEmitter.kernargKey(insn) != null;
        }
        Operand.Address a = addressOf(insn);
        if (segment == Segment.GROUP) {
            if (a.symbol() == null || a.symbol().segment() != Segment.GROUP || a.offset() < 0) {
                return false;
            }
            Long max = a.base() == null ? Long.valueOf(0) : maxOf(a.base(), b, i, loop, 0);
            int size = insn.type().bytes();
            boolean atomic = insn.opcode() == Opcode.ATOMICNORET;
            if (max == null || atomic && (a.base() != null && lowZeros(a.base(), b, i, loop, 0) < Integer
                    .numberOfTrailingZeros(size) || a.offset() % size != 0)) {
                return false; // unbounded, or an atomic that may be misaligned
            }
            groups.add(new GroupAccess(insn, max));
            // Atomics beside plain group accesses could see each other's order: leave such loops alone.
            return groups.stream().allMatch(g -> g.insn().opcode() == Opcode.ATOMICNORET)
                    || groups.stream().noneMatch(g -> g.insn().opcode() == Opcode.ATOMICNORET);
        }
        if (segment != Segment.GLOBAL && segment != Segment.FLAT && segment != Segment.READONLY
                || insn.opcode() != Opcode.LD || checked && facts.pointers.pointerOf(insn) < 0 || a.symbol() != null || a.base() == null
                || a.base().registerClass() != RegisterClass.D) {
            return false;
        }
        Form f = form(a.base(), b, i, loop, inductions, 0);
        if (f == null || !f.bounded() || Math.abs(a.offset()) > 1L << 40) {
            return false;
        }
        globals.add(new GlobalAccess(insn, f.plus(Form.constant(a.offset()), 1)));
        return true;
    }

    private boolean inLoop(CountedLoops.Loop loop, Uniformity.Site d) {
        return d.block() >= loop.head() && d.block() <= loop.latch();
    }

    /** The form of $d register {@code r} just before instruction i of block b (inside the loop), or null. */
    private Form form(Operand.Register r, int b, int i, CountedLoops.Loop loop, Map<Integer, Induction> inductions,
            int depth) {
        if (depth > MAX_DEPTH || r.registerClass() != RegisterClass.D) {
            return null;
        }
        int index = registers.indexOf(r);
        Induction step = inductions.get(index);
        if (step != null) {
            // first + step * t, or once more after this turn's step
            boolean stepped = step.block() < b || step.block() == b && step.index() < i;
            Form per = step.step() instanceof Operand.Immediate imm ? new Form(Map.of(), 0, Map.of(), imm.bits())
                    : new Form(Map.of(), 0, Map.of(registers.indexOf((Operand.Register) step.step()), 1L), 0);
            Form once = new Form(per.turnTerms(), per.perTurn(), Map.of(), 0);
            return stepped ? Form.register(index).plus(per, 1).plus(once, 1) : Form.register(index).plus(per, 1);
        }
        Uniformity.Site d = uniformity.onlyReachingDefinition(index, b, i);
        if (!definedIn(loop, r)) {
            return Form.register(index); // invariant: must turn out affine
        }
        if (d == null || !inLoop(loop, d)) {
            return null; // carried from the turn before
        }
        Instruction insn = d.insn();
        return switch (insn.opcode()) {
            case ADD, SUB -> {
                Form x = operandForm(insn.operand(1), d, loop, inductions, depth);
                Form y = operandForm(insn.operand(2), d, loop, inductions, depth);
                yield x == null || y == null || insn.type().bits() != 64 ? null
                        : x.plus(y, insn.opcode() == Opcode.ADD ? 1 : -1);
            }
            case SHL -> {
                Form x = operandForm(insn.operand(1), d, loop, inductions, depth);
                yield x != null && insn.operand(2) instanceof Operand.Immediate s && s.bits() >= 0 && s.bits() <= 32
                        ? x.times(1L << s.bits()) : null;
            }
            case MUL -> {
                if (insn.type().bits() != 64) {
                    yield null;
                }
                if (insn.operand(2) instanceof Operand.Immediate m && Math.abs(m.bits()) <= MAX_COEFFICIENT) {
                    Form x = operandForm(insn.operand(1), d, loop, inductions, depth);
                    yield x == null ? null : x.times(m.bits());
                }
                if (insn.operand(1) instanceof Operand.Immediate m && Math.abs(m.bits()) <= MAX_COEFFICIENT) {
                    Form x = operandForm(insn.operand(2), d, loop, inductions, depth);
                    yield x == null ? null : x.times(m.bits());
                }
                yield null;
            }
            case MOV -> operandForm(insn.operand(1), d, loop, inductions, depth);
            case CVT -> {
                boolean widening = insn.sourceType().bits() == 32 && insn.sourceType().isInteger()
                        && insn.type().bits() == 64 && insn.type().isInteger();
                // The counter stays in [0, 2^31) in the interchanged loop: either extension keeps it.
                yield widening && loop.counter().equals(insn.operand(1)) ? new Form(Map.of(registers.indexOf(
                        loop.counter()), 1L), 0, Map.of(), loop.step()) : null;
            }
            default -> null;
        };
    }

    private Form operandForm(Operand op, Uniformity.Site at, CountedLoops.Loop loop,
            Map<Integer, Induction> inductions, int depth) {
        return switch (op) {
            case Operand.Immediate imm -> Form.constant(imm.bits());
            case Operand.Register r -> form(r, at.block(), at.index(), loop, inductions, depth + 1);
            default -> null;
        };
    }

    /** The loop's inductions ({@link Induction}) among the registers live into its head. */
    private Map<Integer, Induction> inductions(CountedLoops.Loop loop, BitSet liveHead) {
        Map<Integer, Induction> out = new TreeMap<>();
        Map<Integer, Integer> writes = new HashMap<>();
        for (int b = loop.head(); b <= loop.latch(); b++) {
            List<Instruction> insns = body.blocks().get(b).instructions();
            for (int i = 0; i < insns.size(); i++) {
                for (Operand.Register r : Liveness.defs(insns.get(i))) {
                    writes.merge(registers.indexOf(r), 1, Integer::sum);
                }
            }
        }
        for (int b : new int[] {loop.head(), loop.latch()}) {
            List<Instruction> insns = body.blocks().get(b).instructions();
            for (int i = 0; i < insns.size(); i++) {
                Instruction insn = insns.get(i);
                if (insn.opcode() != Opcode.ADD || insn.type().bits() != 64 || !insn.type().isInteger()
                        || !(insn.operand(0) instanceof Operand.Register r) || r.registerClass() != RegisterClass.D) {
                    continue;
                }
                int index = registers.indexOf(r);
                Operand step = r.equals(insn.operand(1)) ? insn.operand(2) : r.equals(insn.operand(2))
                        ? insn.operand(1) : null;
                boolean constant = step instanceof Operand.Immediate imm && Math.abs(imm.bits()) <= MAX_COEFFICIENT;
                boolean invariant = step instanceof Operand.Register s && s.registerClass() == RegisterClass.D
                        && !definedIn(loop, s);
                if ((constant || invariant) && writes.get(index) == 1 && liveHead.get(index)) {
                    out.put(index, new Induction(b, i, step));
                }
            }
        }
        return out;
    }

    /** The coefficient of a register at the loop's head, from its one definition before the loop. */
    private Long coefficientAtEntry(int r, CountedLoops.Loop loop) {
        List<Uniformity.Site> outside = uniformity.reachingDefinitions(r, loop.head(), 0).stream()
                .filter(d -> d.insn() == null || !inLoop(loop, d)).toList();
        return outside.size() == 1 && outside.getFirst().insn() != null
                ? coefficientOfDefinition(outside.getFirst(), 0) : null;
    }

    private boolean definedIn(CountedLoops.Loop loop, Operand.Register r) {
        for (int b = loop.head(); b <= loop.latch(); b++) {
            for (Instruction insn : body.blocks().get(b).instructions()) {
                if (Liveness.defs(insn).contains(r)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The most an unsigned register set in the loop can hold just before instruction i of block b:
     * masked by an and with a constant, then shifted or offset; null when unknown.
     */
    private Long maxOf(Operand.Register r, int b, int i, CountedLoops.Loop loop, int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        Uniformity.Site d = uniformity.onlyReachingDefinition(registers.indexOf(r), b, i);
        if (d == null || !inLoop(loop, d)) {
            return null;
        }
        Instruction insn = d.insn();
        Long result = switch (insn.opcode()) {
            case AND -> {
                Long m = null;
                for (int k = 1; k <= 2; k++) {
                    if (insn.operand(k) instanceof Operand.Immediate imm && imm.bits() >= 0) {
                        m = imm.bits() & (insn.type().bits() == 32 ? 0xffffffffL : -1L);
                    }
                }
                yield m;
            }
            case SHL -> {
                Long x = maxOperand(insn.operand(1), d, loop, depth);
                yield x != null && insn.operand(2) instanceof Operand.Immediate s && s.bits() >= 0 && s.bits() < 31
                        ? x << s.bits() : null;
            }
            case ADD -> {
                Long x = maxOperand(insn.operand(1), d, loop, depth);
                Long y = maxOperand(insn.operand(2), d, loop, depth);
                yield x == null || y == null ? null : x + y;
            }
            case MOV -> maxOperand(insn.operand(1), d, loop, depth);
            case CVT -> insn.sourceType().isInteger() && !insn.sourceType().isSigned() && insn.type().isInteger()
                    && insn.type().bits() >= insn.sourceType().bits() ? maxOperand(insn.operand(1), d, loop, depth)
                    : null;
            default -> null;
        };
        // Small enough that no 32-bit sum with it wraps.
        return result == null || result < 0 || result > 1L << 30 ? null : result;
    }

    /** How many low bits of a register set in the loop are known to be zero (shifted or masked), 0 if none. */
    private int lowZeros(Operand.Register r, int b, int i, CountedLoops.Loop loop, int depth) {
        Uniformity.Site d = depth > MAX_DEPTH ? null : uniformity.onlyReachingDefinition(registers.indexOf(r), b, i);
        if (d == null || !inLoop(loop, d)) {
            return 0;
        }
        Instruction insn = d.insn();
        return switch (insn.opcode()) {
            case SHL -> insn.operand(2) instanceof Operand.Immediate s && s.bits() >= 0 && s.bits() < 32
                    ? (int) s.bits() + lowZerosOf(insn.operand(1), d, loop, depth) : 0;
            case AND -> Math.max(lowZerosOf(insn.operand(1), d, loop, depth), lowZerosOf(insn.operand(2), d, loop, depth));
            case ADD -> Math.min(lowZerosOf(insn.operand(1), d, loop, depth), lowZerosOf(insn.operand(2), d, loop, depth));
            case MOV -> lowZerosOf(insn.operand(1), d, loop, depth);
            case CVT -> insn.sourceType().isInteger() && insn.type().isInteger() ? lowZerosOf(insn.operand(1), d, loop,
                    depth) : 0;
            default -> 0;
        };
    }

    private int lowZerosOf(Operand op, Uniformity.Site at, CountedLoops.Loop loop, int depth) {
        return switch (op) {
            case Operand.Immediate imm -> imm.bits() == 0 ? 64 : Long.numberOfTrailingZeros(imm.bits());
            case Operand.Register r -> lowZeros(r, at.block(), at.index(), loop, depth + 1);
            default -> 0;
        };
    }

    private Long maxOperand(Operand op, Uniformity.Site at, CountedLoops.Loop loop, int depth) {
        return switch (op) {
            case Operand.Immediate imm -> imm.bits() >= 0 && imm.bits() <= 1L << 30 ? imm.bits() : null;
            case Operand.Register r -> maxOf(r, at.block(), at.index(), loop, depth + 1);
            default -> null;
        };
    }

    /**
     * The coefficient c with value(x, y) = value(0, y) + c x of register {@code r} just before instruction
     * i of block b, as far as its definitions show (ids along y count as constants; wrapping is not
     * considered: the interchange checks the values of every work-item, and finds how they grow along
     * y, before it relies on it); null when it is not of that shape.
     */
    private Long coefficient(Operand.Register r, int b, int i, int depth) {
        int index = registers.indexOf(r);
        if (uniformity.isUniformAt(index, b, i)) {
            return 0L;
        }
        if (depth > MAX_DEPTH) {
            return null;
        }
        Uniformity.Site d = uniformity.onlyReachingDefinition(index, b, i);
        return d == null ? null : coefficientOfDefinition(d, depth);
    }

    /** The coefficient (see {@link #coefficient}) of the value definition {@code d} writes. */
    private Long coefficientOfDefinition(Uniformity.Site d, int depth) {
        Instruction insn = d.insn();
        return switch (insn.opcode()) {
            case WORKITEMID, WORKITEMABSID -> ((Operand.Immediate) insn.operand(1)).bits() == 0 ? 1L : 0L;
            case LD -> insn.modifiers().segment() == Segment.KERNARG ? Long.valueOf(0) : null;
            case WORKGROUPID, WORKGROUPSIZE, CURRENTWORKGROUPSIZE, GRIDSIZE, GRIDGROUPS, DIM -> 0L;
            case MOV, CVT -> insn.opcode() == Opcode.CVT && !(insn.type().isInteger()
                    && insn.sourceType().isInteger()) ? null : coefficientOf(insn.operand(1), d, depth);
            case ADD, SUB -> {
                Long x = coefficientOf(insn.operand(1), d, depth);
                Long y = coefficientOf(insn.operand(2), d, depth);
                yield x == null || y == null ? null : insn.opcode() == Opcode.ADD ? x + y : x - y;
            }
            case SHL -> {
                Long x = coefficientOf(insn.operand(1), d, depth);
                yield x != null && insn.operand(2) instanceof Operand.Immediate s && s.bits() >= 0 && s.bits() < 32
                        ? x << s.bits() : null;
            }
            case MUL -> {
                Long x = coefficientOf(insn.operand(1), d, depth);
                Long y = coefficientOf(insn.operand(2), d, depth);
                yield product(insn.operand(1), x, insn.operand(2), y);
            }
            case MAD -> {
                Long x = coefficientOf(insn.operand(1), d, depth);
                Long y = coefficientOf(insn.operand(2), d, depth);
                Long z = coefficientOf(insn.operand(3), d, depth);
                Long p = product(insn.operand(1), x, insn.operand(2), y);
                yield p == null || z == null ? null : p + z;
            }
            default -> null;
        };
    }

    /** The coefficient of a product: constant times affine, or 0 for two uniform factors. */
    private static Long product(Operand a, Long ca, Operand b, Long cb) {
        if (ca == null || cb == null) {
            return null;
        }
        if (ca == 0 && cb == 0) {
            return 0L;
        }
        if (a instanceof Operand.Immediate imm) {
            return imm.bits() * cb;
        }
        if (b instanceof Operand.Immediate imm) {
            return ca * imm.bits();
        }
        return null;
    }

    private Long coefficientOf(Operand op, Uniformity.Site at, int depth) {
        return switch (op) {
            case Operand.Immediate imm -> 0L;
            case Operand.Register r -> coefficient(r, at.block(), at.index(), depth + 1);
            default -> null;
        };
    }

    /** The lane of each register of {@code lanes} among the int ($c, $s) or the long ($d) lanes. */
    static Map<Integer, Integer> laneIndex(BitSet lanes, RegisterIndex registers, boolean ints) {
        Map<Integer, Integer> out = new HashMap<>();
        for (int r = lanes.nextSetBit(0); r >= 0; r = lanes.nextSetBit(r + 1)) {
            boolean isInt = registers.register(r).registerClass() != RegisterClass.D;
            if (isInt == ints) {
                out.put(r, out.size());
            }
        }
        return out;
    }
}
