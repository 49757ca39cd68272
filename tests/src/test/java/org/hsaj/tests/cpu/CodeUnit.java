package org.hsaj.tests.cpu;

import java.util.ArrayList;
import java.util.List;

/**
 * Instructions that stay together in a generated sequence: a single instruction, an lr/sc pair, or a
 * forward jump whose offset depends on where its target unit lands. Jumps only go forward and only to
 * the start of a unit, so every generated sequence terminates and never lands inside an instruction.
 *
 * @param size bytes the unit occupies, whatever its target
 * @param unitsAhead for a jump, how many units after this one its target is (1 = the next unit); 0 otherwise
 * @param encoder the unit's instructions given the byte offset from the unit's start to its target
 */
record CodeUnit(int size, int unitsAhead, Encoder encoder) {
    /** Encodes the unit for a given target; units that do not jump ignore the offset. */
    @FunctionalInterface
    interface Encoder {
        List<RvInstruction> encode(int offsetToTarget);
    }

    static CodeUnit of(RvInstruction... instructions) {
        List<RvInstruction> list = List.of(instructions);
        return new CodeUnit(list.stream().mapToInt(RvInstruction::length).sum(), 0, offset -> list);
    }

    static CodeUnit jump(int size, int unitsAhead, Encoder encoder) {
        if (unitsAhead < 1) {
            throw new IllegalArgumentException("jumps go forward");
        }
        return new CodeUnit(size, unitsAhead, encoder);
    }

    /**
     * Lays a sequence out from offset 0 and encodes every unit; a jump whose target lies beyond the last
     * unit goes to the end of the sequence (whatever follows it).
     *
     * @return each unit's instructions, in order
     */
    static List<List<RvInstruction>> encodeAll(List<CodeUnit> units) {
        int[] offsets = new int[units.size() + 1];
        for (int u = 0; u < units.size(); u++) {
            offsets[u + 1] = offsets[u] + units.get(u).size();
        }
        List<List<RvInstruction>> out = new ArrayList<>(units.size());
        for (int u = 0; u < units.size(); u++) {
            CodeUnit unit = units.get(u);
            int target = Math.min(u + unit.unitsAhead(), units.size());
            out.add(unit.encode(unit.unitsAhead() == 0 ? 0 : offsets[target] - offsets[u]));
        }
        return out;
    }

    List<RvInstruction> encode(int offsetToTarget) {
        List<RvInstruction> out = encoder.encode(offsetToTarget);
        if (out.stream().mapToInt(RvInstruction::length).sum() != size) {
            throw new IllegalStateException("unit encoded to a different size than declared: " + out);
        }
        return out;
    }
}
