package org.hsaj.cpu.decode;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.cpu.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoder against the table's own consistency and against the GNU assembler and disassembler as
 * an independent oracle: every RV64GC instruction form assembled by {@code as}, and all 49,152
 * 16-bit encodings disassembled by {@code objdump}.
 */
class DecoderTest {
    @TempDir
    Path dir;

    @Test
    void everyTableEntryDecodesToItself() {
        for (Opcode op : Opcode.values()) {
            if (op == Opcode.ILLEGAL) {
                continue;
            }
            assertEquals(0, op.match() & ~op.mask(), op + " has match bits outside its mask");
            assertEquals(op, Decoder.decode(op.match()).opcode(), "the encoding of " + op + " is shadowed");
        }
    }

    @Test
    void illegalWords() {
        assertEquals(Opcode.ILLEGAL, Decoder.decode(0x00000000).opcode()); // c.unimp
        assertEquals(2, Decoder.decode(0x00000000).length());
        assertEquals(Opcode.ILLEGAL, Decoder.decode(0xffffffff).opcode()); // longer-than-32-bit prefix
        assertEquals(Opcode.ILLEGAL, Decoder.decode(0x0000000b).opcode()); // custom-0
        assertEquals(Opcode.ILLEGAL, Decoder.decode(0x06000053).opcode()); // fadd.q: Q is not implemented
        assertEquals(Opcode.ILLEGAL, Decoder.decode(0x1800102f).opcode()); // sc with funct3 001
        assertEquals(Opcode.ILLEGAL, Decoder.decode(0x1010202f).opcode()); // lr.w with rs2 != 0
        assertEquals(Opcode.ILLEGAL, Decoder.decode(0x80001013).opcode()); // slli with a funct6 bit set
        assertEquals("illegal 0x0000", Decoder.decode(0).toString());
    }

    @Test
    void disassembly() {
        assertEquals("addi a0, sp, 16", Decoder.decode(0x01010513).toString());
        assertEquals("ld s0, -8(sp)", Decoder.decode(0xff813403).toString());
        assertEquals("sd ra, 8(sp)", Decoder.decode(0x00113423).toString());
        assertEquals("fadd.d fa0, fa1, fa2, rtz", Decoder.decode(0x02c59553).toString());
        assertEquals("fadd.d fa0, fa1, fa2", Decoder.decode(0x02c5f553).toString());
        assertEquals("amoadd.w.aqrl a0, a1, (a2)", Decoder.decode(0x06b6252f).toString());
        assertEquals("csrrs a0, fflags, zero", Decoder.decode(0x00102573).toString());
        assertEquals("fence.tso", Decoder.decode(0x8330000f).toString());
        assertEquals("addi a0, a0, 7", Decoder.decode(0x051d).toString());
        assertEquals("c.addi", Decoder.decode(0x051d).compressed());
    }

    /** Every 32-bit instruction form, in GNU assembler syntax without aliases. */
    private static final String[] FORMS = {
        "lui a0,0xfffff", "auipc t1,0x12", "jalr ra,-12(a5)", "lb a0,-1(a1)", "lh a2,2(sp)", "lw s1,-2048(s2)",
        "ld t6,2047(t5)", "lbu a0,0(a0)", "lhu a1,6(a2)", "lwu a3,8(a4)", "sb a0,-1(a1)", "sh a2,2(sp)",
        "sw s1,-2048(s2)", "sd t6,2047(t5)", "addi a0,a1,-2048", "slti a0,a1,5", "sltiu a0,a1,-1",
        "xori a0,a1,-1", "ori a0,a1,1365", "andi a0,a1,255", "slli a0,a1,63", "srli a0,a1,33", "srai a0,a1,1",
        "add a0,a1,a2", "sub s0,s1,s2", "sll t0,t1,t2", "slt a5,a6,a7", "sltu s3,s4,s5", "xor s6,s7,s8",
        "srl s9,s10,s11", "sra t3,t4,t5", "or t6,zero,ra", "and gp,tp,sp", "addiw a0,a1,-1", "slliw a0,a1,31",
        "srliw a0,a1,7", "sraiw a0,a1,31", "addw a0,a1,a2", "subw a0,a1,a2", "sllw a0,a1,a2", "srlw a0,a1,a2",
        "sraw a0,a1,a2", "fence iorw,iorw", "fence r,w", "fence.tso", "fence.i", "ecall", "ebreak",
        "csrrw a0,fcsr,a1", "csrrs a0,frm,zero", "csrrc zero,fflags,a2", "csrrwi a0,frm,3", "csrrsi a0,fflags,1",
        "csrrci a0,fcsr,31", "csrrs a0,cycle,zero", "csrrs a0,time,zero", "csrrs a0,instret,zero",
        "mul a0,a1,a2", "mulh a0,a1,a2", "mulhsu a0,a1,a2", "mulhu a0,a1,a2", "div a0,a1,a2", "divu a0,a1,a2",
        "rem a0,a1,a2", "remu a0,a1,a2", "mulw a0,a1,a2", "divw a0,a1,a2", "divuw a0,a1,a2", "remw a0,a1,a2",
        "remuw a0,a1,a2", "lr.w a0,(a1)", "lr.d.aq a0,(a1)", "sc.w.rl a0,a2,(a1)", "sc.d.aqrl a0,a2,(a1)",
        "amoswap.w a0,a2,(a1)", "amoadd.w.aq a0,a2,(a1)", "amoxor.w.rl a0,a2,(a1)", "amoand.w a0,a2,(a1)",
        "amoor.w a0,a2,(a1)", "amomin.w a0,a2,(a1)", "amomax.w a0,a2,(a1)", "amominu.w a0,a2,(a1)",
        "amomaxu.w a0,a2,(a1)", "amoswap.d a0,a2,(a1)", "amoadd.d a0,a2,(a1)", "amoxor.d a0,a2,(a1)",
        "amoand.d a0,a2,(a1)", "amoor.d a0,a2,(a1)", "amomin.d a0,a2,(a1)", "amomax.d.aqrl a0,a2,(a1)",
        "amominu.d a0,a2,(a1)", "amomaxu.d a0,a2,(a1)",
        "flw fa0,4(a0)", "fsw fa1,-4(sp)", "fmadd.s fa0,fa1,fa2,fa3", "fmsub.s fa0,fa1,fa2,fa3,rtz",
        "fnmsub.s ft0,ft1,ft2,ft3,rdn", "fnmadd.s fs0,fs1,fs2,fs3,rup", "fadd.s fa0,fa1,fa2,rmm",
        "fsub.s fa0,fa1,fa2", "fmul.s fa0,fa1,fa2,rne", "fdiv.s fa0,fa1,fa2", "fsqrt.s fa0,fa1",
        "fsgnj.s fa0,fa1,fa2", "fsgnjn.s fa0,fa1,fa2", "fsgnjx.s fa0,fa1,fa2", "fmin.s fa0,fa1,fa2",
        "fmax.s fa0,fa1,fa2", "fcvt.w.s a0,fa1,rtz", "fcvt.wu.s a0,fa1", "fcvt.l.s a0,fa1,rdn",
        "fcvt.lu.s a0,fa1", "fmv.x.w a0,fa1", "feq.s a0,fa1,fa2", "flt.s a0,fa1,fa2", "fle.s a0,fa1,fa2",
        "fclass.s a0,fa1", "fcvt.s.w fa0,a1", "fcvt.s.wu fa0,a1,rtz", "fcvt.s.l fa0,a1", "fcvt.s.lu fa0,a1",
        "fmv.w.x fa0,a1", "fld fa0,8(a0)", "fsd fa1,-8(sp)", "fmadd.d fa0,fa1,fa2,fa3", "fmsub.d fa0,fa1,fa2,fa3",
        "fnmsub.d fa0,fa1,fa2,fa3", "fnmadd.d fa0,fa1,fa2,fa3,rtz", "fadd.d fa0,fa1,fa2", "fsub.d fa0,fa1,fa2",
        "fmul.d fa0,fa1,fa2", "fdiv.d fa0,fa1,fa2,rup", "fsqrt.d fa0,fa1", "fsgnj.d fa0,fa1,fa2",
        "fsgnjn.d fa0,fa1,fa2", "fsgnjx.d fa0,fa1,fa2", "fmin.d fa0,fa1,fa2", "fmax.d fa0,fa1,fa2",
        "fcvt.s.d fa0,fa1", "fcvt.d.s fa0,fa1", "feq.d a0,fa1,fa2", "flt.d a0,fa1,fa2", "fle.d a0,fa1,fa2",
        "fclass.d a0,fa1", "fcvt.w.d a0,fa1,rtz", "fcvt.wu.d a0,fa1", "fcvt.l.d a0,fa1", "fcvt.lu.d a0,fa1,rmm",
        "fmv.x.d a0,fa1", "fcvt.d.w fa0,a1", "fcvt.d.wu fa0,a1", "fcvt.d.l fa0,a1", "fcvt.d.lu fa0,a1,rtz",
        "fmv.d.x fa0,a1",
    };

    /** Branches and jumps: checked by target offset (objdump prints absolute targets). */
    private static final String[] CONTROL = {
        "beq a0,a1,.+8", "bne a0,zero,.-4096", "blt s0,s1,.+4094", "bge t0,t1,.-2", "bltu a0,a1,.+2",
        "bgeu a5,a4,.+1024", "jal ra,.+2048", "jal zero,.-1048576", "jal t0,.+1048574",
    };

    private List<String[]> disassemble(String source, String... objdumpOptions) throws IOException, InterruptedException {
        Path s = dir.resolve("t.s");
        Files.writeString(s, source);
        Tools.Result as = Tools.run(dir, new byte[0], List.of(Tools.AS, "-march=rv64gc", "-o", "t.o", "t.s"));
        assertEquals(0, as.status(), as.stderr());
        List<String> cmd = new ArrayList<>(List.of(Tools.OBJDUMP, "-d", "-M", "no-aliases"));
        cmd.addAll(List.of(objdumpOptions));
        cmd.add("t.o");
        Tools.Result dump = Tools.run(dir, new byte[0], cmd);
        assertEquals(0, dump.status(), dump.stderr());
        List<String[]> lines = new ArrayList<>();
        for (String line : dump.stdout().split("\n")) {
            String[] parts = line.split("\t");
            if (parts.length >= 3 && parts[0].trim().endsWith(":")) {
                String operands = parts.length > 3 ? parts[3].trim() : "";
                int comment = operands.indexOf(" #");
                lines.add(new String[] {parts[0].trim().replace(":", ""), parts[1].trim(), parts[2].trim(),
                    comment >= 0 ? operands.substring(0, comment) : operands});
            }
        }
        return lines;
    }

    private static int word(String hex) {
        return (int) Long.parseLong(hex.replace(" ", ""), 16);
    }

    @Test
    void agreesWithTheGnuAssemblerOnEveryInstructionForm() throws Exception {
        assumeTrue(Tools.available(Tools.AS) && Tools.available(Tools.OBJDUMP), "RISC-V binutils missing");
        List<String[]> lines = disassemble(".option norvc\n" + String.join("\n", FORMS) + "\n");
        assertEquals(FORMS.length, lines.size());
        for (String[] l : lines) {
            Instruction in = Decoder.decode(word(l[1]));
            String expected = (l[2] + " " + l[3]).trim();
            String actual = in.toString().replace(", ", ",");
            assertEquals(expected, actual, "decoding " + l[1]);
        }
    }

    @Test
    void agreesWithTheGnuAssemblerOnBranchTargets() throws Exception {
        assumeTrue(Tools.available(Tools.AS) && Tools.available(Tools.OBJDUMP), "RISC-V binutils missing");
        List<String[]> lines = disassemble(".option norvc\n" + String.join("\n", CONTROL) + "\n");
        assertEquals(CONTROL.length, lines.size());
        for (String[] l : lines) {
            long pc = Long.parseLong(l[0], 16);
            Instruction in = Decoder.decode(word(l[1]));
            assertEquals(l[2], in.opcode().mnemonic());
            String[] operands = l[3].split(",");
            long target = Long.parseUnsignedLong(operands[operands.length - 1].split(" ")[0], 16);
            assertEquals(target, pc + in.imm(), "target of " + l[1]);
        }
    }

    /** Compressed forms and the 32-bit instruction each must expand to. */
    private static final String[][] EXPANSIONS = {
        {"c.li a0,-5", "addi a0,zero,-5"}, {"c.addi a0,7", "addi a0,a0,7"}, {"c.addiw a0,-1", "addiw a0,a0,-1"},
        {"c.lui a1,0x1f", "lui a1,0x1f"}, {"c.lui a1,0xfffe0", "lui a1,0xfffe0"}, {"c.slli a1,63", "slli a1,a1,63"},
        {"c.srli a1,2", "srli a1,a1,2"}, {"c.srai a1,33", "srai a1,a1,33"}, {"c.andi a1,-16", "andi a1,a1,-16"},
        {"c.mv a2,a1", "add a2,zero,a1"}, {"c.add a2,a0", "add a2,a2,a0"}, {"c.sub a2,a0", "sub a2,a2,a0"},
        {"c.xor a2,a1", "xor a2,a2,a1"}, {"c.or a2,a0", "or a2,a2,a0"}, {"c.and a2,a1", "and a2,a2,a1"},
        {"c.subw a2,a0", "subw a2,a2,a0"}, {"c.addw a2,a1", "addw a2,a2,a1"}, {"c.lw a3,124(a4)", "lw a3,124(a4)"},
        {"c.sw a3,8(a4)", "sw a3,8(a4)"}, {"c.ld a3,248(a4)", "ld a3,248(a4)"}, {"c.sd a3,24(a4)", "sd a3,24(a4)"},
        {"c.lwsp a5,252(sp)", "lw a5,252(sp)"}, {"c.swsp a5,16(sp)", "sw a5,16(sp)"},
        {"c.ldsp a5,504(sp)", "ld a5,504(sp)"}, {"c.sdsp a5,40(sp)", "sd a5,40(sp)"},
        {"c.fld fa0,48(a4)", "fld fa0,48(a4)"}, {"c.fsd fa0,56(a4)", "fsd fa0,56(a4)"},
        {"c.fldsp fa1,64(sp)", "fld fa1,64(sp)"}, {"c.fsdsp fa1,504(sp)", "fsd fa1,504(sp)"},
        {"c.addi4spn a4,sp,1020", "addi a4,sp,1020"}, {"c.addi16sp sp,-512", "addi sp,sp,-512"},
        {"c.addi16sp sp,496", "addi sp,sp,496"}, {"c.jr ra", "jalr zero,0(ra)"}, {"c.jalr t0", "jalr ra,0(t0)"},
        {"c.ebreak", "ebreak"}, {"c.nop", "addi zero,zero,0"}, {"c.j .-2048", "jal zero,.-2048"},
        {"c.beqz a0,.-256", "beq a0,zero,.-256"}, {"c.bnez s1,.+254", "bne s1,zero,.+254"},
    };

    @Test
    void compressedFormsExpandAsTheAssemblerSays() throws Exception {
        assumeTrue(Tools.available(Tools.AS) && Tools.available(Tools.OBJDUMP), "RISC-V binutils missing");
        StringBuilder source = new StringBuilder();
        for (String[] pair : EXPANSIONS) {
            source.append(".option rvc\n").append(pair[0]).append("\n.option norvc\n").append(pair[1]).append('\n');
        }
        List<String[]> lines = disassemble(source.toString());
        assertEquals(2 * EXPANSIONS.length, lines.size());
        for (int i = 0; i < lines.size(); i += 2) {
            Instruction compressed = Decoder.decode(word(lines.get(i)[1]));
            Instruction full = Decoder.decode(word(lines.get(i + 1)[1]));
            assertEquals(2, compressed.length(), lines.get(i)[2]);
            assertEquals(lines.get(i)[2], compressed.compressed());
            String what = EXPANSIONS[i / 2][0];
            assertEquals(full.opcode(), compressed.opcode(), what);
            assertEquals(full.rd(), compressed.rd(), what);
            assertEquals(full.rs1(), compressed.rs1(), what);
            assertEquals(full.rs2(), compressed.rs2(), what);
            assertEquals(full.imm(), compressed.imm(), what);
        }
    }

    @Test
    void everySixteenBitEncodingAgreesWithObjdump() throws Exception {
        assumeTrue(Tools.available(Tools.OBJDUMP), "RISC-V binutils missing");
        byte[] blob = new byte[49152 * 2];
        int n = 0;
        for (int v = 0; v < 0x10000; v++) {
            if ((v & 3) != 3) {
                blob[n++] = (byte) v;
                blob[n++] = (byte) (v >>> 8);
            }
        }
        Files.write(dir.resolve("all.bin"), blob);
        Tools.Result dump = Tools.run(dir, new byte[0], List.of(Tools.OBJDUMP, "-D", "-b", "binary", "-m", "riscv:rv64",
                "-M", "no-aliases", "all.bin"));
        assertEquals(0, dump.status(), dump.stderr());
        Map<Integer, String> names = new HashMap<>();
        for (String line : dump.stdout().split("\n")) {
            String[] parts = line.split("\t");
            if (parts.length >= 3 && parts[0].trim().endsWith(":")) {
                names.put(Integer.parseInt(parts[1].trim(), 16), parts[2].trim());
            }
        }
        assertEquals(49152, names.size());
        int hints = 0;
        List<String> mismatches = new ArrayList<>();
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            int v = e.getKey();
            String theirs = e.getValue().replace("c.slli64", "c.slli").replace("c.srli64", "c.srli")
                    .replace("c.srai64", "c.srai");
            Instruction in = Decoder.decode(v);
            String hex = String.format("0x%04x", v);
            if (theirs.equals(".2byte") || theirs.equals("c.unimp")) {
                if (in.opcode() != Opcode.ILLEGAL) {
                    // Encodings objdump leaves raw but the ISA defines as HINTs: they write x0, a no-op.
                    assertEquals(0, in.rd(), hex + " decodes to " + in + " where objdump sees no instruction");
                    hints++;
                }
            } else if (v == 0x6101) {
                // c.addi16sp with nzimm = 0: the ISA reserves it; objdump names it anyway.
                assertEquals(Opcode.ILLEGAL, in.opcode());
            } else if (!theirs.equals(in.compressed())) {
                mismatches.add(hex + " objdump " + theirs + " ours " + in);
            }
        }
        assertEquals(List.of(), mismatches);
        assertTrue(hints < 200, "too many encodings taken as hints: " + hints);
    }

    @Test
    void reservedCompressedEncodingsAreIllegal() {
        int[] reserved = {
            0x0000, // all zero
            0x0010, // c.addi4spn with a zero immediate
            0x4002, // c.lwsp to x0
            0x6002, // c.ldsp to x0
            0x8002, // c.jr x0
            0x2001, // c.addiw x0
            0x6101, // c.addi16sp 0
            0x6081, // c.lui ra, 0
            0x8000, // quadrant 0, funct3 100
            0x9c41, // reserved c.subw-space form
            0x9c61,
        };
        for (int c : reserved) {
            Instruction in = Decoder.decode(c);
            assertEquals(Opcode.ILLEGAL, in.opcode(), String.format("0x%04x", c));
            assertEquals(2, in.length());
        }
    }
}
