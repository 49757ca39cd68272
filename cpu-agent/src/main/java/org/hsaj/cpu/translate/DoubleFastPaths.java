package org.hsaj.cpu.translate;

import org.hsaj.cpu.exec.FloatingPoint;
import org.hsaj.cpu.exec.Hart;

/**
 * The double-precision operations translated code calls: each a small method for the case that needs no
 * decision, which the JIT inlines, and {@link FloatingPoint}'s complete operation otherwise. The case:
 * round to nearest, NX raised already (the flags are sticky), and a result clear of overflow and of the
 * subnormal range, so that no flag is left to raise and the host's result is the guest's.
 *
 * <p>Why a class apart: inlined whole, FloatingPoint's operations used up C2's inlining budget of a
 * region (8,000 bytes of bytecode with the region's own) after a few, and the region's later operations
 * and memory accesses stayed calls. And only translated code calls these methods, so their profiles
 * (the JIT's counts of which way each branch went, shared by every caller) are not those of the
 * interpreter, which runs every kernel's early, rarely settled, operations: after the interpreter had
 * run a program testing the rounding modes, the profiles showed the complete operations as hot, C2
 * inlined them again, and another program's translated FP loops ran 2.4 times slower. Earlier guests'
 * translated code can do the same through the fallback calls here, so the {@code hsaj} launcher keeps
 * C2 from inlining FloatingPoint's operations at all ({@code -XX:CompileCommand=dontinline}).
 */
final class DoubleFastPaths {
    private DoubleFastPaths() {
    }

    /** Whether r, the host's round-to-nearest result, is the guest's result in mode rm, with no flag to raise. */
    private static boolean settled(Hart h, double r, int rm) {
        return rm == FloatingPoint.RNE && (h.fflags & FloatingPoint.NX) != 0 && FloatingPoint.inSafeRange(r);
    }

    static long addD(Hart h, long a, long b, int rm) {
        double r = Double.longBitsToDouble(a) + Double.longBitsToDouble(b);
        return settled(h, r, rm) ? Double.doubleToRawLongBits(r) : FloatingPoint.addD(h, a, b, rm);
    }

    static long subD(Hart h, long a, long b, int rm) {
        return addD(h, a, b ^ FloatingPoint.SIGN_D, rm);
    }

    static long mulD(Hart h, long a, long b, int rm) {
        double r = Double.longBitsToDouble(a) * Double.longBitsToDouble(b);
        return settled(h, r, rm) ? Double.doubleToRawLongBits(r) : FloatingPoint.mulD(h, a, b, rm);
    }

    static long divD(Hart h, long a, long b, int rm) {
        double r = Double.longBitsToDouble(a) / Double.longBitsToDouble(b);
        return settled(h, r, rm) ? Double.doubleToRawLongBits(r) : FloatingPoint.divD(h, a, b, rm);
    }

    static long sqrtD(Hart h, long a, int rm) {
        double r = Math.sqrt(Double.longBitsToDouble(a));
        return settled(h, r, rm) ? Double.doubleToRawLongBits(r) : FloatingPoint.sqrtD(h, a, rm);
    }

    static long fmaD(Hart h, long a, long b, long c, int rm) {
        double r = Math.fma(Double.longBitsToDouble(a), Double.longBitsToDouble(b), Double.longBitsToDouble(c));
        return settled(h, r, rm) ? Double.doubleToRawLongBits(r) : FloatingPoint.fmaD(h, a, b, c, rm);
    }

    static long fmsubD(Hart h, long a, long b, long c, int rm) {
        return fmaD(h, a, b, c ^ FloatingPoint.SIGN_D, rm);
    }

    static long fnmsubD(Hart h, long a, long b, long c, int rm) {
        return fmaD(h, a ^ FloatingPoint.SIGN_D, b, c, rm);
    }

    static long fnmaddD(Hart h, long a, long b, long c, int rm) {
        return fmaD(h, a ^ FloatingPoint.SIGN_D, b, c ^ FloatingPoint.SIGN_D, rm);
    }

    /** feq/flt/fle ({@code relation} 0, 1, 2) of two numbers; a NaN (flags to decide) goes to FloatingPoint. */
    static long compareD(Hart h, long a, long b, int relation) {
        double x = Double.longBitsToDouble(a);
        double y = Double.longBitsToDouble(b);
        if (x != x || y != y) {
            return FloatingPoint.compareD(h, a, b, relation);
        }
        return (relation == 0 ? x == y : relation == 1 ? x < y : x <= y) ? 1 : 0;
    }
}
