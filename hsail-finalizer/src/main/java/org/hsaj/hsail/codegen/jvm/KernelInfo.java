package org.hsaj.hsail.codegen.jvm;

import java.util.List;
import org.hsaj.hsail.ir.SourcePosition;

/**
 * What the generated code needs to describe itself at run time: the kernel's name, the source
 * position of every instruction that can fault ("sites", numbered by the generator) and, for each
 * synchronisation point, the site of its instruction, where the alloca area is in the private
 * segment (-1: none), and the kernarg offsets of the pointers whose windows checked mode finds when a
 * dispatch starts ({@link PointerOrigins}; none in fast mode). Immutable.
 */
record KernelInfo(String name, List<SourcePosition> sites, int[] pointSites, long allocaArea, long[] pointers) {
    KernelInfo {
        sites = List.copyOf(sites);
    }

    SourcePosition site(int site) {
        return site >= 0 && site < sites.size() ? sites.get(site) : SourcePosition.UNKNOWN;
    }

    /** "line 12:5", the form fault messages use. */
    String where(int site) {
        SourcePosition p = site(site);
        return "line " + p.line() + ":" + p.column();
    }
}
