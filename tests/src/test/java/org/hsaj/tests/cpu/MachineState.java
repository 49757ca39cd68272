package org.hsaj.tests.cpu;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The state a generated sequence starts from and the state dumped after it: x1..x31 (x0 is always zero),
 * f0..f31 as raw 64-bit patterns, fcsr, and the scratch memory the sequence's loads and stores use.
 *
 * <p>The dump layout, as the generated program writes it to stdout: the scratch bytes, then x1..x31, then
 * f0..f31, then fcsr, every register as 8 little-endian bytes.
 */
record MachineState(long[] x, long[] f, long fcsr, byte[] scratch) {
    static final int SCRATCH_BYTES = 2048;
    static final int REGISTER_BYTES = (31 + 32 + 1) * 8;
    static final int DUMP_BYTES = SCRATCH_BYTES + REGISTER_BYTES;

    MachineState {
        if (x.length != 32 || f.length != 32 || scratch.length != SCRATCH_BYTES) {
            throw new IllegalArgumentException("need 32 x, 32 f registers and " + SCRATCH_BYTES + " scratch bytes");
        }
        x = x.clone();
        x[0] = 0;
        f = f.clone();
        scratch = scratch.clone();
    }

    static MachineState parseDump(byte[] dump) {
        if (dump.length != DUMP_BYTES) {
            throw new IllegalArgumentException("register dump has " + dump.length + " bytes, expected " + DUMP_BYTES);
        }
        ByteBuffer b = ByteBuffer.wrap(dump).order(ByteOrder.LITTLE_ENDIAN);
        byte[] scratch = Arrays.copyOf(dump, SCRATCH_BYTES);
        b.position(SCRATCH_BYTES);
        long[] x = new long[32];
        for (int i = 1; i < 32; i++) {
            x[i] = b.getLong();
        }
        long[] f = new long[32];
        for (int i = 0; i < 32; i++) {
            f[i] = b.getLong();
        }
        return new MachineState(x, f, b.getLong(), scratch);
    }

    /** Every register and memory word that differs, as "name: expected ... actual ..." lines. */
    List<String> differencesFrom(MachineState expected) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i < 32; i++) {
            if (x[i] != expected.x[i]) {
                out.add(String.format("x%d: expected %016x, was %016x", i, expected.x[i], x[i]));
            }
        }
        for (int i = 0; i < 32; i++) {
            if (f[i] != expected.f[i]) {
                out.add(String.format("f%d: expected %016x, was %016x", i, expected.f[i], f[i]));
            }
        }
        if (fcsr != expected.fcsr) {
            out.add(String.format("fcsr: expected %02x (frm %d, fflags %s), was %02x (frm %d, fflags %s)",
                    expected.fcsr, expected.fcsr >> 5, flags(expected.fcsr), fcsr, fcsr >> 5, flags(fcsr)));
        }
        ByteBuffer mine = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer theirs = ByteBuffer.wrap(expected.scratch).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < SCRATCH_BYTES; off += 8) {
            if (mine.getLong(off) != theirs.getLong(off)) {
                out.add(String.format("memory base%+d: expected %016x, was %016x", off - SCRATCH_BYTES / 2,
                        theirs.getLong(off), mine.getLong(off)));
            }
        }
        return out;
    }

    /** fflags as the letters NV DZ OF UF NX, '-' where clear. */
    private static String flags(long fcsr) {
        String[] names = {"NX", "UF", "OF", "DZ", "NV"};
        StringBuilder sb = new StringBuilder();
        for (int bit = 4; bit >= 0; bit--) {
            sb.append((fcsr >> bit & 1) != 0 ? names[bit] : "-");
        }
        return sb.toString();
    }
}
