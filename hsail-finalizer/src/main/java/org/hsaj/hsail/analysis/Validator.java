package org.hsaj.hsail.analysis;

import java.util.List;
import org.hsaj.hsail.ir.Module;

/** Placeholder, replaced below. */
public final class Validator {
    private Validator() {
    }

    public static List<Diagnostic> validate(Module module) {
        return List.of();
    }
}
