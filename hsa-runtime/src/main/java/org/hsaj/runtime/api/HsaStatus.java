package org.hsaj.runtime.api;

/** The HSA 1.0 status codes ({@code hsa_status_t}), with the values the specification gives them. */
public enum HsaStatus {
    SUCCESS(0x0, "the function has been executed successfully"),
    INFO_BREAK(0x1, "a traversal over a list of elements has been interrupted by the application"),
    ERROR(0x1000, "a generic error has occurred"),
    ERROR_INVALID_ARGUMENT(0x1001, "one of the actual arguments does not meet a precondition"),
    ERROR_INVALID_QUEUE_CREATION(0x1002, "the requested queue creation is not valid"),
    ERROR_INVALID_ALLOCATION(0x1003, "the requested allocation is not valid"),
    ERROR_INVALID_AGENT(0x1004, "the agent is invalid"),
    ERROR_INVALID_REGION(0x1005, "the memory region is invalid"),
    ERROR_INVALID_SIGNAL(0x1006, "the signal is invalid"),
    ERROR_INVALID_QUEUE(0x1007, "the queue is invalid"),
    ERROR_OUT_OF_RESOURCES(0x1008, "the runtime failed to allocate the necessary resources"),
    ERROR_INVALID_PACKET_FORMAT(0x1009, "the AQL packet is malformed"),
    ERROR_RESOURCE_FREE(0x100A, "an error has been detected while releasing a resource"),
    ERROR_NOT_INITIALIZED(0x100B, "an API other than hsa_init has been invoked while the runtime is not initialized"),
    ERROR_REFCOUNT_OVERFLOW(0x100C, "the maximum reference count for the object has been reached"),
    ERROR_INCOMPATIBLE_ARGUMENTS(0x100D, "the arguments passed to a function are not compatible"),
    ERROR_INVALID_INDEX(0x100E, "the index is invalid"),
    ERROR_INVALID_ISA(0x100F, "the instruction set architecture is invalid"),
    ERROR_INVALID_CODE_OBJECT(0x1010, "the code object is invalid"),
    ERROR_INVALID_EXECUTABLE(0x1011, "the executable is invalid"),
    ERROR_FROZEN_EXECUTABLE(0x1012, "the executable is frozen"),
    ERROR_INVALID_SYMBOL_NAME(0x1013, "there is no symbol with the given name"),
    ERROR_VARIABLE_ALREADY_DEFINED(0x1014, "the variable is already defined"),
    ERROR_VARIABLE_UNDEFINED(0x1015, "the variable is undefined"),
    ERROR_EXCEPTION(0x1016, "an HSAIL operation resulted in a hardware exception"),
    ERROR_INVALID_ISA_NAME(0x1017, "the ISA name is invalid"),
    EXT_ERROR_INVALID_PROGRAM(0x2000, "the HSAIL program is invalid"),
    EXT_ERROR_INVALID_MODULE(0x2001, "the HSAIL module is invalid"),
    EXT_ERROR_INCOMPATIBLE_MODULE(0x2002, "the machine model or profile of the module does not match the program"),
    EXT_ERROR_MODULE_ALREADY_INCLUDED(0x2003, "the module is already part of the program"),
    EXT_ERROR_SYMBOL_MISMATCH(0x2004, "compatibility mismatch between symbol declaration and definition"),
    EXT_ERROR_FINALIZATION_FAILED(0x2005, "the finalization encountered an error"),
    EXT_ERROR_DIRECTIVE_MISMATCH(0x2006, "a control directive does not match the program's");

    private final int code;
    private final String description;

    HsaStatus(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The numeric value of this status in {@code hsa_status_t}. */
    public int code() {
        return code;
    }

    /** The explanation {@code hsa_status_string} gives for this status. */
    public String description() {
        return description;
    }

    /** The status with the given numeric value. */
    public static HsaStatus fromCode(int code) {
        for (HsaStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("no HSA status has the code 0x" + Integer.toHexString(code));
    }

    @Override
    public String toString() {
        return "HSA_STATUS_" + name() + " (0x" + Integer.toHexString(code) + ")";
    }
}
