package org.hsaj.hsail.codegen.jvm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hsaj.hsail.ir.DataType;

/** Value comparison of float results stored register by register (see {@link Differential.Case#withResultType}). */
final class FloatResults {
    private FloatResults() {
    }

    /** True when the two buffers hold the same results, float elements compared as described. */
    static boolean sameValues(DataType t, byte[] expected, byte[] actual, String hsail) {
        if (!t.elementType().isFloat() || expected.length != actual.length) {
            return false;
        }
        boolean fusedDown = hsail.contains("fma_") && hsail.contains("down_") || hsail.contains("mad_")
                && hsail.contains("down_");
        int bits = t.elementType().bits();
        int registerBytes = InstructionCase.registerBytes(t);
        int perRegister = Math.max(1, registerBytes * 8 / bits);
        ByteBuffer e = ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer a = ByteBuffer.wrap(actual).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r + registerBytes <= expected.length; r += registerBytes) {
            for (int k = 0; k < perRegister; k++) {
                int at = r + k * bits / 8;
                long x = element(e, at, bits);
                long y = element(a, at, bits);
                if (x == y || isNaN(x, bits) && isNaN(y, bits)) {
                    continue;
                }
                long sign = 1L << (bits - 1);
                if (fusedDown && x == 0 && y == sign) {
                    continue;
                }
                return false;
            }
            if (registerBytes * 8 > perRegister * bits) {
                // Bits above a narrow float in its register must agree exactly.
                for (int b = r + perRegister * bits / 8; b < r + registerBytes; b++) {
                    if (expected[b] != actual[b]) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static long element(ByteBuffer b, int at, int bits) {
        return switch (bits) {
            case 16 -> b.getShort(at) & 0xffffL;
            case 32 -> b.getInt(at) & 0xffffffffL;
            default -> b.getLong(at);
        };
    }

    static boolean isNaN(long v, int bits) {
        return switch (bits) {
            case 16 -> (v & 0x7c00) == 0x7c00 && (v & 0x3ff) != 0;
            case 32 -> Float.isNaN(Float.intBitsToFloat((int) v));
            default -> Double.isNaN(Double.longBitsToDouble(v));
        };
    }
}
