package org.hsaj.hsail.codegen.jvm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Operand;

/**
 * Dense numbering of the registers one code block uses, in order of first appearance, so that
 * analyses work on bit sets and the generator gives each register its own JVM local.
 */
final class RegisterIndex {
    private final Map<Operand.Register, Integer> index = new HashMap<>();
    private final List<Operand.Register> registers = new ArrayList<>();

    RegisterIndex(Body body) {
        for (Instruction insn : body.instructions()) {
            for (Operand op : insn.operands()) {
                forEachRegister(op, r -> {
                    if (!index.containsKey(r)) {
                        index.put(r, registers.size());
                        registers.add(r);
                    }
                });
            }
        }
    }

    int size() {
        return registers.size();
    }

    int indexOf(Operand.Register r) {
        Integer i = index.get(r);
        if (i == null) {
            throw new IllegalArgumentException("register " + r + " is not used by this code block");
        }
        return i;
    }

    Operand.Register register(int i) {
        return registers.get(i);
    }

    /** Calls {@code action} for every register an operand names (an address base, vector elements). */
    static void forEachRegister(Operand op, Consumer<Operand.Register> action) {
        switch (op) {
            case Operand.Register r -> action.accept(r);
            case Operand.Address a -> {
                if (a.base() != null) {
                    action.accept(a.base());
                }
            }
            case Operand.VectorOperand v -> {
                for (Operand e : v.elements()) {
                    if (e instanceof Operand.Register r) {
                        action.accept(r);
                    }
                }
            }
            default -> {
            }
        }
    }
}
