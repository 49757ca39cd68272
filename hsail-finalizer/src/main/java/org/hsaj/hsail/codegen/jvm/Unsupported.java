package org.hsaj.hsail.codegen.jvm;

import java.util.List;
import org.hsaj.hsail.analysis.Diagnostic;
import org.hsaj.hsail.analysis.HsailException;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.SourcePosition;
import org.hsaj.hsail.print.HsailPrinter;

/** Builds the compile-time error for HSAIL this back end cannot run: what, where, why. */
final class Unsupported {
    private Unsupported() {
    }

    static HsailException at(SourcePosition position, String message) {
        return new HsailException(List.of(Diagnostic.error(position, "jvm back end: " + message)));
    }

    static HsailException instruction(Instruction insn, String why) {
        return at(insn.position(), "cannot compile '" + describe(insn) + "': " + why);
    }

    /** The instruction as HSAIL text, for messages. */
    static String describe(Instruction insn) {
        try {
            String text = HsailPrinter.instruction(insn).strip();
            return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
        } catch (RuntimeException e) {
            return insn.opcode().hsailName();
        }
    }
}
