package org.hsaj.hsail.print;

import java.util.List;
import org.hsaj.hsail.ir.BasicBlock;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.ModuleStatement;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.Signature;
import org.hsaj.hsail.ir.SourcePosition;
import org.hsaj.hsail.ir.Variable;

/** A copy of an IR with every source position replaced by {@link SourcePosition#UNKNOWN}, for equality checks. */
final class WithoutPositions {
    private WithoutPositions() {
    }

    static Module of(Module m) {
        return new Module(m.name(), m.majorVersion(), m.minorVersion(), m.profile(), m.machineModel(),
                m.defaultFloatRounding(), m.extensions(), m.statements().stream().map(WithoutPositions::of).toList());
    }

    private static ModuleStatement of(ModuleStatement s) {
        SourcePosition u = SourcePosition.UNKNOWN;
        return switch (s) {
            case Variable v -> of(v);
            case Kernel k -> new Kernel(k.name(), k.linkage(), vars(k.parameters()), k.kernargSegmentSize(),
                    k.kernargSegmentAlignment(), k.controls(), k.body().map(WithoutPositions::of), u);
            case Function f -> new Function(f.name(), f.linkage(), f.indirect(), vars(f.outputs()), vars(f.inputs()),
                    f.outputFrameSize(), f.inputFrameSize(), f.controls(), f.body().map(WithoutPositions::of), u);
            case Signature g -> new Signature(g.name(), vars(g.outputs()), vars(g.inputs()), u);
        };
    }

    private static Variable of(Variable v) {
        return new Variable(v.name(), v.segment(), v.type(), v.dimension(), v.alignment(), v.isConst(), v.linkage(),
                v.isDefinition(), v.allocAgent(), v.initializer(), v.offset(), SourcePosition.UNKNOWN);
    }

    private static List<Variable> vars(List<Variable> vs) {
        return vs.stream().map(WithoutPositions::of).toList();
    }

    private static Body of(Body b) {
        return new Body(vars(b.variables()), b.blocks().stream().map(bb -> new BasicBlock(bb.label(),
                bb.instructions().stream().map(WithoutPositions::of).toList())).toList(), b.groupSegmentSize(),
                b.privateSegmentSize(), b.privateSegmentAlignment(), b.registers());
    }

    private static Instruction of(Instruction i) {
        return new Instruction(i.opcode(), i.modifiers(), i.type(), i.sourceType(),
                i.operands().stream().map(WithoutPositions::of).toList(), SourcePosition.UNKNOWN);
    }

    private static Operand of(Operand o) {
        return switch (o) {
            case Operand.Address a -> new Operand.Address(a.symbol() == null ? null : of(a.symbol()), a.base(),
                    a.offset());
            case Operand.ArgumentList l -> new Operand.ArgumentList(vars(l.variables()));
            default -> o;
        };
    }
}
