package org.hsaj.hsail.codegen.jvm;

import static org.hsaj.hsail.ir.DataType.*;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hsaj.hsail.ir.DataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every instruction family, each instruction on edge and random inputs, checked byte for byte
 * against the reference interpreter in checked and fast mode (the kernel is built by
 * {@link InstructionCase}; plain-Java oracles for the same instructions are in {@link OracleTest}).
 */
class InstructionFamiliesTest {
    private static final int ITEMS = 96;

    static Stream<InstructionCase> integer() {
        List<InstructionCase> c = new ArrayList<>();
        for (DataType t : new DataType[] {S32, U32, S64, U64}) {
            String n = t.hsailName();
            for (String op : new String[] {"add", "sub", "mul", "mulhi", "div", "rem", "min", "max", "carry", "borrow"}) {
                c.add(InstructionCase.of(op + "_" + n, t, t, t));
            }
            c.add(InstructionCase.of("mad_" + n, t, t, t, t));
            c.add(InstructionCase.of("shl_" + n, t, t, U32));
            c.add(InstructionCase.of("shr_" + n, t, t, U32));
            c.add(InstructionCase.of("bitextract_" + n, t, t, U32, U32));
            c.add(InstructionCase.of("bitinsert_" + n, t, t, t, U32, U32));
            c.add(InstructionCase.of("firstbit_u32_" + n, U32, t));
            c.add(InstructionCase.of("lastbit_u32_" + n, U32, t));
            if (t.isSigned()) {
                c.add(InstructionCase.of("abs_" + n, t, t));
                c.add(InstructionCase.of("neg_" + n, t, t));
            }
        }
        for (DataType t : new DataType[] {B1, B32, B64}) {
            String n = t.hsailName();
            for (String op : new String[] {"and", "or", "xor"}) {
                c.add(InstructionCase.of(op + "_" + n, t, t, t));
            }
            c.add(InstructionCase.of("not_" + n, t, t));
        }
        for (DataType t : new DataType[] {B32, B64}) {
            String n = t.hsailName();
            c.add(InstructionCase.of("popcount_u32_" + n, U32, t));
            c.add(InstructionCase.of("bitmask_" + n, t, U32, U32));
            c.add(InstructionCase.of("bitrev_" + n, t, t));
            c.add(InstructionCase.of("bitselect_" + n, t, t, t, t));
        }
        for (DataType t : new DataType[] {S32, U32}) {
            String n = t.hsailName();
            c.add(InstructionCase.of("mul24_" + n, t, t, t));
            c.add(InstructionCase.of("mul24hi_" + n, t, t, t));
            c.add(InstructionCase.of("mad24_" + n, t, t, t, t));
            c.add(InstructionCase.of("mad24hi_" + n, t, t, t, t));
        }
        c.add(InstructionCase.of("bitalign_b32", B32, B32, B32, B32));
        c.add(InstructionCase.of("bytealign_b32", B32, B32, B32, B32));
        c.add(InstructionCase.of("lerp_u8x4", U8X4, U8X4, U8X4, U8X4));
        c.add(InstructionCase.of("sad_u32_u32", U32, U32, U32, U32));
        c.add(InstructionCase.of("sad_u32_u16x2", U32, U16X2, U16X2, U32));
        c.add(InstructionCase.of("sad_u32_u8x4", U32, U8X4, U8X4, U32));
        c.add(InstructionCase.of("sadhi_u16x2_u8x4", U16X2, U8X4, U8X4, U16X2));
        return c.stream();
    }

    static Stream<InstructionCase> floating() {
        List<InstructionCase> c = new ArrayList<>();
        for (DataType t : new DataType[] {F16, F32, F64}) {
            String n = t.hsailName();
            for (String ftz : new String[] {"", "ftz_"}) {
                for (String round : new String[] {"", "up_", "down_", "zero_", "near_"}) {
                    for (String op : new String[] {"add", "sub", "mul", "div"}) {
                        c.add(InstructionCase.of(op + "_" + ftz + round + n, t, t, t));
                    }
                    c.add(InstructionCase.of("fma_" + ftz + round + n, t, t, t, t));
                    c.add(InstructionCase.of("sqrt_" + ftz + round + n, t, t));
                    c.add(InstructionCase.of("fract_" + ftz + round + n, t, t));
                }
                c.add(InstructionCase.of("mad_" + ftz + n, t, t, t, t));
                for (String op : new String[] {"min", "max"}) {
                    c.add(InstructionCase.of(op + "_" + ftz + n, t, t, t));
                }
                for (String op : new String[] {"ceil", "floor", "rint", "trunc"}) {
                    c.add(InstructionCase.of(op + "_" + ftz + n, t, t));
                }
            }
            c.add(InstructionCase.of("abs_" + n, t, t));
            c.add(InstructionCase.of("neg_" + n, t, t));
            c.add(InstructionCase.of("copysign_" + n, t, t, t));
            c.add(InstructionCase.of("class_b1_" + n, B1, t, U32));
        }
        return c.stream();
    }

    static Stream<InstructionCase> compare() {
        List<InstructionCase> c = new ArrayList<>();
        String[] ordinary = {"eq", "ne", "lt", "le", "gt", "ge"};
        for (DataType t : new DataType[] {S32, U32, S64, U64}) {
            for (String op : ordinary) {
                c.add(InstructionCase.of("cmp_" + op + "_b1_" + t.hsailName(), B1, t, t));
            }
            c.add(InstructionCase.of("cmp_lt_s32_" + t.hsailName(), S32, t, t));
            c.add(InstructionCase.of("cmp_ge_u64_" + t.hsailName(), U64, t, t));
        }
        for (String op : new String[] {"eq", "ne"}) {
            c.add(InstructionCase.of("cmp_" + op + "_b1_b1", B1, B1, B1));
        }
        for (DataType t : new DataType[] {F16, F32, F64}) {
            for (String op : new String[] {"eq", "ne", "lt", "le", "gt", "ge", "equ", "neu", "ltu", "leu", "gtu", "geu",
                "num", "nan", "seq", "sltu", "snan"}) {
                c.add(InstructionCase.of("cmp_" + op + "_b1_" + t.hsailName(), B1, t, t));
            }
            c.add(InstructionCase.of("cmp_lt_ftz_b1_" + t.hsailName(), B1, t, t));
            c.add(InstructionCase.of("cmp_gt_f32_" + t.hsailName(), F32, t, t));
            c.add(InstructionCase.of("cmp_le_u32_" + t.hsailName(), U32, t, t));
        }
        c.add(InstructionCase.of("cmp_eq_f16_f16", F16, F16, F16));
        c.add(InstructionCase.of("cmp_ne_f64_f64", F64, F64, F64));
        return c.stream();
    }

    static Stream<InstructionCase> conversion() {
        List<InstructionCase> c = new ArrayList<>();
        DataType[] all = {B1, U8, S8, U16, S16, U32, S32, U64, S64, F16, F32, F64};
        for (DataType to : all) {
            for (DataType from : all) {
                if (to == from || (!to.isFloat() && !from.isFloat() && to != B1 && from != B1 && to.bits() == from.bits())
                        || (to.bits() < 32 && to != B1 && from.bits() < 32 && from != B1 && !to.isFloat()
                        && !from.isFloat())) {
                    continue;
                }
                c.add(InstructionCase.of("cvt_" + to.hsailName() + "_" + from.hsailName(), to, from));
                if (from.isFloat() && !to.isFloat() && to != B1) {
                    for (String r : new String[] {"upi_", "downi_", "zeroi_", "neari_", "upi_sat_", "neari_sat_",
                        "szeroi_", "sdowni_sat_"}) {
                        c.add(InstructionCase.of("cvt_ftz_" + r + to.hsailName() + "_" + from.hsailName(), to, from));
                    }
                }
                if (to.isFloat() && (!from.isFloat() || from.bits() > to.bits()) && from != B1) {
                    for (String r : new String[] {"up_", "down_", "zero_", "near_"}) {
                        c.add(InstructionCase.of("cvt_" + r + to.hsailName() + "_" + from.hsailName(), to, from));
                    }
                }
            }
        }
        return c.stream();
    }

    static Stream<InstructionCase> moves() {
        List<InstructionCase> c = new ArrayList<>();
        for (DataType t : new DataType[] {B1, B32, B64, B128, U32, S64, F32, F64}) {
            c.add(InstructionCase.of("mov_" + t.hsailName(), t, t));
        }
        for (DataType t : new DataType[] {B1, B32, B64}) {
            c.add(InstructionCase.of("cmov_" + t.hsailName(), t, B1, t, t));
        }
        return c.stream();
    }

    static Stream<InstructionCase> packed() {
        List<InstructionCase> c = new ArrayList<>();
        DataType[] ints = {U8X4, S8X4, U16X2, S16X2, U8X8, S8X8, U16X4, S16X4, U32X2, S32X2, U8X16, S16X8, U32X4,
            S32X4, U64X2, S64X2};
        for (DataType t : ints) {
            String n = t.hsailName();
            for (String ctl : new String[] {"pp", "ps", "sp", "ss", "pp_sat", "sp_sat", "ss_sat"}) {
                for (String op : new String[] {"add", "sub", "mul"}) {
                    c.add(InstructionCase.of(op + "_" + ctl + "_" + n, t, t, t));
                }
            }
            for (String op : new String[] {"max", "min", "mulhi"}) {
                c.add(InstructionCase.of(op + "_pp_" + n, t, t, t));
                c.add(InstructionCase.of(op + "_ps_" + n, t, t, t));
            }
            c.add(InstructionCase.of("shl_" + n, t, t, U32));
            c.add(InstructionCase.of("shr_" + n, t, t, U32));
            c.add(InstructionCase.of("cmov_" + n, t, t, t, t));
            if (t.isSigned()) {
                for (String ctl : new String[] {"p", "s", "p_sat", "s_sat"}) {
                    c.add(InstructionCase.of("abs_" + ctl + "_" + n, t, t));
                    c.add(InstructionCase.of("neg_" + ctl + "_" + n, t, t));
                }
            }
            DataType mask = t.isSigned() ? t : t;
            for (String op : new String[] {"eq", "lt", "ge"}) {
                c.add(InstructionCase.of("cmp_" + op + "_pp_" + unsignedLike(t).hsailName() + "_" + n,
                        unsignedLike(mask), t, t));
            }
        }
        for (DataType t : new DataType[] {F16X2, F16X4, F32X2, F16X8, F32X4, F64X2}) {
            String n = t.hsailName();
            for (String ctl : new String[] {"pp", "ps", "sp", "ss"}) {
                for (String op : new String[] {"add", "sub", "mul", "div", "min", "max", "copysign"}) {
                    c.add(InstructionCase.of(op + "_" + ctl + "_" + n, t, t, t));
                }
            }
            c.add(InstructionCase.of("add_ftz_up_pp_" + n, t, t, t));
            for (String ctl : new String[] {"p", "s"}) {
                for (String op : new String[] {"abs", "neg", "sqrt", "ceil", "floor", "rint", "trunc", "fract"}) {
                    c.add(InstructionCase.of(op + "_" + ctl + "_" + n, t, t));
                }
            }
            c.add(InstructionCase.of("cmp_lt_pp_" + unsignedLike(t).hsailName() + "_" + n, unsignedLike(t), t, t));
        }
        for (DataType t : new DataType[] {U8X4, S16X2, U8X8, S16X4, U32X2, F16X2, F32X2}) {
            c.add(InstructionCase.of("unpacklo_" + t.hsailName(), t, t, t));
            c.add(InstructionCase.of("unpackhi_" + t.hsailName(), t, t, t));
        }
        c.add(InstructionCase.of("pack_u8x4_u32", U8X4, U8X4, U32, U32));
        c.add(InstructionCase.of("pack_s16x4_s32", S16X4, S16X4, S32, U32));
        c.add(InstructionCase.of("pack_f32x4_f32", F32X4, F32X4, F32, U32));
        c.add(InstructionCase.of("pack_u64x2_u64", U64X2, U64X2, U64, U32));
        c.add(InstructionCase.of("pack_f16x2_f16", F16X2, F16X2, F16, U32));
        c.add(InstructionCase.of("unpack_u32_u8x4", U32, U8X4, U32));
        c.add(InstructionCase.of("unpack_s32_s16x8", S32, S16X8, U32));
        c.add(InstructionCase.of("unpack_f32_f32x4", F32, F32X4, U32));
        c.add(InstructionCase.of("unpack_s64_s64x2", S64, S64X2, U32));
        c.add(InstructionCase.of("unpack_f16_f16x4", F16, F16X4, U32));
        c.add(InstructionCase.of("packcvt_u8x4_f32", U8X4, F32, F32, F32, F32));
        return c.stream();
    }

    private static DataType unsignedLike(DataType packed) {
        return switch (packed.elementType().bits()) {
            case 8 -> packed.bits() == 32 ? U8X4 : packed.bits() == 64 ? U8X8 : U8X16;
            case 16 -> packed.bits() == 32 ? U16X2 : packed.bits() == 64 ? U16X4 : U16X8;
            case 32 -> packed.bits() == 64 ? U32X2 : U32X4;
            default -> U64X2;
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("integer")
    void integerAndBitInstructions(InstructionCase c) {
        Differential.assertSameAsInterpreter(c.differential(ITEMS, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floating")
    void floatInstructions(InstructionCase c) {
        Differential.assertSameAsInterpreter(c.differential(ITEMS, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compare")
    void compareInstructions(InstructionCase c) {
        Differential.assertSameAsInterpreter(c.differential(ITEMS, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversion")
    void conversions(InstructionCase c) {
        Differential.assertSameAsInterpreter(c.differential(ITEMS, 4));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("moves")
    void moves(InstructionCase c) {
        Differential.assertSameAsInterpreter(c.differential(ITEMS, 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packed")
    void packedInstructions(InstructionCase c) {
        Differential.assertSameAsInterpreter(c.differential(ITEMS, 6));
    }
}
