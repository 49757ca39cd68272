package org.hsaj.hsail.ir;

/** HSAIL linkage (PRM 4.12): who can refer to a name. */
public enum Linkage {
    /** {@code prog}: visible to every module of the program. */
    PROGRAM,
    /** A module-scope name without {@code prog}. */
    MODULE,
    /** Defined in a kernel or function code block. */
    FUNCTION,
    /** Defined in an arg block. */
    ARG,
    /** Formal arguments of declarations and signatures: no object. */
    NONE
}
