package org.hsaj.hsail.codegen.jvm;

import java.util.Random;

/**
 * Generates valid random HSAIL kernels for differential testing: integer and float arithmetic, bit
 * operations, compares and cmov, structured branches and bounded loops (nested), loads from an input
 * buffer, private and group memory, and barriers in work-group-uniform places (top level and loops
 * with constant trip counts). Every work-item finally stores its integer registers to its slot of the
 * output buffer; floats reach memory only through saturating conversions, so outputs are exact bits.
 *
 * <p>Registers: $s0-$s11 integers, $s12-$s15 floats, $s16-$s19 loop counters, $c0-$c3, $d0-$d3
 * addresses and 64-bit values.
 */
final class RandomKernels {
    static final int INTS = 12;
    static final int INPUT_WORDS = 64;

    private final Random random;
    private final StringBuilder code = new StringBuilder();
    private int labels;
    private int depth;
    private boolean uniform = true;
    private int loopCounter;
    private final boolean barriers;

    private RandomKernels(long seed, boolean barriers) {
        this.random = new Random(seed);
        this.barriers = barriers;
    }

    /** A kernel with parameters (%in: u32[64], %out: u32[items * 12]) and a group array of 256 u32. */
    static String kernel(long seed) {
        RandomKernels g = new RandomKernels(seed, seed % 3 != 0);
        return g.generate();
    }

    private String generate() {
        line("workitemabsid_u32 $s0, 0;");
        line("workitemid_u32 $s1, 0;");
        line("ld_kernarg_u64 $d0, [%in];");
        for (int r = 2; r < INTS; r++) {
            line("mad_u32 $s" + r + ", $s0, " + (random.nextInt(1000) + 1) + ", " + random.nextInt(1 << 20) + ";");
        }
        for (int f = 12; f < 16; f++) {
            line("cvt_f32_s32 $s" + f + ", $s" + (2 + random.nextInt(INTS - 2)) + ";");
        }
        line("mov_b1 $c0, 0;");
        line("mov_b1 $c1, 1;");
        line("mov_b1 $c2, 0;");
        line("mov_b1 $c3, 1;");
        line("mov_b64 $d1, 0;");
        // Private memory starts undefined: give every slot a value first.
        for (int i = 0; i < 8; i++) {
            line("st_private_u32 $s" + (2 + i) + ", [%scratch][" + 4 * i + "];");
        }
        block(6 + random.nextInt(10));
        line("cvt_u64_u32 $d2, $s0;");
        line("mul_u64 $d2, $d2, " + 4 * INTS + ";");
        line("ld_kernarg_u64 $d3, [%out];");
        line("add_u64 $d3, $d3, $d2;");
        for (int r = 0; r < INTS; r += 4) {
            line("st_v4_global_u32 ($s" + r + ", $s" + (r + 1) + ", $s" + (r + 2) + ", $s" + (r + 3) + "), [$d3 + "
                    + 4 * r + "];");
        }
        line("ret;");
        return "module &random:1:0:$full:$large:$default;\n"
                + "prog kernel &random(kernarg_u64 %in, kernarg_u64 %out)\n{\n"
                + "\tgroup_u32 %shared[256];\n\tprivate_u32 %scratch[8];\n" + code + "};\n";
    }

    private void line(String s) {
        code.append('\t').append(s).append('\n');
    }

    private String intReg() {
        // $s0 and $s1 hold the ids: keep them for memory indices.
        return "$s" + (2 + random.nextInt(INTS - 2));
    }

    private String anyInt() {
        return "$s" + random.nextInt(INTS);
    }

    private String floatReg() {
        return "$s" + (12 + random.nextInt(4));
    }

    private String intOperand() {
        return random.nextInt(4) == 0 ? Integer.toString(random.nextInt(64) - 8) : anyInt();
    }

    private void block(int statements) {
        for (int i = 0; i < statements; i++) {
            statement();
        }
    }

    private void statement() {
        int kind = random.nextInt(20);
        if (depth >= 2 && kind >= 14) {
            kind = random.nextInt(14);
        }
        switch (kind) {
            case 0, 1, 2, 3, 4 -> integerOp();
            case 5, 6 -> floatOp();
            case 7 -> compare();
            case 8 -> load();
            case 9 -> privateMemory();
            case 10 -> wide();
            case 11, 12 -> groupExchange();
            case 13 -> conversion();
            case 14, 15 -> branch();
            case 16, 17 -> loop();
            default -> integerOp();
        }
    }

    private void integerOp() {
        String d = intReg();
        String[] binary = {"add_u32", "sub_s32", "mul_u32", "mulhi_s32", "mulhi_u32", "div_s32", "div_u32", "rem_s32",
            "rem_u32", "min_s32", "max_u32", "and_b32", "or_b32", "xor_b32", "shl_u32", "shr_s32", "shr_u32",
            "carry_u32", "borrow_u32", "mul24_u32", "mul24hi_s32"};
        switch (random.nextInt(6)) {
            case 0 -> line("not_b32 " + d + ", " + anyInt() + ";");
            case 1 -> line("popcount_u32_b32 " + d + ", " + anyInt() + ";");
            case 2 -> line("bitextract_u32 " + d + ", " + anyInt() + ", " + random.nextInt(16) + ", "
                    + random.nextInt(16) + ";");
            case 3 -> line("mad_u32 " + d + ", " + anyInt() + ", " + intOperand() + ", " + anyInt() + ";");
            default -> line(binary[random.nextInt(binary.length)] + " " + d + ", " + anyInt() + ", " + intOperand()
                    + ";");
        }
    }

    private void floatOp() {
        String d = floatReg();
        String[] ops = {"add_f32", "sub_f32", "mul_f32", "min_f32", "max_f32", "add_ftz_f32", "mul_zero_f32",
            "sub_up_f32", "add_down_f32"};
        switch (random.nextInt(4)) {
            case 0 -> line("fma_f32 " + d + ", " + floatReg() + ", " + floatReg() + ", " + floatReg() + ";");
            case 1 -> line("sqrt_f32 " + d + ", " + floatReg() + ";");
            case 2 -> line("floor_f32 " + d + ", " + floatReg() + ";");
            default -> line(ops[random.nextInt(ops.length)] + " " + d + ", " + floatReg() + ", " + floatReg() + ";");
        }
    }

    private void conversion() {
        String[] toInt = {"cvt_zeroi_sat_s32_f32", "cvt_neari_sat_u32_f32", "cvt_downi_sat_s32_f32"};
        if (random.nextBoolean()) {
            line(toInt[random.nextInt(toInt.length)] + " " + intReg() + ", " + floatReg() + ";");
        } else {
            line((random.nextBoolean() ? "cvt_f32_s32 " : "cvt_f32_u32 ") + floatReg() + ", " + anyInt() + ";");
        }
    }

    private void compare() {
        String c = "$c" + random.nextInt(4);
        String[] ops = {"eq", "ne", "lt", "le", "gt", "ge"};
        String t = random.nextBoolean() ? "s32" : "u32";
        line("cmp_" + ops[random.nextInt(ops.length)] + "_b1_" + t + " " + c + ", " + anyInt() + ", " + intOperand()
                + ";");
        line("cmov_b32 " + intReg() + ", " + c + ", " + anyInt() + ", " + intOperand() + ";");
    }

    private void load() {
        String index = intReg();
        line("and_b32 " + index + ", " + anyInt() + ", " + (INPUT_WORDS - 1) + ";");
        line("cvt_u64_u32 $d2, " + index + ";");
        line("shl_u64 $d2, $d2, 2;");
        line("add_u64 $d2, $d2, $d0;");
        line("ld_global_u32 " + intReg() + ", [$d2];");
    }

    private void privateMemory() {
        String index = intReg();
        line("and_b32 " + index + ", " + anyInt() + ", 7;");
        line("shl_u32 " + index + ", " + index + ", 2;");
        if (random.nextBoolean()) {
            line("st_private_u32 " + anyInt() + ", [%scratch][" + index + "];");
        }
        line("ld_private_u32 " + intReg() + ", [%scratch][" + index + "];");
    }

    private void wide() {
        line("cvt_u64_u32 $d1, " + anyInt() + ";");
        line("mul_u64 $d1, $d1, " + (random.nextInt(100000) + 3) + ";");
        line("shr_u64 $d1, $d1, " + random.nextInt(40) + ";");
        line("cvt_u32_u64 " + intReg() + ", $d1;");
    }

    /** Each work-item writes its slot, waits for the group, and reads another work-item's slot. */
    private void groupExchange() {
        if (!barriers || !uniform) {
            integerOp();
            return;
        }
        line("shl_u32 $s19, $s1, 2;");
        line("st_group_u32 " + anyInt() + ", [%shared][$s19];");
        line("barrier;");
        line("xor_b32 $s19, $s1, " + (random.nextInt(3) + 1) + ";");
        line("shl_u32 $s19, $s19, 2;");
        line("ld_group_u32 " + intReg() + ", [%shared][$s19];");
        line("barrier;");
    }

    private void branch() {
        int id = labels++;
        String c = "$c" + random.nextInt(4);
        boolean wasUniform = uniform;
        uniform = false;
        depth++;
        line("cbr_b1 " + c + ", @else" + id + ";");
        block(1 + random.nextInt(4));
        line("br @endif" + id + ";");
        code.append("@else").append(id).append(":\n");
        block(1 + random.nextInt(4));
        code.append("@endif").append(id).append(":\n");
        depth--;
        uniform = wasUniform;
    }

    /** A loop with a constant trip count (uniform, so it may hold barriers) and sometimes a data-dependent exit. */
    private void loop() {
        if (loopCounter >= 3) {
            integerOp();
            return;
        }
        int id = labels++;
        String counter = "$s" + (16 + loopCounter++);
        boolean early = random.nextInt(3) == 0;
        boolean wasUniform = uniform;
        if (early) {
            uniform = false;
        }
        depth++;
        line("mov_b32 " + counter + ", 0;");
        code.append("@loop").append(id).append(":\n");
        block(1 + random.nextInt(5));
        if (early) {
            line("cmp_gt_b1_u32 $c3, " + anyInt() + ", " + (random.nextInt(1 << 30)) + ";");
            line("cbr_b1 $c3, @exit" + id + ";");
        }
        line("add_u32 " + counter + ", " + counter + ", 1;");
        line("cmp_lt_b1_u32 $c2, " + counter + ", " + (2 + random.nextInt(4)) + ";");
        line("cbr_b1 $c2, @loop" + id + ";");
        code.append("@exit").append(id).append(":\n");
        depth--;
        loopCounter--;
        uniform = wasUniform;
    }
}
