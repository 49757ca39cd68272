package org.hsaj.hsail.text;

import java.io.ByteArrayOutputStream;
import org.hsaj.hsail.ir.DataType;

/**
 * Gives a written {@link Constant} the bits of the type its use expects, by the rules of PRM 4.8.5
 * (Table 4-1): integers are truncated to integer, bit and packed types up to 64 bits; float constants
 * need a float type of the same size or a bit type of the same size; typed constants need their own
 * type or a bit type of the same size. Anything else is an error whose message says what to write.
 */
final class ConstantConversion {
    /** A conversion that is not allowed; the message is ready for a diagnostic. */
    static final class Mismatch extends Exception {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }

    private ConstantConversion() {
    }

    /** The constant as {@code [low 64 bits, high 64 bits]} of type {@code t}. */
    static long[] toBits(Constant c, DataType t) throws Mismatch {
        String tn = t.hsailName();
        switch (c) {
            case Constant.Integer i -> {
                if (t.bits() > 64) {
                    throw new Mismatch("integer constant " + i.text() + " cannot be a " + t.bits() + "-bit " + tn
                            + " operand: write a packed constant such as u32x4(1, 2, 3, 4)");
                }
                if (t.isFloat() || t.isOpaque() || (t.isPacked() && t.isFloatingPoint())) {
                    throw new Mismatch("integer constant " + i.text() + " cannot be an " + tn + " value: write "
                            + (t.isFloat() ? "a float constant such as " + floatExample(t) : "a typed constant such as "
                            + tn + "(...)"));
                }
                return new long[] {truncate(i.value(), t.bits()), 0};
            }
            case Constant.Float f -> {
                if (f.bits() != t.bits() || !(t.isFloat() || t.isBit())) {
                    if (t.isFloat() || t.isBit()) {
                        throw new Mismatch(f.bits() + "-bit float constant " + f.text() + " does not match the "
                                + t.bits() + "-bit " + tn + " operand: write " + floatExample(t));
                    }
                    throw new Mismatch("float constant " + f.text() + " cannot be a " + tn + " value");
                }
                return new long[] {f.value(), 0};
            }
            case Constant.Typed ty -> {
                if (ty.array()) {
                    throw new Mismatch("array constant " + ty.text() + " is only allowed as a variable initializer");
                }
                if (ty.type() != t && !(t.isBit() && t.bits() == ty.type().bits())) {
                    throw new Mismatch(ty.type().hsailName() + " constant " + ty.text() + " cannot be a " + tn
                            + " value: the types must match");
                }
                return typedBits(ty);
            }
            case Constant.Aggregate a -> throw new Mismatch("aggregate constant " + a.text()
                    + " is only allowed as the initializer of a bit-type array");
            case Constant.AlignRequest a -> throw new Mismatch("align(...) is only allowed inside an aggregate constant");
        }
    }

    /** The bits of a non-array typed constant of its own type. */
    static long[] typedBits(Constant.Typed ty) throws Mismatch {
        DataType type = ty.type();
        int n = type.elementCount();
        if (ty.elements().size() != n) {
            throw new Mismatch(type.hsailName() + " constant " + ty.text() + " needs " + n + " element"
                    + (n == 1 ? "" : "s") + ", found " + ty.elements().size());
        }
        DataType e = type.elementType();
        if (type.isOpaque()) {
            if (type != DataType.SIG32 && type != DataType.SIG64
                    || !(ty.elements().getFirst() instanceof Constant.Integer z) || z.value() != 0) {
                throw new Mismatch("a " + type.hsailName() + " constant can only be the null handle "
                        + type.hsailName() + "(0)");
            }
            return new long[] {0, 0};
        }
        long lo = 0;
        long hi = 0;
        for (int k = 0; k < n; k++) {
            Constant el = ty.elements().get(k);
            long bits = element(el, e);
            int index = n - 1 - k; // listed most significant first (PRM 4.14.2)
            int shift = index * e.bits();
            if (shift < 64) {
                lo |= bits << shift;
                if (shift + e.bits() > 64) {
                    hi |= bits >>> (64 - shift);
                }
            } else {
                hi |= bits << (shift - 64);
            }
        }
        return new long[] {lo, hi};
    }

    private static long element(Constant el, DataType e) throws Mismatch {
        if (e.isFloat()) {
            if (el instanceof Constant.Float f && f.bits() == e.bits()) {
                return f.value();
            }
            if (el instanceof Constant.Typed t && t.type() == e && !t.array()) {
                return typedBits(t)[0];
            }
            throw new Mismatch("element " + el.text() + " must be a " + e.bits() + "-bit float constant such as "
                    + floatExample(e));
        }
        if (el instanceof Constant.Integer i) {
            return truncate(i.value(), e.bits());
        }
        if (el instanceof Constant.Typed t && t.type() == e && !t.array()) {
            return typedBits(t)[0];
        }
        throw new Mismatch("element " + el.text() + " must be an integer constant");
    }

    /** Little-endian bytes of the initializer {@code c} for a variable of element type {@code t}. */
    static byte[] initializerBytes(Constant c, DataType t) throws Mismatch {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (c) {
            case Constant.Typed ty when ty.array() -> {
                if (ty.type() != t && !(t.isBit() && t.bits() == ty.type().bits())) {
                    throw new Mismatch(ty.type().hsailName() + "[] constant cannot initialize a " + t.hsailName()
                            + " variable: the types must match");
                }
                for (Constant el : ty.elements()) {
                    write(out, toBits(el, ty.type()), ty.type().bytes());
                }
            }
            case Constant.Aggregate a -> {
                for (Constant item : a.items()) {
                    switch (item) {
                        case Constant.AlignRequest r -> {
                            while (out.size() % r.alignment() != 0) {
                                out.write(0);
                            }
                        }
                        case Constant.Typed ty when ty.array() -> out.writeBytes(initializerBytes(ty, ty.type()));
                        case Constant.Typed ty -> write(out, typedBits(ty), ty.type().bytes());
                        // A plain constant in braces ({1, 2, 3}): an element of the variable's type.
                        default -> write(out, toBits(item, t), t.bytes());
                    }
                }
            }
            default -> write(out, toBits(c, t), t.bytes());
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, long[] bits, int bytes) {
        for (int k = 0; k < bytes; k++) {
            long word = k < 8 ? bits[0] : bits[1];
            out.write((int) (word >>> ((k % 8) * 8)) & 0xff);
        }
    }

    static long truncate(long value, int bits) {
        return bits >= 64 ? value : value & ((1L << bits) - 1);
    }

    private static String floatExample(DataType t) {
        return switch (t.elementType().bits()) {
            case 16 -> "1.0h";
            case 32 -> "1.0f";
            default -> "1.0";
        };
    }
}
