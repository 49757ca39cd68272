package org.hsaj.hsail.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hsaj.hsail.TestKernels;
import org.hsaj.hsail.ir.AtomicOperation;
import org.hsaj.hsail.ir.BasicBlock;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.ControlDirectives;
import org.hsaj.hsail.ir.DataType;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Linkage;
import org.hsaj.hsail.ir.MemoryOrder;
import org.hsaj.hsail.ir.MemoryScope;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterClass;
import org.hsaj.hsail.ir.RegisterUsage;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.Signature;
import org.hsaj.hsail.ir.Variable;
import org.hsaj.hsail.ir.Width;
import org.junit.jupiter.api.Test;

/** The IR the parser builds from syntax.hsail: layouts, initializers, blocks, operands, modifiers. */
class ParserTest {
    private final Module m = TestKernels.parse("syntax.hsail");
    private final Kernel k = m.kernel("&syntax");
    private final Body body = k.body().orElseThrow();

    private Instruction nth(Opcode op, int n) {
        return body.instructions().stream().filter(i -> i.opcode() == op).skip(n).findFirst().orElseThrow();
    }

    @Test
    void header() {
        assertEquals("&syntax", m.name());
        assertEquals(Module.Profile.FULL, m.profile());
        assertEquals(Module.MachineModel.LARGE, m.machineModel());
        assertEquals(Module.FloatRoundingMode.NEAR, m.defaultFloatRounding());
        assertEquals(List.of("CORE"), m.extensions());
    }

    @Test
    void kernargLayoutFollowsOrderAlignmentAndSize() {
        List<Variable> p = k.parameters();
        assertEquals(List.of("%a", "%b", "%c", "%d", "%e"), p.stream().map(Variable::name).toList());
        assertEquals(List.of(0L, 8L, 16L, 24L, 32L), p.stream().map(Variable::offset).toList());
        assertEquals(3, p.get(3).dimension());
        assertEquals(6, p.get(3).size());
        assertEquals(32, p.get(4).alignment());
        assertEquals(48, k.kernargSegmentSize());
        assertEquals(32, k.kernargSegmentAlignment());
        assertTrue(p.stream().allMatch(v -> v.segment() == Segment.KERNARG && v.isConst()));
    }

    @Test
    void codeBlockSegments() {
        assertEquals(64, body.groupSegmentSize());
        assertEquals(20, body.privateSegmentSize());
        assertEquals(8, body.privateSegmentAlignment());
        Variable sp = body.variables().stream().filter(v -> v.name().equals("%sp")).findFirst().orElseThrow();
        assertEquals(Segment.SPILL, sp.segment());
        assertEquals(16, sp.offset());
        assertEquals(new RegisterUsage(2, 25, 5, 3), body.registers());
    }

    @Test
    void controlDirectives() {
        assertEquals(new ControlDirectives(0, 2, 1024, 4096, ControlDirectives.WAVESIZE, 1, List.of(64L, 1L, 1L),
                List.of(64L, 1L, 1L), true), k.controls());
    }

    @Test
    void variablesAndInitializers() {
        assertEquals(Linkage.PROGRAM, m.variable("&defined").linkage());
        assertFalse(m.variable("&external").isDefinition());
        assertEquals(3, m.variable("&inferred").dimension());
        assertArrayEquals(new byte[] {4, 3, 2, 1}, m.variable("&packed").initializer().orElseThrow().bytes());
        assertArrayEquals(new byte[] {(byte) 0xf9, -1, -1, -1}, m.variable("&negative").initializer().orElseThrow()
                .bytes());
        byte[] record = m.variable("&record").initializer().orElseThrow().bytes();
        assertEquals(18, record.length);
        assertEquals(4, record[0]);
        assertEquals((byte) 0xfe, record[8]);
        assertEquals((byte) 0xfe, record[16]);
        assertEquals((byte) 0xff, record[17]);
        assertEquals(16, m.variable("&aligned").alignment());
        assertTrue(m.variable("&half").isConst());
        assertTrue(m.variable("&per_agent").allocAgent());
        assertArrayEquals(new byte[] {(byte) 0xff, 1, 0, 0, 0, 0, 0, 0}, m.variable("&octal").initializer()
                .orElseThrow().bytes());
    }

    @Test
    void functionsAndSignatures() {
        Function variadic = m.function("&variadic");
        assertEquals(Variable.FLEXIBLE, variadic.inputs().get(1).dimension());
        assertEquals(4, variadic.inputFrameSize());
        assertEquals(4, variadic.outputFrameSize());
        assertTrue(m.function("&later").isDefinition());
        assertEquals(Linkage.PROGRAM, m.function("&later").linkage());
        Signature sig = m.signature("&sig");
        assertEquals(List.of("%named", ""), sig.inputs().stream().map(Variable::name).toList());
        assertEquals(8, sig.inputs().get(1).offset());
        assertFalse(m.kernel("&elsewhere").isDefinition());
    }

    @Test
    void blocksAndLabels() {
        List<BasicBlock> blocks = body.blocks();
        int one = body.blockIndex("@one");
        int two = body.blockIndex("@two");
        assertEquals(one + 1, two);
        assertTrue(blocks.get(one).instructions().isEmpty(), "two labels in a row make an empty block");
        Instruction cbr = nth(Opcode.CBR, 0);
        assertEquals(new Operand.LabelRef("@one", one), cbr.operand(1));
        Instruction sbr = nth(Opcode.SBR, 0);
        assertEquals(new Operand.LabelList(List.of(new Operand.LabelRef("@one", one), new Operand.LabelRef("@two", two))),
                sbr.operand(1));
        assertEquals(Width.of(2), sbr.modifiers().width());
        assertEquals(Opcode.SBR, blocks.get(one - 1).instructions().getLast().opcode());
    }

    @Test
    void argBlocksAndCalls() {
        Instruction start = nth(Opcode.ARG_BLOCK_START, 1);
        List<Variable> vars = ((Operand.ArgumentList) start.operand(0)).variables();
        assertEquals(List.of("%out", "%count", "%bytes"), vars.stream().map(Variable::name).toList());
        assertEquals(List.of(0L, 4L, 8L), vars.stream().map(Variable::offset).toList());
        assertTrue(vars.stream().allMatch(v -> v.linkage() == Linkage.ARG));
        Instruction call = nth(Opcode.CALL, 1);
        assertEquals(new Operand.FunctionRef("&variadic"), call.operand(0));
        assertEquals(vars.subList(1, 3), ((Operand.ArgumentList) call.operand(2)).variables());
        assertEquals(Opcode.ARG_BLOCK_END, body.instructions().get(body.instructions().indexOf(call) + 1).opcode());
    }

    @Test
    void immediates() {
        Instruction movMin = nth(Opcode.MOV, 5);
        assertEquals(Operand.Immediate.of(DataType.B64, Long.MIN_VALUE), movMin.operand(1));
        assertEquals(new Operand.Immediate(DataType.B128, (3L << 32) | 4, (1L << 32) | 2), nth(Opcode.MOV, 6).operand(1));
        assertEquals(Operand.Immediate.of(DataType.B32, 8), nth(Opcode.MOV, 3).operand(1));
        assertEquals(Operand.Immediate.of(DataType.F32, Float.floatToIntBits(1.5f)), nth(Opcode.MOV, 8).operand(1));
        assertEquals(Operand.Immediate.of(DataType.B32, Float.floatToIntBits(3.0f)), nth(Opcode.MOV, 12).operand(1));
        assertEquals(Operand.WaveSize.INSTANCE, nth(Opcode.MOV, 13).operand(1));
        assertEquals(Operand.Immediate.of(DataType.U16X2, 0x00010002), nth(Opcode.ADD, 0).operand(2));
        assertEquals(Operand.Immediate.of(DataType.F16X2, 0x3c004000), nth(Opcode.ADD, 1).operand(2));
    }

    @Test
    void memoryModifiersAndAddresses() {
        Instruction ld = body.instructions().stream().filter(i -> i.opcode() == Opcode.LD
                && i.modifiers().constant()).findFirst().orElseThrow();
        assertEquals(Segment.GLOBAL, ld.modifiers().segment());
        assertEquals(16, ld.modifiers().align());
        assertEquals(3, ld.modifiers().equivalence());
        assertEquals(Width.WAVESIZE, ld.modifiers().width());
        Operand.Address a = (Operand.Address) ld.operand(1);
        assertEquals("&aligned", a.symbol().name());
        assertNull(a.base());
        assertEquals(4, a.offset());
        Instruction lda = nth(Opcode.LDA, 1);
        Operand.Address g = (Operand.Address) lda.operand(1);
        assertEquals(new Operand.Register(RegisterClass.S, 0), g.base());
        assertEquals(-4, g.offset());
        Instruction v4 = nth(Opcode.LD, 4);
        assertEquals(4, ((Operand.VectorOperand) v4.operand(0)).elements().size());
        Instruction atomic = nth(Opcode.ATOMIC, 0);
        assertEquals(AtomicOperation.LD, atomic.modifiers().atomic());
        assertEquals(MemoryOrder.SCACQ, atomic.modifiers().order());
        assertEquals(MemoryScope.WG, atomic.modifiers().scope());
        assertEquals(Segment.FLAT, atomic.modifiers().segment());
        Instruction fence = nth(Opcode.MEMFENCE, 0);
        assertEquals(MemoryOrder.SCAR, fence.modifiers().order());
        assertEquals(MemoryScope.AGENT, fence.modifiers().scope());
        Instruction cvt = nth(Opcode.CVT, 0);
        assertTrue(cvt.modifiers().ftz());
        assertEquals(org.hsaj.hsail.ir.Rounding.NEARI_SAT, cvt.modifiers().rounding());
        assertEquals(DataType.S32, cvt.type());
        assertEquals(DataType.F32, cvt.sourceType());
    }
}
