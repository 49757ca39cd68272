package org.hsaj.cpu.translate;

import org.hsaj.cpu.exec.DecodedBlock;
import org.hsaj.cpu.exec.GuestMemory;
import org.hsaj.cpu.exec.Hart;

/**
 * Guest code translated into JVM bytecode: a region of one or more decoded blocks compiled into one
 * method of a hidden subclass. {@link #execute} enters at one of the region's blocks and returns the pc
 * where execution leaves it (after writing the guest registers it changed back to the hart).
 *
 * <p>Chaining: an exit to a constant guest address k can call the translation of that address directly
 * ({@link #links}[k]) instead of returning to the dispatcher; each such call site sees one target class,
 * so the JIT dispatches it monomorphically. A direct guest call whose return address lies in the
 * region calls the callee's translation the same way and continues in place when it returns.
 * {@link Hart#chainDepth} counts the nesting and bounds it.
 *
 * <p>Threading: a translation is immutable apart from {@link #links}, {@link #entries} and the
 * {@link #valid} flag, which the translator changes with plain or volatile writes; a hart racing with a
 * change runs either the old or the new target, both correct translations of the guest code or the
 * dispatcher's fallback. Its count of jump-table misses is a racy hint: harts racing on it at most
 * regrow the region a little earlier or later.
 */
public abstract class TranslatedRegion {
    /** Nesting limit of chained calls: deeper, an exit returns to the dispatcher. */
    public static final int MAX_CHAIN_DEPTH = 48;

    protected final GuestMemory memory;
    /** Successor translations of the constant exits (null = return to the dispatcher). */
    protected final TranslatedRegion[] links;
    /** Guest addresses of the constant exits, index-aligned with {@link #links}. */
    final long[] linkTargets;
    /** The blocks this region can be entered at (each block's {@code translation} points here). */
    final DecodedBlock[] entries;
    /** The decoded blocks compiled into this region (for invalidation). */
    protected final DecodedBlock[] blocks;
    final boolean hotTier;
    volatile boolean valid = true;
    /** Who compiled this region, to regrow it (null for block translations in tests). */
    Translator translator;
    /** How often this region's jump tables sent the guest to a block outside it (racy: a hint). */
    private int indirectMisses;
    /** How many times the region at this head was grown anew before this one. */
    int regrowths;

    protected TranslatedRegion(GuestMemory memory, DecodedBlock[] blocks, DecodedBlock[] entries, long[] linkTargets,
                               boolean hotTier) {
        this.memory = memory;
        this.blocks = blocks;
        this.entries = entries;
        this.linkTargets = linkTargets;
        this.links = new TranslatedRegion[linkTargets.length];
        this.hotTier = hotTier;
    }

    /** Runs guest code from {@code pc} (one of the entries) until it leaves the region; returns the next pc. */
    public abstract long execute(Hart h, long pc);

    /**
     * Runs {@code next} from {@code pc} as a nested call and returns the pc it leaves for; returns
     * {@code pc} itself when {@code next} is null (not linked) or translations already nest
     * {@link #MAX_CHAIN_DEPTH} deep. Generated code calls this rather than testing the link and the
     * depth itself: these tests' profiles are then shared by every region, so they see both outcomes
     * early, whereas in each region's own code a link profiled only as null (its target not compiled
     * yet) or a depth never reached would be compiled as a trap, and linking the target later, or
     * nesting deeper once, would throw the region's compiled code away.
     */
    protected static long chain(TranslatedRegion next, Hart h, long pc) {
        if (next == null || h.chainDepth >= MAX_CHAIN_DEPTH) {
            return pc;
        }
        h.chainDepth++;
        long result = next.execute(h, pc);
        h.chainDepth--;
        return result;
    }

    /** Misses of a region's jump tables after which it is grown anew, with the cases it missed. */
    static final int REGROW_AFTER_MISSES = 4096;
    /**
     * Regrowths of one head at most: a switch whose phases each use other cases gets a region covering
     * more of them each time, but not endlessly.
     */
    static final int MAX_REGROWTHS = 3;

    /**
     * Called by generated code when the jump table ending block {@code block} of {@code r} goes to
     * {@code target}, a block outside it: records the target in the block's profile, and has the
     * region grown anew once such misses add up (a switch's phases: the first cases seen made the
     * region, later ones leave it at every turn).
     */
    protected static void indirectMiss(TranslatedRegion r, int block, long target) {
        r.blocks[block].recordIndirectTarget(target);
        if (++r.indirectMisses == REGROW_AFTER_MISSES && r.translator != null) {
            r.translator.regrow(r);
        }
    }

    public long headPc() {
        return blocks[0].pc;
    }

    public boolean isHotTier() {
        return hotTier;
    }

    @Override
    public String toString() {
        return String.format("%s region at 0x%x (%d blocks)", hotTier ? "hot" : "block", headPc(), blocks.length);
    }
}
