package org.hsaj.tests.cpu;

import static org.hsaj.tests.cpu.RvAssembler.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Wraps a generated instruction sequence into a static executable that loads a {@link MachineState},
 * runs the sequence, writes the resulting state to stdout with one {@code write} system call and exits
 * with the final x10's low 7 bits as its status.
 *
 * <p>The whole of it, from loading the registers to storing them, can be repeated a number of times, so
 * that an emulator that translates code once it is warm runs the sequence translated: every pass starts
 * from the same registers, memory carries over from pass to pass, and the dump is that of the last pass.
 * The pass counter lives in memory just after the dumped registers.
 *
 * <p>Layout (one PT_LOAD at {@link #LOAD_ADDRESS}): headers; code from +0x1000 (prologue, sequence,
 * epilogue); then, page aligned, the initial register table and the scratch memory. Register x8 holds
 * {@code base} = scratch + 1024 throughout the sequence: generated loads and stores use offsets in
 * [-1024, 1024) from it, atomics use it as their address, and the sequence never writes x8. The epilogue
 * stores the registers just after the scratch bytes, so one write covers the whole dump.
 */
final class RegisterDumpProgram {
    static final long LOAD_ADDRESS = 0x10000;
    static final int BASE = 8;
    private static final int CODE_OFFSET = 0x1000;
    private static final int INIT_TABLE_BYTES = 65 * 8; // x0..x31, f0..f31, fcsr
    private static final int SYS_WRITE = 64, SYS_EXIT = 93;

    /** Offsets from base of the dumped registers (x1 first). */
    private static final int DUMP_X = MachineState.SCRATCH_BYTES / 2;
    private static final int DUMP_F = DUMP_X + 31 * 8;
    private static final int DUMP_FCSR = DUMP_F + 32 * 8;
    private static final int PASS_COUNTER = DUMP_FCSR + 8;

    private RegisterDumpProgram() {}

    /** The executable's bytes together with where each unit's instructions landed, for listings. */
    record Image(byte[] elf, List<List<RvInstruction>> units, List<Long> unitAddresses) {
        /** The sequence as assembler text, one instruction per line with its address. */
        String listing() {
            StringBuilder sb = new StringBuilder();
            for (int u = 0; u < units.size(); u++) {
                long pc = unitAddresses.get(u);
                for (RvInstruction i : units.get(u)) {
                    sb.append(String.format("  %6x  #%-4d %s%n", pc, u, i.text()));
                    pc += i.length();
                }
            }
            return sb.toString();
        }
    }

    static Image build(MachineState initial, List<CodeUnit> sequence) {
        return build(initial, sequence, 1);
    }

    /** @param passes how many times the program loads the state and runs the sequence (at least 1) */
    static Image build(MachineState initial, List<CodeUnit> sequence, int passes) {
        if (passes < 1) {
            throw new IllegalArgumentException("at least one pass");
        }

        List<List<RvInstruction>> encoded = CodeUnit.encodeAll(sequence);
        int sequenceBytes = sequence.stream().mapToInt(CodeUnit::size).sum();
        // The prologue's size does not depend on the addresses it loads (always lui + addi), so lay it out
        // with placeholders first.
        int prologueBytes = prologue(0, 0).stream().mapToInt(RvInstruction::length).sum();
        int sequenceStart = CODE_OFFSET + prologueBytes;
        int epilogueStart = sequenceStart + sequenceBytes;
        List<RvInstruction> epilogue = epilogue(CODE_OFFSET - epilogueStart);
        int codeEnd = epilogueStart + epilogue.stream().mapToInt(RvInstruction::length).sum();
        int initTable = align(codeEnd, 0x1000);
        int scratch = align(initTable + INIT_TABLE_BYTES, 0x1000);
        int fileBytes = scratch + MachineState.DUMP_BYTES + 8; // the pass counter follows the dump
        long base = LOAD_ADDRESS + scratch + MachineState.SCRATCH_BYTES / 2;
        List<RvInstruction> prologue = prologue(LOAD_ADDRESS + initTable, base);

        byte[] file = new byte[fileBytes];
        int at = CODE_OFFSET;
        at = place(file, at, prologue);
        List<Long> addresses = new ArrayList<>();
        for (List<RvInstruction> unit : encoded) {
            addresses.add(LOAD_ADDRESS + at);
            at = place(file, at, unit);
        }
        place(file, at, epilogue);

        ByteBuffer data = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 32; i++) {
            data.putLong(initTable + 8 * i, initial.x()[i]);
            data.putLong(initTable + 8 * (32 + i), initial.f()[i]);
        }
        data.putLong(initTable + 8 * 64, initial.fcsr());
        System.arraycopy(initial.scratch(), 0, file, scratch, MachineState.SCRATCH_BYTES);
        data.putLong(scratch + MachineState.SCRATCH_BYTES / 2 + PASS_COUNTER, passes);

        TinyElf.writeHeaders(file, LOAD_ADDRESS, LOAD_ADDRESS + CODE_OFFSET);
        return new Image(file, encoded, addresses);
    }

    /** Loads fcsr, f0..f31 and every x register but x8 from the table, then points x8 at base. */
    private static List<RvInstruction> prologue(long table, long base) {
        List<RvInstruction> out = new ArrayList<>(loadAddress(BASE, table));
        out.add(load("ld", 1, BASE, 8 * 64));
        out.add(csr("csrrw", 0, FCSR, 1));
        for (int i = 0; i < 32; i++) {
            out.add(load("fld", i, BASE, 8 * (32 + i)));
        }
        for (int i = 1; i < 32; i++) {
            if (i != BASE) {
                out.add(load("ld", i, BASE, 8 * i));
            }
        }
        out.addAll(loadAddress(BASE, base));
        return out;
    }

    /**
     * Stores every register after the scratch bytes; counts the pass down and goes back to the entry
     * while passes remain; then writes scratch and registers to stdout and exits.
     *
     * @param toEntry offset from the epilogue's first instruction back to the entry point
     */
    private static List<RvInstruction> epilogue(int toEntry) {
        List<RvInstruction> out = new ArrayList<>();
        for (int i = 1; i < 32; i++) {
            out.add(store("sd", i, BASE, DUMP_X + 8 * (i - 1)));
        }
        for (int i = 0; i < 32; i++) {
            out.add(store("fsd", i, BASE, DUMP_F + 8 * i));
        }
        out.add(csr("csrrs", 1, FCSR, 0));
        out.add(store("sd", 1, BASE, DUMP_FCSR));
        out.add(load("ld", 1, BASE, PASS_COUNTER));
        out.add(regImm("addi", 1, 1, -1));
        out.add(store("sd", 1, BASE, PASS_COUNTER));
        out.add(branch("beq", 1, 0, 8));
        int jalOffset = toEntry - out.stream().mapToInt(RvInstruction::length).sum();
        out.add(jal(0, jalOffset));
        out.add(regImm("addi", 10, 0, 1)); // fd 1
        out.add(regImm("addi", 11, BASE, -MachineState.SCRATCH_BYTES / 2));
        out.addAll(loadAddress(12, MachineState.DUMP_BYTES));
        out.add(regImm("addi", 17, 0, SYS_WRITE));
        out.add(ecall());
        out.add(load("ld", 10, BASE, DUMP_X + 8 * (10 - 1)));
        out.add(regImm("andi", 10, 10, 0x7F));
        out.add(regImm("addi", 17, 0, SYS_EXIT));
        out.add(ecall());
        return out;
    }

    /** lui + addi of a value below 2^31 (always two instructions, so sizes do not depend on values). */
    private static List<RvInstruction> loadAddress(int rd, long value) {
        if (value < 0 || value >= 0x7FFF_F800L) {
            throw new IllegalArgumentException("address out of lui/addi range: " + value);
        }
        int hi = (int) ((value + 0x800) >> 12);
        int lo = (int) (value - ((long) hi << 12));
        return List.of(lui(rd, hi), regImm("addi", rd, rd, lo));
    }

    private static int place(byte[] file, int at, List<RvInstruction> instructions) {
        for (RvInstruction i : instructions) {
            i.writeTo(file, at);
            at += i.length();
        }
        return at;
    }

    private static int align(int value, int alignment) {
        return (value + alignment - 1) & -alignment;
    }
}
