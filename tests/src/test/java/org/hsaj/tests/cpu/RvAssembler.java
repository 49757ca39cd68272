package org.hsaj.tests.cpu;

import java.util.Arrays;
import java.util.Map;

/**
 * Encoders for the RV64GC instructions the random-instruction tests generate, written from the RISC-V
 * unprivileged ISA manual (base formats R/I/S/B/U/J/R4, the A extension's AMO format, and the RVC formats
 * CR/CI/CIW/CL/CS/CA/CB/CJ). Each method checks its operands' ranges and returns the bits with the
 * matching GNU assembler text. Stateless.
 */
final class RvAssembler {
    private RvAssembler() {}

    /** opcode, funct3 and funct7 (or the top bits the format keeps fixed) of one mnemonic. */
    private record Op(int opcode, int funct3, int funct7) {}

    private static final int OP = 0x33, OP_32 = 0x3B, OP_IMM = 0x13, OP_IMM_32 = 0x1B, LOAD = 0x03, STORE = 0x23,
            LOAD_FP = 0x07, STORE_FP = 0x27, AMO = 0x2F, OP_FP = 0x53, BRANCH = 0x63, JAL = 0x6F, JALR = 0x67,
            LUI = 0x37, AUIPC = 0x17, SYSTEM = 0x73;

    private static final Map<String, Op> REG_REG = Map.ofEntries(
            Map.entry("add", new Op(OP, 0, 0)), Map.entry("sub", new Op(OP, 0, 0x20)),
            Map.entry("sll", new Op(OP, 1, 0)), Map.entry("slt", new Op(OP, 2, 0)),
            Map.entry("sltu", new Op(OP, 3, 0)), Map.entry("xor", new Op(OP, 4, 0)),
            Map.entry("srl", new Op(OP, 5, 0)), Map.entry("sra", new Op(OP, 5, 0x20)),
            Map.entry("or", new Op(OP, 6, 0)), Map.entry("and", new Op(OP, 7, 0)),
            Map.entry("mul", new Op(OP, 0, 1)), Map.entry("mulh", new Op(OP, 1, 1)),
            Map.entry("mulhsu", new Op(OP, 2, 1)), Map.entry("mulhu", new Op(OP, 3, 1)),
            Map.entry("div", new Op(OP, 4, 1)), Map.entry("divu", new Op(OP, 5, 1)),
            Map.entry("rem", new Op(OP, 6, 1)), Map.entry("remu", new Op(OP, 7, 1)),
            Map.entry("addw", new Op(OP_32, 0, 0)), Map.entry("subw", new Op(OP_32, 0, 0x20)),
            Map.entry("sllw", new Op(OP_32, 1, 0)), Map.entry("srlw", new Op(OP_32, 5, 0)),
            Map.entry("sraw", new Op(OP_32, 5, 0x20)), Map.entry("mulw", new Op(OP_32, 0, 1)),
            Map.entry("divw", new Op(OP_32, 4, 1)), Map.entry("divuw", new Op(OP_32, 5, 1)),
            Map.entry("remw", new Op(OP_32, 6, 1)), Map.entry("remuw", new Op(OP_32, 7, 1)));

    static final String[] REG_REG_MNEMONICS = REG_REG.keySet().stream().sorted().toArray(String[]::new);

    private static final Map<String, Op> REG_IMM = Map.of(
            "addi", new Op(OP_IMM, 0, 0), "slti", new Op(OP_IMM, 2, 0), "sltiu", new Op(OP_IMM, 3, 0),
            "xori", new Op(OP_IMM, 4, 0), "ori", new Op(OP_IMM, 6, 0), "andi", new Op(OP_IMM, 7, 0),
            "addiw", new Op(OP_IMM_32, 0, 0));

    static final String[] REG_IMM_MNEMONICS = REG_IMM.keySet().stream().sorted().toArray(String[]::new);

    /** funct7 here is the instruction's bits 31..25 with the shift amount's bit 5 (RV64 slli etc.) clear. */
    private static final Map<String, Op> SHIFT_IMM = Map.of(
            "slli", new Op(OP_IMM, 1, 0), "srli", new Op(OP_IMM, 5, 0), "srai", new Op(OP_IMM, 5, 0x20),
            "slliw", new Op(OP_IMM_32, 1, 0), "srliw", new Op(OP_IMM_32, 5, 0), "sraiw", new Op(OP_IMM_32, 5, 0x20));

    static final String[] SHIFT_IMM_MNEMONICS = SHIFT_IMM.keySet().stream().sorted().toArray(String[]::new);

    private static final Map<String, Op> LOADS_STORES = Map.ofEntries(
            Map.entry("lb", new Op(LOAD, 0, 0)), Map.entry("lh", new Op(LOAD, 1, 0)),
            Map.entry("lw", new Op(LOAD, 2, 0)), Map.entry("ld", new Op(LOAD, 3, 0)),
            Map.entry("lbu", new Op(LOAD, 4, 0)), Map.entry("lhu", new Op(LOAD, 5, 0)),
            Map.entry("lwu", new Op(LOAD, 6, 0)), Map.entry("flw", new Op(LOAD_FP, 2, 0)),
            Map.entry("fld", new Op(LOAD_FP, 3, 0)), Map.entry("sb", new Op(STORE, 0, 0)),
            Map.entry("sh", new Op(STORE, 1, 0)), Map.entry("sw", new Op(STORE, 2, 0)),
            Map.entry("sd", new Op(STORE, 3, 0)), Map.entry("fsw", new Op(STORE_FP, 2, 0)),
            Map.entry("fsd", new Op(STORE_FP, 3, 0)));

    static final String[] LOAD_MNEMONICS = {"lb", "lh", "lw", "ld", "lbu", "lhu", "lwu", "flw", "fld"};
    static final String[] STORE_MNEMONICS = {"sb", "sh", "sw", "sd", "fsw", "fsd"};

    /** The A extension's funct5 per operation. */
    private static final Map<String, Integer> AMO_FUNCT5 = Map.ofEntries(
            Map.entry("amoadd", 0x00), Map.entry("amoswap", 0x01), Map.entry("lr", 0x02), Map.entry("sc", 0x03),
            Map.entry("amoxor", 0x04), Map.entry("amoor", 0x08), Map.entry("amoand", 0x0C),
            Map.entry("amomin", 0x10), Map.entry("amomax", 0x14), Map.entry("amominu", 0x18),
            Map.entry("amomaxu", 0x1C));

    static final String[] AMO_OPERATIONS = {"amoadd", "amoswap", "amoxor", "amoor", "amoand", "amomin", "amomax",
        "amominu", "amomaxu"};

    private static final Map<String, Integer> BRANCH_FUNCT3 =
            Map.of("beq", 0, "bne", 1, "blt", 4, "bge", 5, "bltu", 6, "bgeu", 7);

    static final String[] BRANCH_MNEMONICS = {"beq", "bne", "blt", "bge", "bltu", "bgeu"};

    /** Rounding-mode field values and their assembler names; 5 and 6 are reserved (illegal). */
    static final int[] ROUNDING_MODES = {0, 1, 2, 3, 4, 7};

    private static final String[] ROUNDING_NAMES = {"rne", "rtz", "rdn", "rup", "rmm", null, null, "dyn"};

    static final int FFLAGS = 0x001, FRM = 0x002, FCSR = 0x003;

    private static final Map<Integer, String> CSR_NAMES = Map.of(FFLAGS, "fflags", FRM, "frm", FCSR, "fcsr");

    private static final Map<String, Integer> CSR_FUNCT3 =
            Map.of("csrrw", 1, "csrrs", 2, "csrrc", 3, "csrrwi", 5, "csrrsi", 6, "csrrci", 7);

    // ---- base formats ----

    private static int rType(int opcode, int funct3, int funct7, int rd, int rs1, int rs2) {
        return funct7 << 25 | reg(rs2) << 20 | reg(rs1) << 15 | funct3 << 12 | reg(rd) << 7 | opcode;
    }

    private static int iType(int opcode, int funct3, int rd, int rs1, int imm) {
        range(imm, -2048, 2047, "12-bit immediate");
        return (imm & 0xFFF) << 20 | reg(rs1) << 15 | funct3 << 12 | reg(rd) << 7 | opcode;
    }

    private static int sType(int opcode, int funct3, int rs1, int rs2, int imm) {
        range(imm, -2048, 2047, "12-bit store offset");
        return (imm >> 5 & 0x7F) << 25 | reg(rs2) << 20 | reg(rs1) << 15 | funct3 << 12 | (imm & 0x1F) << 7 | opcode;
    }

    private static int r4Type(int opcode, int fmt, int rm, int rd, int rs1, int rs2, int rs3) {
        return reg(rs3) << 27 | fmt << 25 | reg(rs2) << 20 | reg(rs1) << 15 | rm(rm) << 12 | reg(rd) << 7 | opcode;
    }

    private static int reg(int r) {
        return range(r, 0, 31, "register number");
    }

    private static int rm(int rm) {
        if (rm < 0 || rm > 7 || ROUNDING_NAMES[rm] == null) {
            throw new IllegalArgumentException("reserved rounding mode " + rm);
        }
        return rm;
    }

    private static int range(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " outside [" + min + ", " + max + "]");
        }
        return value;
    }

    private static int even(int offset, int min, int max) {
        range(offset, min, max, "jump offset");
        if ((offset & 1) != 0) {
            throw new IllegalArgumentException("odd jump offset " + offset);
        }
        return offset;
    }

    private static Op op(Map<String, Op> table, String mnemonic) {
        Op op = table.get(mnemonic);
        if (op == null) {
            throw new IllegalArgumentException("no such mnemonic in this group: " + mnemonic);
        }
        return op;
    }

    private static String x(int r) {
        return "x" + r;
    }

    private static String f(int r) {
        return "f" + r;
    }

    private static String target(int offset) {
        return offset >= 0 ? ".+" + offset : ".-" + -offset;
    }

    private static RvInstruction word(int bits, String text) {
        return new RvInstruction(bits, 4, text);
    }

    private static RvInstruction half(int bits, String text) {
        return new RvInstruction(bits, 2, text);
    }

    // ---- integer ----

    static RvInstruction regReg(String mnemonic, int rd, int rs1, int rs2) {
        Op op = op(REG_REG, mnemonic);
        return word(rType(op.opcode, op.funct3, op.funct7, rd, rs1, rs2),
                mnemonic + " " + x(rd) + ", " + x(rs1) + ", " + x(rs2));
    }

    static RvInstruction regImm(String mnemonic, int rd, int rs1, int imm) {
        Op op = op(REG_IMM, mnemonic);
        return word(iType(op.opcode, op.funct3, rd, rs1, imm), mnemonic + " " + x(rd) + ", " + x(rs1) + ", " + imm);
    }

    static RvInstruction shiftImm(String mnemonic, int rd, int rs1, int shamt) {
        Op op = op(SHIFT_IMM, mnemonic);
        range(shamt, 0, op.opcode == OP_IMM ? 63 : 31, "shift amount");
        return word(op.funct7 << 25 | shamt << 20 | reg(rs1) << 15 | op.funct3 << 12 | reg(rd) << 7 | op.opcode,
                mnemonic + " " + x(rd) + ", " + x(rs1) + ", " + shamt);
    }

    static RvInstruction lui(int rd, int imm20) {
        range(imm20, 0, 0xFFFFF, "20-bit upper immediate");
        return word(imm20 << 12 | reg(rd) << 7 | LUI, "lui " + x(rd) + ", 0x" + Integer.toHexString(imm20));
    }

    static RvInstruction auipc(int rd, int imm20) {
        range(imm20, 0, 0xFFFFF, "20-bit upper immediate");
        return word(imm20 << 12 | reg(rd) << 7 | AUIPC, "auipc " + x(rd) + ", 0x" + Integer.toHexString(imm20));
    }

    /** Integer and floating-point loads: {@code rd} names an f register for flw/fld. */
    static RvInstruction load(String mnemonic, int rd, int rs1, int offset) {
        Op op = op(LOADS_STORES, mnemonic);
        if (op.opcode != LOAD && op.opcode != LOAD_FP) {
            throw new IllegalArgumentException(mnemonic + " is not a load");
        }
        String dest = op.opcode == LOAD_FP ? f(rd) : x(rd);
        return word(iType(op.opcode, op.funct3, rd, rs1, offset), mnemonic + " " + dest + ", " + offset + "(" + x(rs1) + ")");
    }

    /** Integer and floating-point stores: {@code rs2} names an f register for fsw/fsd. */
    static RvInstruction store(String mnemonic, int rs2, int rs1, int offset) {
        Op op = op(LOADS_STORES, mnemonic);
        if (op.opcode != STORE && op.opcode != STORE_FP) {
            throw new IllegalArgumentException(mnemonic + " is not a store");
        }
        String src = op.opcode == STORE_FP ? f(rs2) : x(rs2);
        return word(sType(op.opcode, op.funct3, rs1, rs2, offset), mnemonic + " " + src + ", " + offset + "(" + x(rs1) + ")");
    }

    /**
     * An atomic memory operation, load-reserved or store-conditional.
     *
     * @param operation e.g. "amoadd", "lr", "sc"
     * @param doubleword .d (true) or .w
     */
    static RvInstruction atomic(String operation, boolean doubleword, boolean aq, boolean rl, int rd, int rs2, int rs1) {
        Integer funct5 = AMO_FUNCT5.get(operation);
        if (funct5 == null) {
            throw new IllegalArgumentException("no such atomic operation: " + operation);
        }
        boolean lr = operation.equals("lr");
        if (lr && rs2 != 0) {
            throw new IllegalArgumentException("lr has no rs2");
        }
        int bits = funct5 << 27 | (aq ? 1 : 0) << 26 | (rl ? 1 : 0) << 25 | reg(rs2) << 20 | reg(rs1) << 15
                | (doubleword ? 3 : 2) << 12 | reg(rd) << 7 | AMO;
        String ordering = aq && rl ? ".aqrl" : aq ? ".aq" : rl ? ".rl" : "";
        String name = operation + (doubleword ? ".d" : ".w") + ordering;
        return word(bits, name + " " + x(rd) + ", " + (lr ? "" : x(rs2) + ", ") + "(" + x(rs1) + ")");
    }

    // ---- control transfer ----

    static RvInstruction branch(String mnemonic, int rs1, int rs2, int offset) {
        Integer funct3 = BRANCH_FUNCT3.get(mnemonic);
        if (funct3 == null) {
            throw new IllegalArgumentException("no such branch: " + mnemonic);
        }
        int o = even(offset, -4096, 4094);
        int bits = (o >> 12 & 1) << 31 | (o >> 5 & 0x3F) << 25 | reg(rs2) << 20 | reg(rs1) << 15 | funct3 << 12
                | (o >> 1 & 0xF) << 8 | (o >> 11 & 1) << 7 | BRANCH;
        return word(bits, mnemonic + " " + x(rs1) + ", " + x(rs2) + ", " + target(offset));
    }

    static RvInstruction jal(int rd, int offset) {
        int o = even(offset, -(1 << 20), (1 << 20) - 2);
        int bits = (o >> 20 & 1) << 31 | (o >> 1 & 0x3FF) << 21 | (o >> 11 & 1) << 20 | (o >> 12 & 0xFF) << 12
                | reg(rd) << 7 | JAL;
        return word(bits, "jal " + x(rd) + ", " + target(offset));
    }

    static RvInstruction jalr(int rd, int rs1, int offset) {
        return word(iType(JALR, 0, rd, rs1, offset), "jalr " + x(rd) + ", " + offset + "(" + x(rs1) + ")");
    }

    static RvInstruction ecall() {
        return word(SYSTEM, "ecall");
    }

    // ---- Zicsr on the floating-point CSRs ----

    static RvInstruction csr(String mnemonic, int rd, int csr, int rs1) {
        return csrAny(mnemonic, rd, csr, reg(rs1), x(rs1));
    }

    static RvInstruction csrImm(String mnemonic, int rd, int csr, int uimm) {
        range(uimm, 0, 31, "CSR immediate");
        return csrAny(mnemonic, rd, csr, uimm, Integer.toString(uimm));
    }

    private static RvInstruction csrAny(String mnemonic, int rd, int csr, int source, String sourceText) {
        Integer funct3 = CSR_FUNCT3.get(mnemonic);
        String name = CSR_NAMES.get(csr);
        if (funct3 == null || name == null || (funct3 >= 5) != mnemonic.endsWith("i")) {
            throw new IllegalArgumentException("unsupported CSR instruction " + mnemonic + " on CSR " + csr);
        }
        return word(csr << 20 | source << 15 | funct3 << 12 | reg(rd) << 7 | SYSTEM,
                mnemonic + " " + x(rd) + ", " + name + ", " + sourceText);
    }

    // ---- F and D ----

    private static int fmt(String mnemonic) {
        if (mnemonic.endsWith(".s")) {
            return 0;
        }
        if (mnemonic.endsWith(".d")) {
            return 1;
        }
        throw new IllegalArgumentException("no .s or .d suffix: " + mnemonic);
    }

    private static String base(String mnemonic) {
        return mnemonic.substring(0, mnemonic.length() - 2);
    }

    private static String rmText(int rm) {
        return ", " + ROUNDING_NAMES[rm(rm)];
    }

    /** fadd/fsub/fmul/fdiv .s/.d with a rounding mode. */
    static RvInstruction fpArith(String mnemonic, int rd, int rs1, int rs2, int rm) {
        int funct5 = switch (base(mnemonic)) {
            case "fadd" -> 0x00;
            case "fsub" -> 0x01;
            case "fmul" -> 0x02;
            case "fdiv" -> 0x03;
            default -> throw new IllegalArgumentException("not an arithmetic FP op: " + mnemonic);
        };
        return word(rType(OP_FP, rm(rm), funct5 << 2 | fmt(mnemonic), rd, rs1, rs2),
                mnemonic + " " + f(rd) + ", " + f(rs1) + ", " + f(rs2) + rmText(rm));
    }

    static RvInstruction fsqrt(String mnemonic, int rd, int rs1, int rm) {
        if (!base(mnemonic).equals("fsqrt")) {
            throw new IllegalArgumentException("not fsqrt: " + mnemonic);
        }
        return word(rType(OP_FP, rm(rm), 0x0B << 2 | fmt(mnemonic), rd, rs1, 0),
                mnemonic + " " + f(rd) + ", " + f(rs1) + rmText(rm));
    }

    /** fsgnj, fsgnjn, fsgnjx, fmin, fmax (.s/.d): no rounding mode; funct3 selects the operation. */
    static RvInstruction fpSignMinMax(String mnemonic, int rd, int rs1, int rs2) {
        int[] f5f3 = switch (base(mnemonic)) {
            case "fsgnj" -> new int[] {0x04, 0};
            case "fsgnjn" -> new int[] {0x04, 1};
            case "fsgnjx" -> new int[] {0x04, 2};
            case "fmin" -> new int[] {0x05, 0};
            case "fmax" -> new int[] {0x05, 1};
            default -> throw new IllegalArgumentException("not a sign-injection or min/max op: " + mnemonic);
        };
        return word(rType(OP_FP, f5f3[1], f5f3[0] << 2 | fmt(mnemonic), rd, rs1, rs2),
                mnemonic + " " + f(rd) + ", " + f(rs1) + ", " + f(rs2));
    }

    /** feq, flt, fle (.s/.d): integer result. */
    static RvInstruction fpCompare(String mnemonic, int rd, int rs1, int rs2) {
        int funct3 = switch (base(mnemonic)) {
            case "feq" -> 2;
            case "flt" -> 1;
            case "fle" -> 0;
            default -> throw new IllegalArgumentException("not a comparison: " + mnemonic);
        };
        return word(rType(OP_FP, funct3, 0x14 << 2 | fmt(mnemonic), rd, rs1, rs2),
                mnemonic + " " + x(rd) + ", " + f(rs1) + ", " + f(rs2));
    }

    /** fclass.s/.d, fmv.x.w, fmv.x.d: an f register read into an x register. */
    static RvInstruction fpToIntBits(String mnemonic, int rd, int rs1) {
        int[] fmtF3 = switch (mnemonic) {
            case "fclass.s" -> new int[] {0, 1};
            case "fclass.d" -> new int[] {1, 1};
            case "fmv.x.w" -> new int[] {0, 0};
            case "fmv.x.d" -> new int[] {1, 0};
            default -> throw new IllegalArgumentException("not fclass or fmv.x: " + mnemonic);
        };
        return word(rType(OP_FP, fmtF3[1], 0x1C << 2 | fmtF3[0], rd, rs1, 0), mnemonic + " " + x(rd) + ", " + f(rs1));
    }

    /** fmv.w.x, fmv.d.x: x register bits into an f register. */
    static RvInstruction intBitsToFp(String mnemonic, int rd, int rs1) {
        int fmt = switch (mnemonic) {
            case "fmv.w.x" -> 0;
            case "fmv.d.x" -> 1;
            default -> throw new IllegalArgumentException("not fmv to float: " + mnemonic);
        };
        return word(rType(OP_FP, 0, 0x1E << 2 | fmt, rd, rs1, 0), mnemonic + " " + f(rd) + ", " + x(rs1));
    }

    private static final String[] INT_TYPES = {"w", "wu", "l", "lu"};

    /**
     * fcvt.DEST.SRC with a rounding mode: between s and d, from s/d to w/wu/l/lu (x destination), and from
     * w/wu/l/lu to s/d (x source). The exact conversions (see {@link #isExactConversion}) take rm 0 and
     * are written without it, as the assembler expects.
     */
    static RvInstruction fcvt(String mnemonic, int rd, int rs1, int rm) {
        String[] parts = mnemonic.split("\\.");
        if (parts.length != 3 || !parts[0].equals("fcvt")) {
            throw new IllegalArgumentException("not fcvt.DEST.SRC: " + mnemonic);
        }
        String dest = parts[1], src = parts[2];
        int destInt = Arrays.asList(INT_TYPES).indexOf(dest);
        int srcInt = Arrays.asList(INT_TYPES).indexOf(src);
        int bits;
        String operands;
        if (destInt < 0 && srcInt < 0) { // between formats: fmt = destination, rs2 = source format
            bits = rType(OP_FP, rm(rm), 0x08 << 2 | fmtOf(dest), rd, rs1, fmtOf(src));
            operands = f(rd) + ", " + f(rs1);
        } else if (destInt >= 0) {
            bits = rType(OP_FP, rm(rm), 0x18 << 2 | fmtOf(src), rd, rs1, destInt);
            operands = x(rd) + ", " + f(rs1);
        } else {
            bits = rType(OP_FP, rm(rm), 0x1A << 2 | fmtOf(dest), rd, rs1, srcInt);
            operands = f(rd) + ", " + x(rs1);
        }
        if (isExactConversion(mnemonic)) {
            if (rm != 0) {
                throw new IllegalArgumentException(mnemonic + " is exact and is encoded with rm 0");
            }
            return word(bits, mnemonic + " " + operands);
        }
        return word(bits, mnemonic + " " + operands + rmText(rm));
    }

    /** Conversions that can never round: single to double, and 32-bit integers to double. */
    static boolean isExactConversion(String mnemonic) {
        return mnemonic.equals("fcvt.d.s") || mnemonic.equals("fcvt.d.w") || mnemonic.equals("fcvt.d.wu");
    }

    private static int fmtOf(String letter) {
        return switch (letter) {
            case "s" -> 0;
            case "d" -> 1;
            default -> throw new IllegalArgumentException("not a floating-point format: " + letter);
        };
    }

    /** fmadd, fmsub, fnmsub, fnmadd (.s/.d). */
    static RvInstruction fusedMultiplyAdd(String mnemonic, int rd, int rs1, int rs2, int rs3, int rm) {
        int opcode = switch (base(mnemonic)) {
            case "fmadd" -> 0x43;
            case "fmsub" -> 0x47;
            case "fnmsub" -> 0x4B;
            case "fnmadd" -> 0x4F;
            default -> throw new IllegalArgumentException("not a fused multiply-add: " + mnemonic);
        };
        return word(r4Type(opcode, fmt(mnemonic), rm, rd, rs1, rs2, rs3),
                mnemonic + " " + f(rd) + ", " + f(rs1) + ", " + f(rs2) + ", " + f(rs3) + rmText(rm));
    }

    // ---- C (compressed) ----

    /** Register number x8..x15 as the 3-bit field of the CIW/CL/CS/CA/CB formats. */
    private static int prime(int r) {
        return range(r, 8, 15, "compressed-format register") - 8;
    }

    /** The CI layout: imm[5] at bit 12, imm[4:0] at bits 6..2. */
    private static int ci(int funct3, int op, int rd, int imm6) {
        return funct3 << 13 | (imm6 >> 5 & 1) << 12 | reg(rd) << 7 | (imm6 & 0x1F) << 2 | op;
    }

    /** c.addi (rd != 0, imm != 0), c.addiw (rd != 0), c.li (rd != 0). */
    static RvInstruction cImmediate(String mnemonic, int rd, int imm) {
        range(imm, -32, 31, "6-bit immediate");
        if (rd == 0 || mnemonic.equals("c.addi") && imm == 0) {
            throw new IllegalArgumentException(mnemonic + " with rd=0 or a zero immediate is a hint");
        }
        int funct3 = switch (mnemonic) {
            case "c.addi" -> 0;
            case "c.addiw" -> 1;
            case "c.li" -> 2;
            default -> throw new IllegalArgumentException("not a CI immediate op: " + mnemonic);
        };
        return half(ci(funct3, 1, rd, imm), mnemonic + " " + x(rd) + ", " + imm);
    }

    /** c.lui: rd gets the sign-extended 6-bit immediate shifted left by 12 (rd != 0, 2; imm != 0). */
    static RvInstruction cLui(int rd, int imm) {
        range(imm, -32, 31, "6-bit upper immediate");
        if (rd == 0 || rd == 2 || imm == 0) {
            throw new IllegalArgumentException("c.lui needs rd other than x0/x2 and a nonzero immediate");
        }
        return half(ci(3, 1, rd, imm), "c.lui " + x(rd) + ", 0x" + Integer.toHexString(imm & 0xFFFFF));
    }

    /** c.slli (rd != 0, shamt 1..63). */
    static RvInstruction cSlli(int rd, int shamt) {
        range(shamt, 1, 63, "shift amount");
        if (rd == 0) {
            throw new IllegalArgumentException("c.slli x0 is a hint");
        }
        return half(ci(0, 2, rd, shamt), "c.slli " + x(rd) + ", " + shamt);
    }

    /** c.addi16sp: sp += imm (a nonzero multiple of 16 in [-512, 496]). */
    static RvInstruction cAddi16sp(int imm) {
        range(imm, -512, 496, "c.addi16sp immediate");
        if (imm == 0 || imm % 16 != 0) {
            throw new IllegalArgumentException("c.addi16sp needs a nonzero multiple of 16");
        }
        int bits = 3 << 13 | (imm >> 9 & 1) << 12 | 2 << 7 | (imm >> 4 & 1) << 6 | (imm >> 6 & 1) << 5
                | (imm >> 7 & 3) << 3 | (imm >> 5 & 1) << 2 | 1;
        return half(bits, "c.addi16sp x2, " + imm);
    }

    /** c.addi4spn: rd' = sp + uimm (a nonzero multiple of 4 below 1024). */
    static RvInstruction cAddi4spn(int rd, int uimm) {
        range(uimm, 4, 1020, "c.addi4spn immediate");
        if (uimm % 4 != 0) {
            throw new IllegalArgumentException("c.addi4spn needs a multiple of 4");
        }
        int bits = (uimm >> 4 & 3) << 11 | (uimm >> 6 & 0xF) << 7 | (uimm >> 2 & 1) << 6 | (uimm >> 3 & 1) << 5
                | prime(rd) << 2;
        return half(bits, "c.addi4spn " + x(rd) + ", x2, " + uimm);
    }

    /** c.srli, c.srai (shamt 1..63), c.andi (imm -32..31) on rd'. */
    static RvInstruction cShiftAndi(String mnemonic, int rd, int imm) {
        int funct2 = switch (mnemonic) {
            case "c.srli" -> 0;
            case "c.srai" -> 1;
            case "c.andi" -> 2;
            default -> throw new IllegalArgumentException("not a CB ALU op: " + mnemonic);
        };
        if (funct2 == 2) {
            range(imm, -32, 31, "6-bit immediate");
        } else {
            range(imm, 1, 63, "shift amount");
        }
        int bits = 4 << 13 | (imm >> 5 & 1) << 12 | funct2 << 10 | prime(rd) << 7 | (imm & 0x1F) << 2 | 1;
        return half(bits, mnemonic + " " + x(rd) + ", " + imm);
    }

    /** c.sub, c.xor, c.or, c.and, c.subw, c.addw: rd' = rd' op rs2'. */
    static RvInstruction cArithmetic(String mnemonic, int rd, int rs2) {
        int[] wordFunct2 = switch (mnemonic) {
            case "c.sub" -> new int[] {0, 0};
            case "c.xor" -> new int[] {0, 1};
            case "c.or" -> new int[] {0, 2};
            case "c.and" -> new int[] {0, 3};
            case "c.subw" -> new int[] {1, 0};
            case "c.addw" -> new int[] {1, 1};
            default -> throw new IllegalArgumentException("not a CA op: " + mnemonic);
        };
        int bits = 4 << 13 | wordFunct2[0] << 12 | 3 << 10 | prime(rd) << 7 | wordFunct2[1] << 5 | prime(rs2) << 2 | 1;
        return half(bits, mnemonic + " " + x(rd) + ", " + x(rs2));
    }

    /** c.mv (rd = rs2) and c.add (rd += rs2); neither register may be x0. */
    static RvInstruction cMoveAdd(String mnemonic, int rd, int rs2) {
        int bit12 = switch (mnemonic) {
            case "c.mv" -> 0;
            case "c.add" -> 1;
            default -> throw new IllegalArgumentException("not c.mv or c.add: " + mnemonic);
        };
        if (rd == 0 || rs2 == 0) {
            throw new IllegalArgumentException(mnemonic + " with x0 is a different instruction");
        }
        return half(4 << 13 | bit12 << 12 | reg(rd) << 7 | reg(rs2) << 2 | 2, mnemonic + " " + x(rd) + ", " + x(rs2));
    }

    /**
     * c.lw, c.ld, c.fld (loads into rd') and c.sw, c.sd, c.fsd (stores of rd'), base rs1', scaled unsigned
     * offset.
     */
    static RvInstruction cLoadStore(String mnemonic, int reg, int base, int offset) {
        int funct3;
        boolean word;
        switch (mnemonic) {
            case "c.fld" -> { funct3 = 1; word = false; }
            case "c.lw" -> { funct3 = 2; word = true; }
            case "c.ld" -> { funct3 = 3; word = false; }
            case "c.fsd" -> { funct3 = 5; word = false; }
            case "c.sw" -> { funct3 = 6; word = true; }
            case "c.sd" -> { funct3 = 7; word = false; }
            default -> throw new IllegalArgumentException("not a CL/CS op: " + mnemonic);
        }
        int scale = word ? 4 : 8;
        range(offset, 0, 31 * scale, "compressed offset");
        if (offset % scale != 0) {
            throw new IllegalArgumentException(mnemonic + " offset must be a multiple of " + scale);
        }
        int high = word ? (offset >> 2 & 1) << 1 | (offset >> 6 & 1) : offset >> 6 & 3;
        int bits = funct3 << 13 | (offset >> 3 & 7) << 10 | prime(base) << 7 | high << 5 | prime(reg) << 2;
        String value = mnemonic.startsWith("c.f") ? f(reg) : x(reg);
        return half(bits, mnemonic + " " + value + ", " + offset + "(" + x(base) + ")");
    }

    static RvInstruction cJ(int offset) {
        int o = even(offset, -2048, 2046);
        int bits = 5 << 13 | (o >> 11 & 1) << 12 | (o >> 4 & 1) << 11 | (o >> 8 & 3) << 9 | (o >> 10 & 1) << 8
                | (o >> 6 & 1) << 7 | (o >> 7 & 1) << 6 | (o >> 1 & 7) << 3 | (o >> 5 & 1) << 2 | 1;
        return half(bits, "c.j " + target(offset));
    }

    /** c.beqz, c.bnez on rs1'. */
    static RvInstruction cBranch(String mnemonic, int rs1, int offset) {
        int funct3 = switch (mnemonic) {
            case "c.beqz" -> 6;
            case "c.bnez" -> 7;
            default -> throw new IllegalArgumentException("not a compressed branch: " + mnemonic);
        };
        int o = even(offset, -256, 254);
        int bits = funct3 << 13 | (o >> 8 & 1) << 12 | (o >> 3 & 3) << 10 | prime(rs1) << 7 | (o >> 6 & 3) << 5
                | (o >> 1 & 3) << 3 | (o >> 5 & 1) << 2 | 1;
        return half(bits, mnemonic + " " + x(rs1) + ", " + target(offset));
    }
}
