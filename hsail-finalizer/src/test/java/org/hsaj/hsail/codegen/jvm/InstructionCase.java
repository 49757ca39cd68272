package org.hsaj.hsail.codegen.jvm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.ir.DataType;

/**
 * One instruction under test, run by a generated kernel on many inputs: work-item i loads source j
 * from element i of buffer j, executes the instruction and stores the whole destination register
 * (b1 as a u32 0/1, narrower types as the full $s register) to element i of the output buffer.
 *
 * @param instruction the mnemonic with its modifiers and types, e.g. {@code add_ftz_f32}
 * @param dest        the destination type (the register it lives in decides the store)
 * @param sources     source operand types
 */
record InstructionCase(String instruction, DataType dest, List<DataType> sources) {
    static InstructionCase of(String instruction, DataType dest, DataType... sources) {
        return new InstructionCase(instruction, dest, List.of(sources));
    }

    static int registerBytes(DataType t) {
        return t == DataType.B1 || t.bits() <= 32 ? 4 : t.bits() / 8;
    }

    private static String register(DataType t, int n) {
        if (t == DataType.B1) {
            return "$c" + n;
        }
        return switch (registerBytes(t)) {
            case 4 -> "$s" + n;
            case 8 -> "$d" + n;
            default -> "$q" + n;
        };
    }

    private static String loadType(DataType t) {
        if (t == DataType.B1) {
            return "u32";
        }
        return switch (t.bits()) {
            case 8 -> t.isSigned() ? "s8" : "u8";
            case 16 -> t == DataType.F16 ? "f16" : t.isSigned() ? "s16" : "u16";
            case 32 -> "b32";
            case 64 -> "b64";
            default -> "b128";
        };
    }

    /** Bytes per element in source buffer {@code j}. */
    int sourceBytes(int j) {
        DataType t = sources.get(j);
        return t == DataType.B1 ? 4 : Math.max(1, t.bits() / 8);
    }

    String hsail() {
        StringBuilder b = new StringBuilder("module &m:1:0:$full:$large:$default;\n");
        b.append("prog kernel &k(kernarg_u64 %out");
        for (int j = 0; j < sources.size(); j++) {
            b.append(", kernarg_u64 %in").append(j);
        }
        b.append(")\n{\n    workitemabsid_u64 $d0, 0;\n");
        List<String> operands = new ArrayList<>();
        for (int j = 0; j < sources.size(); j++) {
            DataType t = sources.get(j);
            b.append("    mul_u64 $d1, $d0, ").append(sourceBytes(j)).append(";\n");
            b.append("    ld_kernarg_u64 $d2, [%in").append(j).append("];\n");
            b.append("    add_u64 $d2, $d2, $d1;\n");
            if (t == DataType.B1) {
                b.append("    ld_global_u32 $s30, [$d2];\n");
                b.append("    cmp_ne_b1_u32 $c").append(10 + j).append(", $s30, 0;\n");
            } else {
                b.append("    ld_global_").append(loadType(t)).append(' ').append(register(t, 10 + j))
                        .append(", [$d2];\n");
            }
            operands.add(register(t, 10 + j));
        }
        String dest = register(dest(), 20);
        // Give the destination a known value first (packed s/ss controls keep its other elements).
        switch (registerBytes(dest())) {
            case 4 -> b.append(dest().equals(DataType.B1) ? "    mov_b1 $c20, 0;\n" : "    mov_b32 $s20, 0x5a5a5a5a;\n");
            case 8 -> b.append("    mov_b64 $d20, 0x5a5a5a5a5a5a5a5a;\n");
            default -> b.append("    mov_b64 $d29, 0x5a5a5a5a5a5a5a5a;\n    combine_v2_b128_b64 $q20, ($d29, $d29);\n");
        }
        b.append("    ").append(instruction).append(' ').append(dest);
        for (String o : operands) {
            b.append(", ").append(o);
        }
        b.append(";\n");
        int outBytes = registerBytes(dest());
        b.append("    mul_u64 $d1, $d0, ").append(outBytes).append(";\n");
        b.append("    ld_kernarg_u64 $d2, [%out];\n    add_u64 $d2, $d2, $d1;\n");
        if (dest() == DataType.B1) {
            b.append("    cvt_u32_b1 $s31, $c20;\n    st_global_u32 $s31, [$d2];\n");
        } else {
            String st = switch (outBytes) {
                case 4 -> "b32";
                case 8 -> "b64";
                default -> "b128";
            };
            b.append("    st_global_").append(st).append(' ').append(dest).append(", [$d2];\n");
        }
        b.append("    ret;\n};\n");
        return b.toString();
    }

    /** The differential case over {@code n} work-items with inputs drawn from {@code values}. */
    Differential.Case differential(int n, long seed) {
        Random random = new Random(seed ^ instruction.hashCode());
        List<byte[]> buffers = new ArrayList<>();
        buffers.add(new byte[n * registerBytes(dest())]);
        for (int j = 0; j < sources.size(); j++) {
            DataType t = sources.get(j);
            ByteBuffer bb = ByteBuffer.allocate(n * sourceBytes(j)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                long v = InputValues.pick(t, random, i + 7 * j);
                switch (sourceBytes(j)) {
                    case 1 -> bb.put((byte) v);
                    case 2 -> bb.putShort((short) v);
                    case 4 -> bb.putInt((int) v);
                    case 8 -> bb.putLong(v);
                    default -> {
                        bb.putLong(v);
                        bb.putLong(InputValues.pick(t, random, n + i));
                    }
                }
            }
            buffers.add(bb.array());
        }
        int count = sources.size();
        return new Differential.Case(hsail(), DispatchGeometry.of1D(n, 64), buffers, a -> {
            Object[] args = new Object[count + 1];
            for (int i = 0; i <= count; i++) {
                args[i] = a[i];
            }
            return args;
        }).withResultType(dest());
    }
}
