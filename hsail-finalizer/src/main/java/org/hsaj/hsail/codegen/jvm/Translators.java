package org.hsaj.hsail.codegen.jvm;

import java.util.EnumMap;
import java.util.Map;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;

/**
 * The decode table: which translator emits each opcode (control flow and synchronisation are handled
 * by the method emitters themselves). An opcode missing from the table is one this back end does not
 * support, and compiling it fails with a message naming the instruction.
 */
final class Translators {
    /** Emits the bytecode of one instruction. */
    interface OpcodeTranslator {
        void translate(Instruction insn, CodeEmitter e);
    }

    private static final Map<Opcode, OpcodeTranslator> TABLE = new EnumMap<>(Opcode.class);
    private static final Map<Opcode, String> REJECTED = new EnumMap<>(Opcode.class);

    static {
        IntegerTranslator.register(TABLE);
        FloatTranslator.register(TABLE);
        MoveTranslator.register(TABLE);
        CompareTranslator.register(TABLE);
        ConvertTranslator.register(TABLE);
        MemoryTranslator.register(TABLE);
        PackedTranslator.register(TABLE);
        QueryTranslator.register(TABLE);
        for (Opcode op : new Opcode[] {Opcode.RDIMAGE, Opcode.LDIMAGE, Opcode.STIMAGE, Opcode.QUERYIMAGE,
                Opcode.QUERYSAMPLER, Opcode.IMAGEFENCE}) {
            REJECTED.put(op, "images are not supported by the jvm back end");
        }
        for (Opcode op : new Opcode[] {Opcode.INITFBAR, Opcode.JOINFBAR, Opcode.WAITFBAR, Opcode.ARRIVEFBAR,
                Opcode.LEAVEFBAR, Opcode.RELEASEFBAR, Opcode.LDF}) {
            REJECTED.put(op, "fine-grain barriers are not supported by the jvm back end");
        }
        for (Opcode op : new Opcode[] {Opcode.CLEARDETECTEXCEPT, Opcode.GETDETECTEXCEPT, Opcode.SETDETECTEXCEPT}) {
            REJECTED.put(op, "floating-point exception detection is not modelled by the jvm back end");
        }
        REJECTED.put(Opcode.ICALL, "indirect calls (icall) are not supported by the jvm back end");
    }

    private Translators() {
    }

    static void translate(Instruction insn, CodeEmitter e) {
        if (insn.type().isPacked() && PackedTranslator.handles(insn.opcode())) {
            PackedTranslator.translate(insn, e);
            return;
        }
        OpcodeTranslator t = TABLE.get(insn.opcode());
        if (t == null) {
            String why = REJECTED.getOrDefault(insn.opcode(), "the jvm back end has no translation for this opcode");
            throw Unsupported.instruction(insn, why);
        }
        t.translate(insn, e);
    }
}
