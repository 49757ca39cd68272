package org.hsaj.tests.cpu;

import static org.hsaj.tests.cpu.RegisterDumpProgram.BASE;
import static org.hsaj.tests.cpu.RvAssembler.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates random RV64GC instruction sequences and the random state they start from, reproducibly from
 * a seed. Sequences only contain instructions whose results the ISA defines exactly (no timers, no
 * reserved rounding modes), only touch memory through x8 ({@link RegisterDumpProgram#BASE}) at offsets
 * inside the scratch area (naturally aligned for atomics), never write x8, and only jump forward.
 *
 * <p>Not thread-safe: one generator per sequence.
 */
final class RandomRvProgram {
    /** Which instruction mix to draw from; narrower mixes make a failure easier to place. */
    enum Profile {
        INTEGER, MEMORY, FLOAT, CONTROL, COMPRESSED, MIXED
    }

    private final Random rnd;
    private final List<Integer> weights = new ArrayList<>();
    private final List<Supplier<CodeUnit>> makers = new ArrayList<>();

    RandomRvProgram(long seed, Profile profile) {
        this.rnd = new Random(seed);
        boolean mixed = profile == Profile.MIXED;
        if (profile == Profile.INTEGER || mixed) {
            add(30, this::regReg);
            add(20, this::regImm);
            add(10, this::shift);
            add(5, this::upper);
        }
        if (profile == Profile.MEMORY || mixed) {
            add(25, this::load);
            add(25, this::store);
            add(12, this::atomic);
            add(5, this::loadReservedStoreConditional);
            add(10, this::compressedLoadStore);
            add(profile == Profile.MEMORY ? 10 : 0, this::regImm);
        }
        if (profile == Profile.FLOAT || mixed) {
            add(20, this::fpArith);
            add(8, this::fpSqrtSignMinMax);
            add(8, this::fpCompareClassMove);
            add(20, this::fpConvert);
            add(12, this::fpFusedMultiplyAdd);
            add(8, this::fpCsr);
            add(profile == Profile.FLOAT ? 6 : 0, this::fpLoadStore);
        }
        if (profile == Profile.CONTROL || mixed) {
            add(25, this::jump);
            add(profile == Profile.CONTROL ? 30 : 0, this::regImm);
            add(profile == Profile.CONTROL ? 20 : 0, this::regReg);
            add(profile == Profile.CONTROL ? 10 : 0, this::compressedAlu);
        }
        if (profile == Profile.COMPRESSED || mixed) {
            add(30, this::compressedAlu);
            add(profile == Profile.COMPRESSED ? 10 : 0, this::compressedLoadStore);
            add(profile == Profile.COMPRESSED ? 5 : 0, this::compressedJump);
        }
        if (mixed) {
            add(5, this::compressedJump);
        }
    }

    private void add(int weight, Supplier<CodeUnit> maker) {
        if (weight > 0) {
            weights.add(weight);
            makers.add(maker);
        }
    }

    List<CodeUnit> sequence(int units) {
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        List<CodeUnit> out = new ArrayList<>(units);
        for (int u = 0; u < units; u++) {
            int pick = rnd.nextInt(total);
            int k = 0;
            while (pick >= weights.get(k)) {
                pick -= weights.get(k++);
            }
            out.add(makers.get(k).get());
        }
        return out;
    }

    // ---- initial state ----

    private static final long[] INTERESTING = {
        0, 1, -1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL,
        0x1_0000_0000L, Long.MAX_VALUE, Long.MIN_VALUE, 0xFFFF_FFFF_8000_0000L, 0x8000_0000_0000_0001L, -2, 63, 64, 31,
    };

    /** Doubles (and NaN-boxed singles) chosen to hit every class fclass distinguishes. */
    private static final long[] INTERESTING_FP = {
        0x0000000000000000L, 0x8000000000000000L, 0x3FF0000000000000L, 0xBFF0000000000000L, // +-0, +-1
        0x7FF0000000000000L, 0xFFF0000000000000L, 0x7FF8000000000000L, 0x7FF0000000000001L, // +-inf, qNaN, sNaN
        0x0000000000000001L, 0x000FFFFFFFFFFFFFL, 0x0010000000000000L, 0x7FEFFFFFFFFFFFFFL, // subnormals, min, max
        0x43E0000000000000L, 0xC3E0000000000000L, 0x41DFFFFFFFC00000L, 0x3FE0000000000000L, // 2^63, -2^63, 2^31-1, .5
        0xFFFFFFFF00000000L, 0xFFFFFFFF80000000L, 0xFFFFFFFF3F800000L, 0xFFFFFFFF7F800000L, // boxed +-0f, 1f, inf
        0xFFFFFFFF7FC00000L, 0xFFFFFFFF7F800001L, 0xFFFFFFFF00000001L, 0xFFFFFFFF4F000000L, // qNaN, sNaN, subn., 2^31
        0x000000003F800000L, 0xFFFFFFFE3F800000L, // 1.0f not properly NaN-boxed: reads as the canonical NaN
    };

    MachineState initialState() {
        long[] x = new long[32];
        long[] f = new long[32];
        for (int i = 1; i < 32; i++) {
            x[i] = intValue();
        }
        for (int i = 0; i < 32; i++) {
            f[i] = fpValue();
        }
        byte[] scratch = new byte[MachineState.SCRATCH_BYTES];
        rnd.nextBytes(scratch);
        for (int i = 0; i + 8 <= scratch.length; i += 8) {
            if (rnd.nextInt(4) == 0) {
                long v = rnd.nextBoolean() ? intValue() : fpValue();
                for (int k = 0; k < 8; k++) {
                    scratch[i + k] = (byte) (v >>> (8 * k));
                }
            }
        }
        long fcsr = (long) rnd.nextInt(5) << 5 | rnd.nextInt(32);
        return new MachineState(x, f, fcsr, scratch);
    }

    private long intValue() {
        return switch (rnd.nextInt(4)) {
            case 0 -> INTERESTING[rnd.nextInt(INTERESTING.length)];
            case 1 -> rnd.nextInt(4096) - 2048;
            default -> rnd.nextLong();
        };
    }

    private long fpValue() {
        return switch (rnd.nextInt(5)) {
            case 0, 1 -> INTERESTING_FP[rnd.nextInt(INTERESTING_FP.length)];
            case 2 -> Double.doubleToRawLongBits((rnd.nextDouble() - 0.5) * Math.scalb(1.0, rnd.nextInt(80) - 40));
            case 3 -> 0xFFFF_FFFF_0000_0000L | Float.floatToRawIntBits((rnd.nextFloat() - 0.5f) * (1 << rnd.nextInt(30))) & 0xFFFF_FFFFL;
            default -> rnd.nextLong();
        };
    }

    // ---- registers and immediates ----

    /** A destination: any register but x8, occasionally x0 (whose writes must vanish). */
    private int dest() {
        if (rnd.nextInt(40) == 0) {
            return 0;
        }
        int r;
        do {
            r = 1 + rnd.nextInt(31);
        } while (r == BASE);
        return r;
    }

    private int src() {
        return rnd.nextInt(32);
    }

    /** A destination among x9..x15 (the compressed formats' x8..x15 without x8). */
    private int destPrime() {
        return 9 + rnd.nextInt(7);
    }

    private int srcPrime() {
        return 8 + rnd.nextInt(8);
    }

    private int freg() {
        return rnd.nextInt(32);
    }

    private int imm12() {
        return rnd.nextBoolean() ? rnd.nextInt(64) - 32 : rnd.nextInt(4096) - 2048;
    }

    private int rm() {
        return ROUNDING_MODES[rnd.nextInt(ROUNDING_MODES.length)];
    }

    private <T> T pick(T[] options) {
        return options[rnd.nextInt(options.length)];
    }

    /** A naturally aligned offset from base inside the scratch area for an access of {@code width} bytes. */
    private int scratchOffset(int width) {
        int slots = MachineState.SCRATCH_BYTES / width;
        return (rnd.nextInt(slots) - slots / 2) * width;
    }

    /**
     * Mostly a naturally aligned offset, one time in five any offset that keeps the access inside the
     * scratch area: Linux lets user programs make misaligned ordinary loads and stores (not atomics).
     */
    private int scratchOffsetMaybeMisaligned(int width) {
        if (rnd.nextInt(5) != 0) {
            return scratchOffset(width);
        }
        return rnd.nextInt(MachineState.SCRATCH_BYTES - width + 1) - MachineState.SCRATCH_BYTES / 2;
    }

    // ---- integer ----

    private CodeUnit regReg() {
        return CodeUnit.of(RvAssembler.regReg(pick(REG_REG_MNEMONICS), dest(), src(), src()));
    }

    private CodeUnit regImm() {
        return CodeUnit.of(RvAssembler.regImm(pick(REG_IMM_MNEMONICS), dest(), src(), imm12()));
    }

    private CodeUnit shift() {
        String m = pick(SHIFT_IMM_MNEMONICS);
        return CodeUnit.of(shiftImm(m, dest(), src(), rnd.nextInt(m.endsWith("w") ? 32 : 64)));
    }

    private CodeUnit upper() {
        int imm = rnd.nextInt(1 << 20);
        return CodeUnit.of(rnd.nextBoolean() ? lui(dest(), imm) : auipc(dest(), imm));
    }

    // ---- memory ----

    private static int width(String mnemonic) {
        return switch (mnemonic) {
            case "lb", "lbu", "sb" -> 1;
            case "lh", "lhu", "sh" -> 2;
            case "lw", "lwu", "flw", "sw", "fsw" -> 4;
            default -> 8;
        };
    }

    private CodeUnit load() {
        String m = pick(LOAD_MNEMONICS);
        int rd = m.startsWith("f") ? freg() : dest();
        return CodeUnit.of(RvAssembler.load(m, rd, BASE, scratchOffsetMaybeMisaligned(width(m))));
    }

    private CodeUnit store() {
        String m = pick(STORE_MNEMONICS);
        int rs2 = m.startsWith("f") ? freg() : src();
        return CodeUnit.of(RvAssembler.store(m, rs2, BASE, scratchOffsetMaybeMisaligned(width(m))));
    }

    private CodeUnit fpLoadStore() {
        return rnd.nextBoolean()
                ? CodeUnit.of(RvAssembler.load(rnd.nextBoolean() ? "flw" : "fld", freg(), BASE, scratchOffset(8)))
                : CodeUnit.of(RvAssembler.store(rnd.nextBoolean() ? "fsw" : "fsd", freg(), BASE, scratchOffset(8)));
    }

    private CodeUnit atomic() {
        return CodeUnit.of(RvAssembler.atomic(pick(AMO_OPERATIONS), rnd.nextBoolean(), rnd.nextBoolean(),
                rnd.nextBoolean(), dest(), src(), BASE));
    }

    /** An lr immediately followed by an sc of the same width and address: the sc must succeed. */
    private CodeUnit loadReservedStoreConditional() {
        boolean d = rnd.nextBoolean();
        return CodeUnit.of(
                RvAssembler.atomic("lr", d, rnd.nextBoolean(), false, dest(), 0, BASE),
                RvAssembler.atomic("sc", d, false, rnd.nextBoolean(), dest(), src(), BASE));
    }

    // ---- floating point ----

    private static final String[] FP_ARITH = {"fadd.s", "fsub.s", "fmul.s", "fdiv.s", "fadd.d", "fsub.d", "fmul.d",
        "fdiv.d"};
    private static final String[] FP_SIGN_MIN_MAX = {"fsgnj.s", "fsgnjn.s", "fsgnjx.s", "fmin.s", "fmax.s", "fsgnj.d",
        "fsgnjn.d", "fsgnjx.d", "fmin.d", "fmax.d"};
    private static final String[] FP_COMPARE = {"feq.s", "flt.s", "fle.s", "feq.d", "flt.d", "fle.d"};
    private static final String[] FP_TO_INT_BITS = {"fclass.s", "fclass.d", "fmv.x.w", "fmv.x.d"};
    private static final String[] FP_CONVERT = {"fcvt.s.d", "fcvt.d.s", "fcvt.w.s", "fcvt.wu.s", "fcvt.l.s",
        "fcvt.lu.s", "fcvt.w.d", "fcvt.wu.d", "fcvt.l.d", "fcvt.lu.d", "fcvt.s.w", "fcvt.s.wu", "fcvt.s.l",
        "fcvt.s.lu", "fcvt.d.w", "fcvt.d.wu", "fcvt.d.l", "fcvt.d.lu"};
    private static final String[] FP_FMA = {"fmadd.s", "fmsub.s", "fnmsub.s", "fnmadd.s", "fmadd.d", "fmsub.d",
        "fnmsub.d", "fnmadd.d"};

    private CodeUnit fpArith() {
        return CodeUnit.of(RvAssembler.fpArith(pick(FP_ARITH), freg(), freg(), freg(), rm()));
    }

    private CodeUnit fpSqrtSignMinMax() {
        if (rnd.nextInt(3) == 0) {
            return CodeUnit.of(fsqrt(rnd.nextBoolean() ? "fsqrt.s" : "fsqrt.d", freg(), freg(), rm()));
        }
        return CodeUnit.of(fpSignMinMax(pick(FP_SIGN_MIN_MAX), freg(), freg(), freg()));
    }

    private CodeUnit fpCompareClassMove() {
        return switch (rnd.nextInt(3)) {
            case 0 -> CodeUnit.of(fpCompare(pick(FP_COMPARE), dest(), freg(), freg()));
            case 1 -> CodeUnit.of(fpToIntBits(pick(FP_TO_INT_BITS), dest(), freg()));
            default -> CodeUnit.of(intBitsToFp(rnd.nextBoolean() ? "fmv.w.x" : "fmv.d.x", freg(), src()));
        };
    }

    private CodeUnit fpConvert() {
        String m = pick(FP_CONVERT);
        String[] parts = m.split("\\.");
        boolean toInt = parts[1].startsWith("w") || parts[1].startsWith("l");
        boolean fromInt = parts[2].startsWith("w") || parts[2].startsWith("l");
        int rd = toInt ? dest() : freg();
        int rs1 = fromInt ? src() : freg();
        return CodeUnit.of(fcvt(m, rd, rs1, isExactConversion(m) ? 0 : rm()));
    }

    private CodeUnit fpFusedMultiplyAdd() {
        return CodeUnit.of(fusedMultiplyAdd(pick(FP_FMA), freg(), freg(), freg(), freg(), rm()));
    }

    /**
     * Reads and writes of fflags, frm and fcsr that keep frm valid (0..4): immediates for frm, clears of
     * frm bits (which can only lower a valid mode to another valid one), and registers only for fflags.
     */
    private CodeUnit fpCsr() {
        return switch (rnd.nextInt(6)) {
            case 0 -> CodeUnit.of(csr("csrrs", dest(), pick(new Integer[] {FFLAGS, FRM, FCSR}), 0));
            case 1 -> CodeUnit.of(csrImm(pick(new String[] {"csrrwi", "csrrsi", "csrrci"}), dest(), FFLAGS,
                    rnd.nextInt(32)));
            case 2 -> CodeUnit.of(csrImm("csrrwi", dest(), FRM, rnd.nextInt(5)));
            case 3 -> CodeUnit.of(csrImm("csrrci", dest(), FRM, rnd.nextInt(32)));
            case 4 -> CodeUnit.of(csrImm(rnd.nextBoolean() ? "csrrsi" : "csrrci", dest(), FCSR, rnd.nextInt(32)));
            default -> CodeUnit.of(csr(pick(new String[] {"csrrw", "csrrs", "csrrc"}), dest(), FFLAGS, src()));
        };
    }

    // ---- control transfer ----

    private int ahead() {
        return 1 + rnd.nextInt(5);
    }

    private CodeUnit jump() {
        int ahead = ahead();
        return switch (rnd.nextInt(4)) {
            case 0, 1 -> {
                String m = pick(BRANCH_MNEMONICS);
                int rs1 = src(), rs2 = rnd.nextInt(4) == 0 ? rs1 : src();
                yield CodeUnit.jump(4, ahead, offset -> List.of(branch(m, rs1, rs2, offset)));
            }
            case 2 -> {
                int rd = rnd.nextBoolean() ? 0 : dest();
                yield CodeUnit.jump(4, ahead, offset -> List.of(jal(rd, offset)));
            }
            default -> {
                // An indirect jump: auipc into a temporary, jalr through it.
                int temp;
                do {
                    temp = dest();
                } while (temp == 0);
                int t = temp, rd = rnd.nextBoolean() ? 0 : dest();
                yield CodeUnit.jump(8, ahead, offset -> List.of(auipc(t, 0), jalr(rd, t, offset)));
            }
        };
    }

    private CodeUnit compressedJump() {
        int ahead = ahead();
        if (rnd.nextInt(3) == 0) {
            return CodeUnit.jump(2, ahead, offset -> List.of(cJ(offset)));
        }
        String m = rnd.nextBoolean() ? "c.beqz" : "c.bnez";
        int rs1 = srcPrime();
        return CodeUnit.jump(2, ahead, offset -> List.of(cBranch(m, rs1, offset)));
    }

    // ---- compressed ----

    private static final String[] C_IMMEDIATE = {"c.addi", "c.addiw", "c.li"};
    private static final String[] C_ARITHMETIC = {"c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw"};

    private int nonZero6() {
        int v = rnd.nextInt(63) - 31; // -31..31
        return v == 0 ? -32 : v;
    }

    private CodeUnit compressedAlu() {
        return switch (rnd.nextInt(9)) {
            case 0 -> CodeUnit.of(cImmediate(pick(C_IMMEDIATE), nonZeroDest(), nonZero6()));
            case 1 -> {
                int rd;
                do {
                    rd = nonZeroDest();
                } while (rd == 2);
                yield CodeUnit.of(cLui(rd, nonZero6()));
            }
            case 2 -> CodeUnit.of(cSlli(nonZeroDest(), 1 + rnd.nextInt(63)));
            case 3 -> CodeUnit.of(cAddi16sp(16 * (rnd.nextBoolean() ? 1 + rnd.nextInt(31) : -1 - rnd.nextInt(32))));
            case 4 -> CodeUnit.of(cAddi4spn(destPrime(), 4 * (1 + rnd.nextInt(255))));
            case 5 -> {
                String m = pick(new String[] {"c.srli", "c.srai", "c.andi"});
                yield CodeUnit.of(cShiftAndi(m, destPrime(), m.equals("c.andi") ? rnd.nextInt(64) - 32 : 1 + rnd.nextInt(63)));
            }
            case 6, 7 -> CodeUnit.of(cArithmetic(pick(C_ARITHMETIC), destPrime(), srcPrime()));
            default -> CodeUnit.of(cMoveAdd(rnd.nextBoolean() ? "c.mv" : "c.add", nonZeroDest(), 1 + rnd.nextInt(31)));
        };
    }

    private int nonZeroDest() {
        int r;
        do {
            r = dest();
        } while (r == 0);
        return r;
    }

    /** c.lw/c.ld/c.fld and c.sw/c.sd/c.fsd relative to base (x8), at offsets 0..248 (inside the scratch). */
    private CodeUnit compressedLoadStore() {
        String m = pick(new String[] {"c.lw", "c.ld", "c.fld", "c.sw", "c.sd", "c.fsd"});
        int scale = m.endsWith("w") ? 4 : 8;
        int offset = scale * rnd.nextInt(32);
        boolean isLoad = m.startsWith("c.l") || m.equals("c.fld");
        int reg = m.startsWith("c.f") ? srcPrime() : isLoad ? destPrime() : srcPrime();
        return CodeUnit.of(cLoadStore(m, reg, BASE, offset));
    }
}
