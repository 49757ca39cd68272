package org.hsaj.hsail.text;

import java.util.List;
import org.hsaj.hsail.ir.RegisterClass;
import org.hsaj.hsail.ir.SourcePosition;

/** An operand as written, before names are resolved and constants typed. */
sealed interface WrittenOperand {
    SourcePosition position();

    record Reg(RegisterClass registerClass, int number, SourcePosition position) implements WrittenOperand {
    }

    record Const(Constant constant) implements WrittenOperand {
        @Override
        public SourcePosition position() {
            return constant.position();
        }
    }

    record Wave(SourcePosition position) implements WrittenOperand {
    }

    /** {@code [symbol][base + offset]}; symbol and base may be null. */
    record Addr(Token symbol, Reg base, long offset, SourcePosition position) implements WrittenOperand {
    }

    record Vector(List<WrittenOperand> elements, SourcePosition position) implements WrittenOperand {
    }

    record Label(String name, SourcePosition position) implements WrittenOperand {
    }

    record Labels(List<Label> labels, SourcePosition position) implements WrittenOperand {
    }

    /** A bare {@code &name} or {@code %name}. */
    record Ident(Token token) implements WrittenOperand {
        @Override
        public SourcePosition position() {
            return token.position();
        }
    }

    /** {@code [&f, &g]} or a call's {@code (%a, %b)}. */
    record Idents(List<Token> tokens, SourcePosition position) implements WrittenOperand {
    }
}
