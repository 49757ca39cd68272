package org.hsaj.runtime.api;

import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.hsaj.runtime.signal.SignalTable;

/** What an agent device is given when the platform builds it: the shared memory, the signals, the settings. */
public record PlatformContext(SharedVirtualMemory memory, SignalTable signals, HsaConfig config) {
}
