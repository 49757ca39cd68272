package org.hsaj.hsail.codegen.jvm;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import org.hsaj.hsail.ir.BasicBlock;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterClass;
import org.hsaj.hsail.ir.Segment;

/**
 * How a kernel body is cut for code generation: the blocks grouped into methods ("parts", each under
 * the JIT's size limit), the points where work-items stop (kernel entry, barriers, cross-lane
 * operations, entries of parts), and the spill slot of every register live at one of them.
 */
final class KernelPlan {
    /** A run of consecutive blocks emitted as one method. */
    record Part(int index, int firstBlock, int lastBlock) {
        boolean contains(int block) {
            return block >= firstBlock && block <= lastBlock;
        }
    }

    /**
     * A loop run with the work-items inside: they gather at {@code gather} (its head) and, run that
     * way, resume at {@code resume} (the block after it); {@code index}: its number in this cut.
     */
    record Interchange(int index, InterchangedLoops.Loop loop, SyncPoint gather, SyncPoint resume) {
    }

    final Body body;
    final RegisterIndex registers;
    final Liveness liveness;
    final IdRegisters ids;
    /** For each block, the blocks that dominate it. */
    private final BitSet[] dominators;
    /** Loops counting a u32 register up to a bound, which get a copy that compares signed. */
    final CountedLoops loops;
    /** Registers recomputed at resumption instead of spilled. */
    final EntryValues entryValues;
    /** Checked mode: the kernarg pointer each access goes through; in fast mode none. */
    final PointerOrigins pointers;
    final List<Part> parts;
    final List<SyncPoint> points;
    /** Spill slot of each register index (int slots for $c/$s, long slots for $d/$q), or -1. */
    final int[] spillSlot;
    final int intSlots;
    final int longSlots;
    /**
     * Registers kept once per work-group across a point instead of per work-item (uniform, see
     * {@link Uniformity}): their slot per point id and register index in the work-group's uniform
     * arrays (ints for $c/$s, longs for $d/$q), or -1.
     */
    final int[][] uniformSlot;
    final int uniformInts;
    final int uniformLongs;
    /** The interchanged loops of this cut, and the most int and long lanes one of them needs. */
    final List<Interchange> interchanges;
    final int laneInts;
    final int laneLongs;
    /** The most words an interchanged loop of this cut tallies ({@link InterchangedLoops.Loop#tally}). */
    final int tallyInts;
    private final InterchangedLoops interchanged;
    private final UnrolledLoops unrolled;

    KernelPlan(BodyFacts facts, List<int[]> partRanges) {
        this.body = facts.body;
        this.registers = facts.registers;
        this.liveness = facts.liveness;
        this.ids = facts.ids;
        this.entryValues = facts.entryValues;
        this.loops = facts.loops;
        this.dominators = facts.dominators;
        this.pointers = facts.pointers;
        List<Part> ps = new ArrayList<>();
        for (int[] r : partRanges) {
            ps.add(new Part(ps.size(), r[0], r[1]));
        }
        this.parts = List.copyOf(ps);
        this.interchanged = facts.interchanged;
        this.unrolled = facts.unrolled;
        this.points = findPoints();
        List<Interchange> found = new ArrayList<>();
        int laneI = 0;
        int laneL = 0;
        int tally = 0;
        for (SyncPoint p : points) {
            if (p.kind() == SyncPoint.Kind.LOOP) {
                InterchangedLoops.Loop l = interchanged.at(p.block());
                found.add(new Interchange(found.size(), l, p, blockPoint(l.exit())));
                laneI = Math.max(laneI, InterchangedLoops.laneIndex(l.lanes(), registers, true).size());
                laneL = Math.max(laneL, InterchangedLoops.laneIndex(l.lanes(), registers, false).size());
                tally = Math.max(tally, l.tally());
            }
        }
        this.interchanges = List.copyOf(found);
        this.laneInts = laneI;
        this.laneLongs = laneL;
        this.tallyInts = tally;
        this.spillSlot = new int[registers.size()];
        java.util.Arrays.fill(spillSlot, -1);
        // The driver reads and writes the operands of cross-lane operations in the spill arrays.
        BitSet crossLane = new BitSet();
        for (SyncPoint p : points) {
            if (p.kind() == SyncPoint.Kind.CROSSLANE) {
                for (Operand op : p.insn().operands()) {
                    RegisterIndex.forEachRegister(op, r -> crossLane.set(registers.indexOf(r)));
                }
            }
        }
        Uniformity uniformity = facts.uniformity;
        this.uniformSlot = new int[points.size()][registers.size()];
        int uniformI = 0;
        int uniformL = 0;
        int ints = 0;
        int longs = 0;
        for (SyncPoint p : points) {
            java.util.Arrays.fill(uniformSlot[p.id()], -1);
            BitSet all = (BitSet) p.save().clone();
            all.or(p.restore());
            for (int r = all.nextSetBit(0); r >= 0; r = all.nextSetBit(r + 1)) {
                boolean recomputed = entryValues.recomputes(r) && !crossLane.get(r);
                if (!recomputed && !crossLane.get(r) && uniformity.isUniformAt(r, p.block(), p.index())) {
                    RegisterClass rc = registers.register(r).registerClass();
                    if (rc == RegisterClass.C || rc == RegisterClass.S) {
                        uniformSlot[p.id()][r] = uniformI++;
                    } else {
                        uniformSlot[p.id()][r] = uniformL;
                        uniformL += rc == RegisterClass.Q ? 2 : 1;
                    }
                    continue;
                }
                if (spillSlot[r] >= 0 || recomputed) {
                    continue;
                }
                RegisterClass rc = registers.register(r).registerClass();
                switch (rc) {
                    case C, S -> spillSlot[r] = ints++;
                    case D -> spillSlot[r] = longs++;
                    case Q -> {
                        spillSlot[r] = longs;
                        longs += 2;
                    }
                }
            }
        }
        this.intSlots = ints;
        this.longSlots = longs;
        this.uniformInts = uniformI;
        this.uniformLongs = uniformL;
    }

    /**
     * True when consecutive work-groups along x can run as one loop over all their work-items: a
     * single-pass kernel whose work-items do not depend on their work-group, as nothing in its code
     * reads a local id, a work-group id or size of the current group, a flat or lane id, or touches
     * group, private, spill or arg memory (which is per work-group or per work-item), and it calls no
     * function.
     */
    boolean fusesWorkGroups() {
        if (!isSinglePass()) {
            return false;
        }
        for (Instruction insn : body.instructions()) {
            switch (insn.opcode()) {
                case WORKITEMID, WORKGROUPID, CURRENTWORKGROUPSIZE, WORKITEMFLATID, CURRENTWORKITEMFLATID, LANEID,
                        WAVEID, GROUPBASEPTR, LDA, STOF, FTOS, SEGMENTP, ALLOCA, CALL, SCALL -> {
                    return false;
                }
                default -> {
                    Segment s = insn.modifiers().segment();
                    if (s == Segment.GROUP || s == Segment.PRIVATE || s == Segment.SPILL || s == Segment.ARG) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** True when the kernel runs as one plain loop over its work-items: one part, no synchronisation. */
    boolean isSinglePass() {
        return points.size() == 1;
    }

    /**
     * True when every way around the loop that the backward branch at the end of block {@code from}
     * closes passes a synchronisation point, where the driver polls the watchdog: some block that
     * {@code target} dominates and that dominates {@code from} (either may be that block) holds one.
     */
    boolean loopPassesPoint(int target, int from) {
        for (SyncPoint p : points) {
            if (p.isInstruction() && dominators[p.block()].get(target) && dominators[from].get(p.block())) {
                return true;
            }
        }
        return false;
    }

    Part partOf(int block) {
        for (Part p : parts) {
            if (p.contains(block)) {
                return p;
            }
        }
        throw new IllegalArgumentException("block " + block + " is in no part");
    }

    /**
     * The point where a work-item resumes at the start of block {@code b} (kernel entry, a part entry or
     * the block after an interchanged loop).
     */
    SyncPoint blockPoint(int b) {
        for (SyncPoint p : points) {
            if (!p.isInstruction() && p.kind() != SyncPoint.Kind.LOOP && p.block() == b) {
                return p;
            }
        }
        throw new IllegalArgumentException("block " + b + " has no entry point");
    }

    /** The point of the synchronising instruction {@code index} of block {@code b}. */
    SyncPoint instructionPoint(int b, int index) {
        for (SyncPoint p : points) {
            if (p.isInstruction() && p.block() == b && p.index() == index) {
                return p;
            }
        }
        throw new IllegalArgumentException("no synchronisation point at " + b + ":" + index);
    }

    /** The interchanged loops whose head lies in {@code part}. */
    List<Interchange> interchangesOf(Part part) {
        return interchanges.stream().filter(i -> part.contains(i.gather().block())).toList();
    }

    /** The interchanged loop whose head is block {@code b}, or null. */
    Interchange interchangeAt(int b) {
        for (Interchange i : interchanges) {
            if (i.gather().block() == b) {
                return i;
            }
        }
        return null;
    }

    /**
     * The turns {@code part} writes the loop out with ({@link UnrolledLoops}), or 0 when it emits it as a
     * loop: the part must hold the whole loop, and the loop must not run with the work-items inside.
     */
    int unrolledTurns(Part part, CountedLoops.Loop loop) {
        boolean whole = part.contains(loop.head()) && part.contains(loop.latch());
        return whole && interchangeAt(loop.head()) == null ? unrolled.turns(loop.head()) : 0;
    }

    List<SyncPoint> pointsOf(Part part) {
        return points.stream().filter(p -> part.contains(p.block())).toList();
    }

    static SyncPoint.Kind syncKind(Opcode op) {
        return switch (op) {
            case BARRIER -> SyncPoint.Kind.BARRIER;
            case WAVEBARRIER -> SyncPoint.Kind.WAVEBARRIER;
            case ACTIVELANECOUNT, ACTIVELANEID, ACTIVELANEMASK, ACTIVELANEPERMUTE -> SyncPoint.Kind.CROSSLANE;
            default -> null;
        };
    }

    private List<SyncPoint> findPoints() {
        record Candidate(long order, SyncPoint.Kind kind, int block, int index, Instruction insn) {
        }
        List<Candidate> found = new ArrayList<>();
        List<BasicBlock> blocks = body.blocks();
        long[] start = new long[blocks.size() + 1];
        for (int b = 0; b < blocks.size(); b++) {
            start[b + 1] = start[b] + blocks.get(b).instructions().size();
        }
        found.add(new Candidate(0, SyncPoint.Kind.ENTRY, 0, 0, null));
        BitSet entered = new BitSet();
        entered.set(0);
        for (Part part : parts) {
            for (int b = part.firstBlock(); b <= part.lastBlock(); b++) {
                for (int s : Liveness.successors(body, b)) {
                    if (!part.contains(s) && !entered.get(s)) {
                        entered.set(s);
                        found.add(new Candidate(2 * start[s], SyncPoint.Kind.BLOCK, s, 0, null));
                    }
                }
                List<Instruction> insns = blocks.get(b).instructions();
                for (int i = 0; i < insns.size(); i++) {
                    SyncPoint.Kind k = syncKind(insns.get(i).opcode());
                    if (k != null) {
                        found.add(new Candidate(2 * (start[b] + i) + 1, k, b, i, insns.get(i)));
                    }
                }
            }
        }
        for (InterchangedLoops.Loop l : interchanged.loops()) {
            int head = l.loop().head();
            boolean together = partOf(head) == partOf(l.exit());
            if (together && !entered.get(head) && !entered.get(l.exit())) {
                entered.set(l.exit());
                found.add(new Candidate(2 * start[head], SyncPoint.Kind.LOOP, head, 0, null));
                found.add(new Candidate(2 * start[l.exit()], SyncPoint.Kind.BLOCK, l.exit(), 0, null));
            }
        }
        found.sort(Comparator.comparingLong(Candidate::order));
        List<SyncPoint> out = new ArrayList<>();
        for (Candidate c : found) {
            BitSet save;
            BitSet restore;
            switch (c.kind()) {
                case ENTRY -> {
                    // Nothing branches to the entry block (BlockSplitter.withEntryBlock): registers start at zero.
                    save = new BitSet();
                    restore = save;
                }
                case BLOCK, LOOP -> {
                    save = liveness.liveIn(c.block());
                    restore = save;
                }
                default -> {
                    save = liveness.liveBefore(c.block(), c.index());
                    restore = liveness.liveAfter(c.block(), c.index());
                }
            }
            out.add(new SyncPoint(out.size(), c.kind(), c.block(), c.index(), c.insn(), save, restore));
        }
        return List.copyOf(out);
    }
}
