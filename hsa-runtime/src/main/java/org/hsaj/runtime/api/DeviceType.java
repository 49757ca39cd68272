package org.hsaj.runtime.api;

/** {@code hsa_device_type_t}. */
public enum DeviceType {
    CPU, GPU, DSP
}
