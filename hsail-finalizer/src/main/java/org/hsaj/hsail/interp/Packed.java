package org.hsaj.hsail.interp;

import org.hsaj.hsail.ir.DataType;

/** Splitting 32-, 64- and 128-bit packed values ({@code lo}, {@code hi}) into elements and back; element 0 is least significant. */
final class Packed {
    private Packed() {
    }

    static long[] elements(long lo, long hi, DataType t) {
        int n = t.elementCount();
        int eb = t.elementType().bits();
        long[] e = new long[n];
        for (int i = 0; i < n; i++) {
            int shift = i * eb;
            long word = shift >= 64 ? hi : lo;
            e[i] = IntegerOps.chop(word >>> (shift % 64), eb);
        }
        return e;
    }

    /** {@code {lo, hi}} of the elements. */
    static long[] pack(long[] e, DataType t) {
        int eb = t.elementType().bits();
        long lo = 0;
        long hi = 0;
        for (int i = 0; i < e.length; i++) {
            int shift = i * eb;
            long v = IntegerOps.chop(e[i], eb);
            if (shift >= 64) {
                hi |= v << (shift - 64);
            } else {
                lo |= v << shift;
            }
        }
        return new long[] {lo, hi};
    }
}
