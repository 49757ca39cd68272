package org.hsaj.gpu.code;

/**
 * The attributes of an executable symbol ({@code hsa_executable_symbol_info_t}), with the values HSA
 * gives them. {@link KernelSymbol#info} answers the ones that apply to kernels.
 */
public enum SymbolInfo {
    TYPE(0), NAME_LENGTH(1), NAME(2), MODULE_NAME_LENGTH(3), MODULE_NAME(4), LINKAGE(5),
    VARIABLE_ALLOCATION(6), VARIABLE_SEGMENT(7), VARIABLE_ALIGNMENT(8), VARIABLE_SIZE(9), VARIABLE_IS_CONST(10),
    KERNEL_KERNARG_SEGMENT_SIZE(11), KERNEL_KERNARG_SEGMENT_ALIGNMENT(12), KERNEL_GROUP_SEGMENT_SIZE(13),
    KERNEL_PRIVATE_SEGMENT_SIZE(14), KERNEL_DYNAMIC_CALLSTACK(15), INDIRECT_FUNCTION_CALL_CONVENTION(16),
    IS_DEFINITION(17), AGENT(20), VARIABLE_ADDRESS(21), KERNEL_OBJECT(22), INDIRECT_FUNCTION_OBJECT(23);

    /** {@code HSA_SYMBOL_KIND_KERNEL}, the value of {@link #TYPE} for a kernel. */
    public static final int KIND_KERNEL = 1;
    /** {@code HSA_SYMBOL_LINKAGE_MODULE}. */
    public static final int LINKAGE_MODULE = 0;
    /** {@code HSA_SYMBOL_LINKAGE_PROGRAM}. */
    public static final int LINKAGE_PROGRAM = 1;

    private final int value;

    SymbolInfo(int value) {
        this.value = value;
    }

    /** The attribute's value in {@code hsa_executable_symbol_info_t}. */
    public int value() {
        return value;
    }
}
