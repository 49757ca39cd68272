package org.hsaj.hsail.codegen.jvm;

/**
 * A failure inside a called HSAIL function, tagged with the site (instruction) where it happened so
 * the kernel's handler reports that line rather than the call's. Internal to the generated code.
 */
final class SiteFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int site;

    private SiteFault(int site, Throwable cause) {
        super(null, cause, false, false);
        this.site = site;
    }

    /** {@code t} tagged with {@code site}, unless a deeper frame already tagged it. */
    static RuntimeException at(Throwable t, int site) {
        return t instanceof SiteFault f ? f : new SiteFault(site, t);
    }
}
