package org.hsaj.hsail.ir;

import java.util.Locale;

/**
 * HSAIL operations (PRM 1.0 chapters 5 to 11), plus the two markers that bracket an arg block.
 * The HSAIL spelling of an opcode is its lower-case name. What each opcode's operands are is
 * described by {@link OperandRules}.
 */
public enum Opcode {
    // 5.2 integer arithmetic (abs add borrow carry div max min mul mulhi neg rem sub) and friends
    ABS, ADD, BORROW, CARRY, DIV, MAX, MIN, MUL, MULHI, NEG, REM, SUB,
    // 5.3 / 5.4 integer optimisation
    MAD, MUL24, MUL24HI, MAD24, MAD24HI,
    // 5.5 shifts, 5.6 bit operations, 5.7 bit strings
    SHL, SHR, AND, OR, XOR, NOT, POPCOUNT,
    BITEXTRACT, BITINSERT, BITMASK, BITREV, BITSELECT, FIRSTBIT, LASTBIT,
    // 5.8 copy
    COMBINE, EXPAND, LDA, MOV,
    // 5.9 packed data, 5.10 cmov
    SHUFFLE, UNPACKHI, UNPACKLO, PACK, UNPACK, CMOV,
    // 5.11 - 5.14 floating point
    CEIL, FLOOR, FMA, FRACT, RINT, SQRT, TRUNC, CLASS, COPYSIGN,
    NCOS, NEXP2, NFMA, NLOG2, NRCP, NRSQRT, NSIN, NSQRT,
    // 5.15 multimedia
    BITALIGN, BYTEALIGN, LERP, PACKCVT, UNPACKCVT, SAD, SADHI,
    // 5.16 - 5.19
    SEGMENTP, FTOS, STOF, CMP, CVT,
    // 6 memory
    LD, ST, ATOMIC, ATOMICNORET, SIGNAL, SIGNALNORET, MEMFENCE,
    // 7 images (parsed, not supported by this finalizer)
    RDIMAGE, LDIMAGE, STIMAGE, QUERYIMAGE, QUERYSAMPLER, IMAGEFENCE,
    // 8 branches
    BR, CBR, SBR,
    // 9 synchronisation and cross-lane
    BARRIER, WAVEBARRIER,
    INITFBAR, JOINFBAR, WAITFBAR, ARRIVEFBAR, LEAVEFBAR, RELEASEFBAR, LDF,
    ACTIVELANECOUNT, ACTIVELANEID, ACTIVELANEMASK, ACTIVELANEPERMUTE,
    // 10 functions
    CALL, SCALL, ICALL, RET, ALLOCA,
    // 11.1 kernel dispatch packet
    CURRENTWORKGROUPSIZE, CURRENTWORKITEMFLATID, DIM, GRIDGROUPS, GRIDSIZE, PACKETCOMPLETIONSIG, PACKETID,
    WORKGROUPID, WORKGROUPSIZE, WORKITEMABSID, WORKITEMFLATABSID, WORKITEMFLATID, WORKITEMID,
    // 11.2 exceptions
    CLEARDETECTEXCEPT, GETDETECTEXCEPT, SETDETECTEXCEPT,
    // 11.3 user mode queues
    ADDQUEUEWRITEINDEX, CASQUEUEWRITEINDEX, LDQUEUEREADINDEX, LDQUEUEWRITEINDEX,
    STQUEUEREADINDEX, STQUEUEWRITEINDEX,
    // 11.4 miscellaneous
    CUID, GROUPBASEPTR, KERNARGBASEPTR, LANEID, MAXCUID, MAXWAVEID, NULLPTR, WAVEID, CLOCK, DEBUGTRAP, NOP,
    /**
     * Start of an arg block. Its only operand is an {@link Operand.ArgumentList} of the arg variables
     * the block defines; their offsets are relative to the block's own arg frame.
     */
    ARG_BLOCK_START,
    /** End of an arg block; no operands. */
    ARG_BLOCK_END;

    /** The HSAIL spelling of the opcode ({@code "workitemabsid"}). */
    public String hsailName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for br, cbr, sbr and ret: the instructions after which control does not fall through unconditionally. */
    public boolean endsBlock() {
        return this == BR || this == CBR || this == SBR || this == RET;
    }

    /** True for the pseudo-instructions that are not HSAIL operations. */
    public boolean isMarker() {
        return this == ARG_BLOCK_START || this == ARG_BLOCK_END;
    }
}
