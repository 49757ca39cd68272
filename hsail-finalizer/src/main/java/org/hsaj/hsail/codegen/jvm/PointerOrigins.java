package org.hsaj.hsail.codegen.jvm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.Instruction;
import org.hsaj.hsail.ir.Opcode;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.RegisterClass;
import org.hsaj.hsail.ir.Segment;

/**
 * Which kernarg pointer each global, readonly or flat access of a kernel goes through: a forward data
 * flow over the $d registers that follows values loaded from a 64-bit kernarg parameter through moves
 * and through additions of values that are not pointers. An access whose address register is "kernarg
 * parameter P plus an offset" is checked in checked mode against the run of mapped pages around P's
 * value, found once per dispatch, with a bounds check the JIT can take out of loops; other accesses
 * keep a per-access page check.
 *
 * <p>Only speed depends on this: an access that leaves its window is checked against the page table
 * like any other.
 */
final class PointerOrigins {
    /** Register values: not a pointer (constants, ids, 32-bit data), unknown, or kernarg pointer k >= 0. */
    private static final int NONE = -1;
    private static final int UNKNOWN = -2;

    /** No access goes through a known pointer (fast mode). */
    static final PointerOrigins NONE_FOUND = new PointerOrigins();

    /** The kernarg offsets of the pointers accesses go through, in ascending order (a pointer's index). */
    private final long[] pointers;
    /** Access instruction to pointer index. */
    private final Map<Instruction, Integer> sites = new IdentityHashMap<>();

    private PointerOrigins() {
        this.pointers = new long[0];
    }

    PointerOrigins(Body body, RegisterIndex registers) {
        TreeSet<Long> offsets = new TreeSet<>();
        for (Instruction insn : body.instructions()) {
            Long offset = kernargPointer(insn);
            if (offset != null) {
                offsets.add(offset);
            }
        }
        List<Long> found = new ArrayList<>(offsets);
        int n = body.blocks().size();
        int[][] in = new int[n][];
        if (n > 0) {
            in[0] = new int[registers.size()];
            Arrays.fill(in[0], NONE); // registers start at zero
        }
        Map<Instruction, Integer> origin = new IdentityHashMap<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int b = 0; b < n; b++) {
                if (in[b] == null) {
                    continue;
                }
                int[] values = in[b].clone();
                for (Instruction insn : body.blocks().get(b).instructions()) {
                    if (isCheckedAccess(insn) && addressOf(insn).base() != null) {
                        origin.put(insn, values[registers.indexOf(addressOf(insn).base())]);
                    }
                    transfer(insn, values, registers, found);
                }
                for (int s : Liveness.successors(body, b)) {
                    if (in[s] == null) {
                        in[s] = values.clone();
                        changed = true;
                    } else {
                        for (int r = 0; r < values.length; r++) {
                            int merged = in[s][r] == values[r] ? values[r] : UNKNOWN;
                            if (merged != in[s][r]) {
                                in[s][r] = merged;
                                changed = true;
                            }
                        }
                    }
                }
            }
        }
        // Keep only the pointers some access goes through, renumbered densely.
        TreeSet<Integer> used = new TreeSet<>();
        origin.values().stream().filter(k -> k >= 0).forEach(used::add);
        this.pointers = used.stream().mapToLong(found::get).toArray();
        origin.forEach((insn, k) -> {
            if (k >= 0) {
                sites.put(insn, Arrays.binarySearch(pointers, found.get(k)));
            }
        });
    }

    /** Kernarg offsets of the pointers, by index. */
    long[] pointers() {
        return pointers.clone();
    }

    int pointerCount() {
        return pointers.length;
    }

    /** The index of the kernarg pointer the access {@code insn} goes through, or -1. */
    int pointerOf(Instruction insn) {
        Integer k = sites.get(insn);
        return k == null ? -1 : k;
    }

    /** Loads, stores and atomics that checked mode checks against the page table. */
    static boolean isCheckedAccess(Instruction insn) {
        Opcode op = insn.opcode();
        if (op != Opcode.LD && op != Opcode.ST && op != Opcode.ATOMIC && op != Opcode.ATOMICNORET) {
            return false;
        }
        Segment s = insn.modifiers().segment();
        return s == Segment.GLOBAL || s == Segment.READONLY || s == Segment.FLAT;
    }

    private static Operand.Address addressOf(Instruction insn) {
        int i = insn.opcode() == Opcode.ATOMICNORET ? 0 : 1;
        return (Operand.Address) insn.operand(i);
    }

    /** The kernarg offset of a 64-bit kernarg load that can be a pointer, or null. */
    private static Long kernargPointer(Instruction insn) {
        Long key = AddressEmitter.kernargKey(insn);
        if (key == null || insn.type().bits() != 64 || insn.type().isFloat()) {
            return null;
        }
        return key >> 8;
    }

    private static void transfer(Instruction insn, int[] values, RegisterIndex registers, List<Long> found) {
        List<Operand.Register> defs = Liveness.defs(insn);
        if (defs.isEmpty()) {
            return;
        }
        int result;
        Long pointer = kernargPointer(insn);
        if (pointer != null) {
            result = found.indexOf(pointer);
        } else {
            result = switch (insn.opcode()) {
                case MOV -> source(insn, 1, values, registers);
                case ADD -> sum(source(insn, 1, values, registers), source(insn, 2, values, registers));
                case SUB -> difference(source(insn, 1, values, registers), source(insn, 2, values, registers));
                case MAD -> sum(product(source(insn, 1, values, registers), source(insn, 2, values, registers)),
                        source(insn, 3, values, registers));
                case LD, LDA, STOF, FTOS, ATOMIC, SIGNAL, ALLOCA, KERNARGBASEPTR, GROUPBASEPTR, CALL, SCALL,
                        LDQUEUEREADINDEX, LDQUEUEWRITEINDEX, ADDQUEUEWRITEINDEX, CASQUEUEWRITEINDEX,
                        PACKETCOMPLETIONSIG -> UNKNOWN;
                default -> {
                    int all = NONE;
                    for (Operand.Register r : Liveness.uses(insn)) {
                        if (valueOf(r, values, registers) != NONE) {
                            all = UNKNOWN;
                        }
                    }
                    yield all;
                }
            };
        }
        for (Operand.Register r : defs) {
            values[registers.indexOf(r)] = r.registerClass() == RegisterClass.D ? result : NONE;
        }
    }

    private static int source(Instruction insn, int i, int[] values, RegisterIndex registers) {
        if (i >= insn.operandCount()) {
            return UNKNOWN;
        }
        return switch (insn.operand(i)) {
            case Operand.Register r -> valueOf(r, values, registers);
            case Operand.Immediate imm -> NONE;
            case Operand.WaveSize w -> NONE;
            default -> UNKNOWN;
        };
    }

    private static int valueOf(Operand.Register r, int[] values, RegisterIndex registers) {
        return r.registerClass() == RegisterClass.D ? values[registers.indexOf(r)] : NONE;
    }

    private static int sum(int a, int b) {
        if (a == NONE) {
            return b;
        }
        return b == NONE ? a : UNKNOWN;
    }

    private static int difference(int a, int b) {
        return b == NONE ? a : UNKNOWN;
    }

    private static int product(int a, int b) {
        return a == NONE && b == NONE ? NONE : UNKNOWN;
    }
}
