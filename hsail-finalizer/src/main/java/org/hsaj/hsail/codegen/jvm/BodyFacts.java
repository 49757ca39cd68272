package org.hsaj.hsail.codegen.jvm;

import java.util.BitSet;
import org.hsaj.hsail.ir.Body;

/**
 * What the code generator knows about a kernel body before it cuts the body into methods: computed
 * once per kernel and shared by every attempt at cutting it (see {@link KernelClassGenerator}).
 * Immutable.
 */
final class BodyFacts {
    final Body body;
    final RegisterIndex registers;
    final Liveness liveness;
    final IdRegisters ids;
    final EntryValues entryValues;
    final CountedLoops loops;
    final BitSet[] dominators;
    /** Checked mode: the kernarg pointer each access goes through; in fast mode none. */
    final PointerOrigins pointers;
    final Uniformity uniformity;
    /** Counted loops that may run with the work-items inside (checked mode). */
    final InterchangedLoops interchanged;
    /** Counted loops of a few constant turns, written out turn after turn. */
    final UnrolledLoops unrolled;

    /** {@code interchange}: whether loops may run with the work-items inside ({@link InterchangedLoops}). */
    BodyFacts(Body body, boolean checked, boolean interchange) {
        this.body = body;
        this.registers = new RegisterIndex(body);
        this.liveness = new Liveness(body, registers);
        this.ids = new IdRegisters(body);
        this.entryValues = new EntryValues(body, registers);
        this.loops = new CountedLoops(body);
        this.dominators = Liveness.dominators(body);
        this.pointers = checked ? new PointerOrigins(body, registers) : PointerOrigins.NONE_FOUND;
        this.uniformity = new Uniformity(body, registers);
        this.interchanged = new InterchangedLoops(this, checked, interchange);
        this.unrolled = new UnrolledLoops(body, loops, registers, uniformity);
    }
}
