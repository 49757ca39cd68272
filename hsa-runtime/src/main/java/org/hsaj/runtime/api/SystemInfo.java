package org.hsaj.runtime.api;

/** {@code hsa_system_info_t}, with its HSA values. */
public enum SystemInfo {
    VERSION_MAJOR(0), VERSION_MINOR(1), TIMESTAMP(2), TIMESTAMP_FREQUENCY(3), SIGNAL_MAX_WAIT(4), ENDIANNESS(5),
    MACHINE_MODEL(6), EXTENSIONS(7);

    private final int value;

    SystemInfo(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }
}
