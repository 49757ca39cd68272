package org.hsaj.gpu.code;

import java.util.List;
import java.util.Objects;
import org.hsaj.hsail.ir.Linkage;
import org.hsaj.runtime.api.Agent;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;

/**
 * A kernel of an {@link Executable}, finalized by one back end for one agent: what a host needs to
 * dispatch it (the HSA kernel symbol and its {@code hsa_executable_symbol_get_info} attributes).
 * Immutable.
 *
 * @param name the kernel's name with its sigil ({@code &vector_add})
 * @param moduleName the name of the module that defines it ({@code &m})
 * @param backend the back end that finalized it ({@code jvm}, {@code interp})
 * @param kernelObject the handle a kernel dispatch packet names it by
 * @param kernargSegmentSize bytes of kernarg the dispatch must provide
 * @param kernargSegmentAlignment alignment the kernarg address must have
 * @param groupSegmentSize bytes of group memory its own variables use; a packet's group segment size
 *     is at least this plus the dynamic group memory it asks for
 * @param privateSegmentSize bytes of private memory per work-item
 * @param arguments its kernarg parameters, in declaration order
 */
public record KernelSymbol(String name, String moduleName, Linkage linkage, Agent agent, String backend,
        long kernelObject, long kernargSegmentSize, int kernargSegmentAlignment, long groupSegmentSize,
        long privateSegmentSize, List<KernelArgument> arguments) {
    public KernelSymbol {
        Objects.requireNonNull(name);
        Objects.requireNonNull(agent);
        arguments = List.copyOf(arguments);
    }

    /**
     * The parameter named {@code parameterName} ({@code %n}).
     *
     * @throws HsaException ERROR_INVALID_ARGUMENT naming the parameters the kernel has
     */
    public KernelArgument argument(String parameterName) {
        for (KernelArgument a : arguments) {
            if (a.name().equals(parameterName)) {
                return a;
            }
        }
        throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, "kernel " + name + " has no parameter "
                + parameterName + " (parameters: " + String.join(", ", arguments.stream().map(KernelArgument::name)
                        .toList()) + ")");
    }

    /**
     * {@code hsa_executable_symbol_get_info} for this kernel symbol: numbers as {@code Integer} or
     * {@code Long} (u32 or u64 in HSA), names as {@code String}, flags as {@code Boolean}, the agent as
     * {@link Agent}.
     *
     * @throws HsaException ERROR_INVALID_ARGUMENT for an attribute of variables or indirect functions
     */
    public Object info(SymbolInfo attribute) {
        return switch (attribute) {
            case TYPE -> SymbolInfo.KIND_KERNEL;
            case NAME_LENGTH -> name.length();
            case NAME -> name;
            case MODULE_NAME_LENGTH -> linkage == Linkage.PROGRAM ? 0 : moduleName.length();
            case MODULE_NAME -> linkage == Linkage.PROGRAM ? "" : moduleName;
            case LINKAGE -> linkage == Linkage.PROGRAM ? SymbolInfo.LINKAGE_PROGRAM : SymbolInfo.LINKAGE_MODULE;
            case KERNEL_KERNARG_SEGMENT_SIZE -> kernargSegmentSize;
            case KERNEL_KERNARG_SEGMENT_ALIGNMENT -> kernargSegmentAlignment;
            case KERNEL_GROUP_SEGMENT_SIZE -> (int) groupSegmentSize;
            case KERNEL_PRIVATE_SEGMENT_SIZE -> (int) privateSegmentSize;
            case KERNEL_DYNAMIC_CALLSTACK -> false;
            case IS_DEFINITION -> true;
            case AGENT -> agent;
            case KERNEL_OBJECT -> kernelObject;
            case VARIABLE_ALLOCATION, VARIABLE_SEGMENT, VARIABLE_ALIGNMENT, VARIABLE_SIZE, VARIABLE_IS_CONST,
                    VARIABLE_ADDRESS, INDIRECT_FUNCTION_CALL_CONVENTION, INDIRECT_FUNCTION_OBJECT ->
                    throw new HsaException(HsaStatus.ERROR_INVALID_ARGUMENT, attribute
                            + " does not apply to kernel symbol " + name);
        };
    }

    @Override
    public String toString() {
        return String.format("%s (%s, kernel object 0x%x, kernarg %d bytes aligned %d, group %d, private %d)", name,
                backend, kernelObject, kernargSegmentSize, kernargSegmentAlignment, groupSegmentSize,
                privateSegmentSize);
    }
}
