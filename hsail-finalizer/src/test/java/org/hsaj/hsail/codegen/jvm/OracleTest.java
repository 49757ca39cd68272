package org.hsaj.hsail.codegen.jvm;

import static org.hsaj.hsail.ir.DataType.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

/**
 * Instructions of every family against independent plain-Java computations (exact BigDecimal
 * arithmetic for the rounding modes), on the inputs {@link InstructionCase} draws.
 */
class OracleTest {
    private static final int ITEMS = 96;

    /** Runs {@code c} on the JVM back end and checks each result against {@code expected(sources)}. */
    private static void check(InstructionCase c, ToLongFunction<long[]> expected) {
        Differential.Case d = c.differential(ITEMS, 11);
        for (JvmCompilerOptions o : new JvmCompilerOptions[] {JvmCompilerOptions.checkedMode(),
                JvmCompilerOptions.fastMode()}) {
            Differential.Outcome out = Differential.compile(d, o);
            assertEquals(null, out.fault());
            ByteBuffer r = ByteBuffer.wrap(out.buffers().get(0)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < ITEMS; i++) {
                long[] s = new long[c.sources().size()];
                for (int j = 0; j < s.length; j++) {
                    ByteBuffer b = ByteBuffer.wrap(d.buffers().get(j + 1)).order(ByteOrder.LITTLE_ENDIAN);
                    int size = c.sourceBytes(j);
                    s[j] = switch (size) {
                        case 1 -> b.get(i) & 0xffL;
                        case 2 -> b.getShort(2 * i) & 0xffffL;
                        case 4 -> b.getInt(4 * i) & 0xffffffffL;
                        default -> b.getLong(8 * i);
                    };
                }
                int size = InstructionCase.registerBytes(c.dest());
                long actual = size == 4 ? r.getInt(4 * i) & 0xffffffffL : r.getLong(8 * i);
                long want = expected.applyAsLong(s);
                if (size == 4) {
                    want &= 0xffffffffL;
                }
                if (c.dest().isFloat() && FloatResults.isNaN(want, c.dest().bits())
                        && FloatResults.isNaN(actual, c.dest().bits())) {
                    continue;
                }
                assertEquals(Long.toHexString(want), Long.toHexString(actual), c.instruction() + " ("
                        + Differential.mode(o) + ") on " + java.util.Arrays.toString(java.util.Arrays.stream(s)
                        .mapToObj(Long::toHexString).toArray()));
            }
        }
    }

    @Test
    void integerArithmetic() {
        check(InstructionCase.of("add_s32", S32, S32, S32), s -> (int) s[0] + (int) s[1]);
        check(InstructionCase.of("mul_u64", U64, U64, U64), s -> s[0] * s[1]);
        check(InstructionCase.of("mulhi_u32", U32, U32, U32), s -> (s[0] * s[1]) >>> 32);
        check(InstructionCase.of("mulhi_s64", S64, S64, S64), s -> Math.multiplyHigh(s[0], s[1]));
        check(InstructionCase.of("div_s32", S32, S32, S32), s -> (int) s[1] == 0 ? -1 : (long) ((int) s[0] / (int) s[1]));
        check(InstructionCase.of("div_u64", U64, U64, U64), s -> s[1] == 0 ? -1 : Long.divideUnsigned(s[0], s[1]));
        check(InstructionCase.of("rem_s64", S64, S64, S64), s -> s[1] == 0 ? s[0] : s[1] == -1 ? 0 : s[0] % s[1]);
        check(InstructionCase.of("rem_u32", U32, U32, U32), s -> s[1] == 0 ? s[0] : s[0] % s[1]);
        check(InstructionCase.of("min_u32", U32, U32, U32), s -> Math.min(s[0], s[1]));
        check(InstructionCase.of("max_s64", S64, S64, S64), s -> Math.max(s[0], s[1]));
        check(InstructionCase.of("shl_u32", U32, U32, U32), s -> s[0] << (s[1] % 32));
        check(InstructionCase.of("shr_s32", S32, S32, U32), s -> (int) s[0] >> (s[1] % 32));
        check(InstructionCase.of("shr_u64", U64, U64, U32), s -> s[0] >>> (s[1] % 64));
        check(InstructionCase.of("carry_u32", U32, U32, U32), s -> (s[0] + s[1]) >>> 32);
        check(InstructionCase.of("borrow_u64", U64, U64, U64), s -> Long.compareUnsigned(s[0], s[1]) < 0 ? 1 : 0);
        check(InstructionCase.of("mad_u32", U32, U32, U32, U32), s -> s[0] * s[1] + s[2]);
        check(InstructionCase.of("mul24_s32", S32, S32, S32), s -> signed24(s[0]) * signed24(s[1]));
        check(InstructionCase.of("mul24hi_u32", U32, U32, U32), s -> ((s[0] & 0xffffff) * (s[1] & 0xffffff)) >>> 32);
        check(InstructionCase.of("abs_s32", S32, S32), s -> Math.abs((int) s[0]));
    }

    private static long signed24(long v) {
        return (v & 0x800000) != 0 ? (v & 0xffffff) - 0x1000000 : v & 0xffffff;
    }

    @Test
    void bitOperations() {
        check(InstructionCase.of("popcount_u32_b64", U32, B64), s -> {
            int n = 0;
            for (int i = 0; i < 64; i++) {
                n += (int) (s[0] >>> i) & 1;
            }
            return n;
        });
        check(InstructionCase.of("bitrev_b32", B32, B32), s -> {
            long r = 0;
            for (int i = 0; i < 32; i++) {
                r |= ((s[0] >>> i) & 1) << (31 - i);
            }
            return r;
        });
        check(InstructionCase.of("firstbit_u32_s32", U32, S32), s -> {
            long v = (int) s[0] < 0 ? ~s[0] & 0xffffffffL : s[0];
            for (int i = 31; i >= 0; i--) {
                if (((v >>> i) & 1) != 0) {
                    return 31 - i;
                }
            }
            return -1;
        });
        check(InstructionCase.of("lastbit_u32_u64", U32, U64), s -> {
            for (int i = 0; i < 64; i++) {
                if (((s[0] >>> i) & 1) != 0) {
                    return i;
                }
            }
            return -1;
        });
        check(InstructionCase.of("bitextract_u32", U32, U32, U32, U32), s -> {
            int off = (int) (s[1] & 31);
            int w = (int) (s[2] & 31);
            if (off + w > 32) {
                return bitextractBeyond(s[0], off, w);
            }
            long r = 0;
            for (int i = 0; i < w; i++) {
                r |= ((s[0] >>> (off + i)) & 1) << i;
            }
            return r;
        });
        check(InstructionCase.of("bitselect_b64", B64, B64, B64, B64), s -> (s[1] & s[0]) | (s[2] & ~s[0]));
        check(InstructionCase.of("bitmask_b32", B32, U32, U32), s -> ((1L << (s[1] & 31)) - 1) << (s[0] & 31));
    }

    /** Where the PRM leaves bitextract undefined (offset + width > 32): the 64-bit shift pair. */
    private static long bitextractBeyond(long v, int off, int w) {
        return (v << (64 - w - off)) >>> (64 - w);
    }

    /** The f32 nearest to exact value x in direction mode (0 near, 1 zero, 2 up, 3 down), as bits. */
    private static long roundF32(BigDecimal x, int mode) {
        BigDecimal max = new BigDecimal(Float.MAX_VALUE);
        if (x.abs().compareTo(max) > 0) {
            boolean positive = x.signum() > 0;
            BigDecimal halfway = max.add(new BigDecimal(Math.ulp(Float.MAX_VALUE)).divide(BigDecimal.valueOf(2)));
            boolean toInfinity = switch (mode) {
                case 0 -> x.abs().compareTo(halfway) >= 0;
                case 2 -> positive;
                case 3 -> !positive;
                default -> false;
            };
            float r = toInfinity ? Float.POSITIVE_INFINITY : Float.MAX_VALUE;
            return Float.floatToRawIntBits(positive ? r : -r) & 0xffffffffL;
        }
        float guess = x.floatValue();
        if (Float.isInfinite(guess)) {
            guess = Math.copySign(Float.MAX_VALUE, guess);
        }
        float lo = new BigDecimal(guess).compareTo(x) <= 0 ? guess : Math.nextDown(guess);
        while (!Float.isInfinite(Math.nextUp(lo)) && new BigDecimal(Math.nextUp(lo)).compareTo(x) <= 0) {
            lo = Math.nextUp(lo);
        }
        float hi = new BigDecimal(lo).compareTo(x) == 0 || lo == Float.MAX_VALUE ? lo : Math.nextUp(lo);
        float r = switch (mode) {
            case 1 -> x.signum() >= 0 ? lo : hi;
            case 2 -> hi;
            case 3 -> lo;
            default -> {
                int side = x.compareTo(new BigDecimal(lo).add(new BigDecimal(hi)).divide(BigDecimal.valueOf(2)));
                yield side < 0 ? lo : side > 0 ? hi : (Float.floatToRawIntBits(lo) & 1) == 0 ? lo : hi;
            }
        };
        return Float.floatToRawIntBits(r) & 0xffffffffL;
    }

    private static float f(long bits) {
        return Float.intBitsToFloat((int) bits);
    }

    private static boolean finite(long... bits) {
        for (long b : bits) {
            if (!Float.isFinite(f(b))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void f32ArithmeticInEveryRoundingModeAgainstExactArithmetic() {
        String[] modes = {"near", "zero", "up", "down"};
        for (int m = 0; m < 4; m++) {
            int mode = m;
            check(InstructionCase.of("add_" + modes[m] + "_f32", F32, F32, F32), s -> !finite(s[0], s[1])
                    ? Float.floatToRawIntBits(f(s[0]) + f(s[1])) : zeroSum(roundF32(new BigDecimal(f(s[0]))
                    .add(new BigDecimal(f(s[1]))), mode), s[0], s[1], mode));
            check(InstructionCase.of("mul_" + modes[m] + "_f32", F32, F32, F32), s -> !finite(s[0], s[1])
                    || f(s[0]) == 0 || f(s[1]) == 0 ? Float.floatToRawIntBits(f(s[0]) * f(s[1]))
                    : overflow(roundF32(new BigDecimal(f(s[0])).multiply(new BigDecimal(f(s[1]))), mode), mode,
                    f(s[0]) * f(s[1])));
            check(InstructionCase.of("div_" + modes[m] + "_f32", F32, F32, F32), s -> !finite(s[0], s[1])
                    || f(s[1]) == 0 || f(s[0]) == 0 ? Float.floatToRawIntBits(f(s[0]) / f(s[1]))
                    : overflow(roundF32(new BigDecimal(f(s[0])).divide(new BigDecimal(f(s[1])), new MathContext(80)),
                    mode), mode, f(s[0]) / f(s[1])));
            check(InstructionCase.of("sqrt_" + modes[m] + "_f32", F32, F32), s -> !finite(s[0]) || f(s[0]) <= 0
                    ? Float.floatToRawIntBits((float) Math.sqrt(f(s[0])))
                    : roundF32(new BigDecimal(f(s[0])).sqrt(new MathContext(80)), mode));
        }
    }

    /** IEEE 754: an exact zero sum of opposite signs is -0 only when rounding down. */
    private static long zeroSum(long bits, long a, long b, int mode) {
        if (bits == 0 && (f(a) != 0 || f(b) != 0 || (a ^ b) < 0 || ((a ^ b) & 0x80000000L) != 0)) {
            boolean opposite = ((a ^ b) & 0x80000000L) != 0;
            return opposite && mode == 3 ? 0x80000000L : f(a) == 0 && f(b) == 0 && (a & 0x80000000L) != 0
                    ? 0x80000000L : 0;
        }
        return bits;
    }

    /** An overflowing result is infinity or the largest finite value depending on the mode. */
    private static long overflow(long bits, int mode, float nearest) {
        if (!Float.isInfinite(nearest)) {
            return bits;
        }
        boolean positive = nearest > 0;
        boolean toInfinity = mode == 0 || (mode == 2 && positive) || (mode == 3 && !positive);
        return Float.floatToRawIntBits(toInfinity ? nearest : Math.copySign(Float.MAX_VALUE, nearest)) & 0xffffffffL;
    }

    @Test
    void minMaxFollowThePrmNanRules() {
        check(InstructionCase.of("min_f32", F32, F32, F32), s -> {
            float a = f(s[0]);
            float b = f(s[1]);
            return Float.floatToRawIntBits(Float.isNaN(a) ? b : Float.isNaN(b) ? a : Math.min(a, b));
        });
        check(InstructionCase.of("max_f64", F64, F64, F64), s -> {
            double a = Double.longBitsToDouble(s[0]);
            double b = Double.longBitsToDouble(s[1]);
            return Double.doubleToRawLongBits(Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b));
        });
    }

    @Test
    void floatToIntegerConversionsInEveryIntegerRoundingMode() {
        String[] modes = {"zeroi", "upi", "downi", "neari", "zeroi_sat", "sneari_sat"};
        for (String m : modes) {
            check(InstructionCase.of("cvt_" + m + "_s32_f32", S32, F32), s -> {
                double x = f(s[0]);
                if (Double.isNaN(x)) {
                    return 0;
                }
                double r = m.startsWith("up") ? Math.ceil(x) : m.startsWith("down") ? Math.floor(x)
                        : m.contains("near") ? Math.rint(x) : (long) x;
                return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, r));
            });
        }
        check(InstructionCase.of("cvt_u8_f32", U8, F32), s -> {
            float x = f(s[0]);
            return Float.isNaN(x) ? 0 : (long) Math.max(0, Math.min(255, (long) x));
        });
        check(InstructionCase.of("cvt_s16_s64", S16, S64), s -> (short) s[0]);
        check(InstructionCase.of("cvt_u64_s8", U64, S8), s -> (byte) s[0]);
        check(InstructionCase.of("cvt_f32_u64", F32, U64), s -> roundF32(new BigDecimal(Long.toUnsignedString(s[0])), 0));
        check(InstructionCase.of("cvt_down_f32_s64", F32, S64), s -> roundF32(BigDecimal.valueOf(s[0]), 3));
        check(InstructionCase.of("cvt_f16_f32", F16, F32), s -> Float.floatToFloat16(f(s[0])) & 0xffff
                | (Float.isNaN(f(s[0])) ? 0x200 : 0));
        check(InstructionCase.of("cvt_s32_b1", S32, B1), s -> -s[0]);
    }

    @Test
    void compareOperators() {
        check(InstructionCase.of("cmp_ltu_b1_f32", B1, F32, F32), s -> !(f(s[0]) >= f(s[1])) ? 1 : 0);
        check(InstructionCase.of("cmp_num_b1_f32", B1, F32, F32), s -> !Float.isNaN(f(s[0])) && !Float.isNaN(f(s[1]))
                ? 1 : 0);
        check(InstructionCase.of("cmp_ge_u32_s64", U32, S64, S64), s -> s[0] >= s[1] ? -1 : 0);
        check(InstructionCase.of("cmp_lt_f32_u32", F32, U32, U32), s -> s[0] < s[1] ? 0x3f800000 : 0);
    }

    @Test
    void packedSaturatingArithmetic() {
        check(InstructionCase.of("add_pp_sat_u8x4", U8X4, U8X4, U8X4), s -> {
            long r = 0;
            for (int i = 0; i < 4; i++) {
                long e = Math.min(255, ((s[0] >>> (8 * i)) & 0xff) + ((s[1] >>> (8 * i)) & 0xff));
                r |= e << (8 * i);
            }
            return r;
        });
        check(InstructionCase.of("sub_ps_sat_s16x2", S16X2, S16X2, S16X2), s -> {
            long r = 0;
            short b = (short) s[1];
            for (int i = 0; i < 2; i++) {
                short a = (short) (s[0] >>> (16 * i));
                long e = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, a - b)) & 0xffff;
                r |= e << (16 * i);
            }
            return r;
        });
    }
}
