package org.hsaj.hsail.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.hsaj.hsail.ir.BasicBlock;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.ControlDirectives;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Linkage;
import org.hsaj.hsail.ir.Modifiers;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterClass;
import org.hsaj.hsail.ir.RegisterUsage;
import org.hsaj.hsail.ir.SourcePosition;
import org.junit.jupiter.api.Test;

/** The validator on IR built directly, as a BRIG reader would: no text involved. */
class ValidatorTest {
    private static final SourcePosition AT = new SourcePosition("brig:code", 64, 1);

    private static Module kernelWith(Module.Profile profile, List<Instruction> code, RegisterUsage registers) {
        Body body = new Body(List.of(), List.of(new BasicBlock(null, code)), 0, 0, 1, registers);
        Kernel k = new Kernel("&k", Linkage.PROGRAM, List.of(), 0, 16, ControlDirectives.NONE, Optional.of(body), AT);
        return new Module("&m", 1, 0, profile, Module.MachineModel.LARGE, Module.FloatRoundingMode.NEAR, List.of(),
                List.of(k));
    }

    private static Instruction insn(Opcode op, Modifiers m, DataType t, Operand... ops) {
        return new Instruction(op, m, t, DataType.NONE, List.of(ops), AT);
    }

    private static Operand.Register s(int n) {
        return new Operand.Register(RegisterClass.S, n);
    }

    private static final Instruction RET = insn(Opcode.RET, Modifiers.NONE, DataType.NONE);

    private static List<String> validate(Module m) {
        return Validator.validate(m).stream().map(Diagnostic::toString).toList();
    }

    @Test
    void immediateOfTheWrongWidth() {
        Module m = kernelWith(Module.Profile.FULL, List.of(
                insn(Opcode.ADD, Modifiers.NONE, DataType.U32, s(0), Operand.Immediate.of(DataType.U64, 1), s(0)),
                RET), new RegisterUsage(0, 1, 0, 0));
        assertEquals(List.of("brig:code:64:1: error: operand 2 of 'add_u32': constant of type u64 does not fit the 32-bit"
                + " u32 operand"),
                validate(m));
    }

    @Test
    void baseProfileRequiresFtzAndForbidsF64() {
        Module m = kernelWith(Module.Profile.BASE, List.of(
                insn(Opcode.MOV, Modifiers.NONE, DataType.F32, s(1), Operand.Immediate.of(DataType.F32, 0)),
                insn(Opcode.ADD, Modifiers.NONE, DataType.F32, s(0), s(1), s(1)),
                insn(Opcode.MOV, Modifiers.NONE, DataType.F64, new Operand.Register(RegisterClass.D, 0),
                        Operand.Immediate.of(DataType.F64, 0)),
                RET), new RegisterUsage(0, 2, 1, 0));
        assertEquals(List.of("brig:code:64:1: error: 'add_f32': the base profile requires _ftz on floating-point"
                + " operations", "brig:code:64:1: error: 'mov_f64': type f64 is not supported by the base profile"),
                validate(m));
    }

    @Test
    void registerLimits() {
        Module m = kernelWith(Module.Profile.FULL, List.of(
                insn(Opcode.MOV, Modifiers.NONE, DataType.B1, new Operand.Register(RegisterClass.C, 200),
                        Operand.Immediate.of(DataType.B1, 1)), RET), new RegisterUsage(201, 0, 0, 0));
        assertEquals(List.of("brig:code:64:1: error: &k uses $c200: at most 128 $c registers are allowed"), validate(m));
    }

    @Test
    void destinationMustBeARegister() {
        Module m = kernelWith(Module.Profile.FULL, List.of(
                insn(Opcode.MOV, Modifiers.NONE, DataType.B32, Operand.Immediate.of(DataType.B32, 1),
                        Operand.Immediate.of(DataType.B32, 2)), RET), RegisterUsage.NONE);
        assertEquals(List.of("brig:code:64:1: error: operand 1 of 'mov_b32' must be a destination register, found"
                + " constant 0x1"), validate(m));
    }
}
