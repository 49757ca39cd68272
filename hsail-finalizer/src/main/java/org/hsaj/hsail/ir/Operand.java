package org.hsaj.hsail.ir;

import java.util.List;
import java.util.Objects;

/**
 * An operand of an {@link Instruction}. Every kind is an immutable record; a back end switches over
 * the sealed hierarchy. Operand types are not stored on register operands: they follow from the
 * instruction (see {@link OperandRules#operandType}). Immediates carry their type, already converted
 * to the operand's type by the front end (PRM 4.8.5), as bits.
 */
public sealed interface Operand {

    /** A register: {@code $c0}, {@code $s12}, {@code $d3}, {@code $q1}. */
    record Register(RegisterClass registerClass, int number) implements Operand {
        public Register {
            Objects.requireNonNull(registerClass);
            if (number < 0) {
                throw new IllegalArgumentException("negative register number " + number);
            }
        }

        @Override
        public String toString() {
            return "$" + registerClass.letter() + number;
        }
    }

    /**
     * A constant of type {@code type}: the low {@code type.bits()} bits of {@code bits} (upper bits are
     * zero), and for 128-bit types the upper 64 bits in {@code high}. Float constants hold their IEEE
     * encoding (f16 in the low 16 bits). Packed constants hold the packed value, element 0 in the
     * least significant bits.
     */
    record Immediate(DataType type, long bits, long high) implements Operand {
        public Immediate {
            Objects.requireNonNull(type);
            if (type.bits() < 64) {
                long mask = (1L << type.bits()) - 1;
                if ((bits & ~mask) != 0) {
                    throw new IllegalArgumentException("immediate bits 0x" + Long.toHexString(bits)
                            + " do not fit " + type.hsailName());
                }
            }
            if (type.bits() < 128 && high != 0) {
                throw new IllegalArgumentException("high bits on a " + type.hsailName() + " immediate");
            }
        }

        public static Immediate of(DataType type, long value) {
            long bits = type.bits() >= 64 ? value : value & ((1L << type.bits()) - 1);
            return new Immediate(type, bits, 0);
        }

        /** The value as a signed 32-bit int (the low 32 bits). */
        public int intValue() {
            return (int) bits;
        }

        /** The value sign-extended from the type's width when signed, zero-extended otherwise. */
        public long longValue() {
            int n = type.bits();
            if (n >= 64 || !type.isSigned()) {
                return bits;
            }
            return (bits << (64 - n)) >> (64 - n);
        }

        public float floatValue() {
            return Float.intBitsToFloat((int) bits);
        }

        public double doubleValue() {
            return Double.longBitsToDouble(bits);
        }
    }

    /** {@code WAVESIZE}: an integer constant whose value the executing agent defines (PRM 2.6.2). */
    record WaveSize() implements Operand {
        public static final WaveSize INSTANCE = new WaveSize();
    }

    /**
     * An address expression {@code [symbol][base + offset]} (PRM 4.18). Any part may be absent: a null
     * {@code symbol} or {@code base}, offset 0. The address is segment relative unless the instruction's
     * segment is {@link Segment#FLAT}.
     *
     * @param symbol the variable whose address is the base, or null
     * @param base   a {@code $s} or {@code $d} register added to it, or null
     * @param offset a byte offset (two's complement, truncated to the address size when used)
     */
    record Address(Variable symbol, Register base, long offset) implements Operand {
        public Address {
            if (base != null && base.registerClass() != RegisterClass.S && base.registerClass() != RegisterClass.D) {
                throw new IllegalArgumentException("address register must be $s or $d: " + base);
            }
        }
    }

    /** {@code ($s1, $s2, ...)}: components of a v2/v3/v4 operand (registers, immediates, WAVESIZE). */
    record VectorOperand(List<Operand> elements) implements Operand {
        public VectorOperand {
            elements = List.copyOf(elements);
            if (elements.size() < 2 || elements.size() > 4) {
                throw new IllegalArgumentException("a vector operand has 2 to 4 elements, not " + elements.size());
            }
            for (Operand e : elements) {
                if (!(e instanceof Register || e instanceof Immediate || e instanceof WaveSize)) {
                    throw new IllegalArgumentException("vector element must be a register or constant: " + e);
                }
            }
        }
    }

    /**
     * A branch target: the label's name and the index of the block it starts in the enclosing
     * {@link Body#blocks()}.
     */
    record LabelRef(String name, int block) implements Operand {
        public LabelRef {
            Objects.requireNonNull(name);
        }
    }

    /** {@code [@a, @b, ...]}: the targets of {@code sbr}, indexed by the selector. */
    record LabelList(List<LabelRef> labels) implements Operand {
        public LabelList {
            labels = List.copyOf(labels);
        }
    }

    /** A kernel or function by name ({@code &f}), resolved with {@link Module#function(String)}. */
    record FunctionRef(String name) implements Operand {
        public FunctionRef {
            Objects.requireNonNull(name);
        }
    }

    /** {@code [&f0, &f1, ...]}: the targets of {@code scall}, indexed by the selector. */
    record FunctionList(List<FunctionRef> functions) implements Operand {
        public FunctionList {
            functions = List.copyOf(functions);
        }
    }

    /** A signature by name ({@code &sig}): the type of an {@code icall}. */
    record SignatureRef(String name) implements Operand {
        public SignatureRef {
            Objects.requireNonNull(name);
        }
    }

    /**
     * {@code (%a, %b)}: arg variables, as the output or input list of a call, or the variables an
     * {@link Opcode#ARG_BLOCK_START} defines.
     */
    record ArgumentList(List<Variable> variables) implements Operand {
        public ArgumentList {
            variables = List.copyOf(variables);
        }
    }
}
