package org.hsaj.runtime.api;

import java.util.Properties;
import org.hsaj.runtime.memory.SharedVirtualMemory;
import org.hsaj.runtime.signal.WaitStrategyKind;

/**
 * Settings of a platform's runtime. Each has a system property ({@code -Dhsaj.NAME=VALUE}) read by
 * {@link #fromProperties}; unset ones keep the defaults of {@link #defaults()}.
 *
 * @param addressSpaceSize {@code hsaj.address-space}: bytes of shared virtual memory (reserved lazily)
 * @param globalRegionSize {@code hsaj.global-region}: bytes the runtime may allocate from global regions
 * @param waitStrategy {@code hsaj.wait-strategy}: blocking, sleeping, yielding, busy-spin or phased
 * @param invalidPacketGraceMillis {@code hsaj.invalid-packet-grace-ms}: how long a packet may stay
 *     INVALID after the doorbell announced it before the queue reports it as an error
 * @param queueMaxSize {@code hsaj.queue-max-size}: the largest queue (packets) an agent accepts
 */
public record HsaConfig(long addressSpaceSize, long globalRegionSize, WaitStrategyKind waitStrategy,
        long invalidPacketGraceMillis, int queueMaxSize) {

    public static HsaConfig defaults() {
        return new HsaConfig(SharedVirtualMemory.DEFAULT_SIZE, 2L << 30, WaitStrategyKind.PHASED, 1000, 1 << 17);
    }

    /** The defaults overridden by any {@code hsaj.*} entries of {@code properties}. */
    public static HsaConfig fromProperties(Properties properties) {
        HsaConfig d = defaults();
        return new HsaConfig(
                sizeOf(properties, "hsaj.address-space", d.addressSpaceSize),
                sizeOf(properties, "hsaj.global-region", d.globalRegionSize),
                properties.containsKey("hsaj.wait-strategy")
                        ? WaitStrategyKind.parse(properties.getProperty("hsaj.wait-strategy")) : d.waitStrategy,
                sizeOf(properties, "hsaj.invalid-packet-grace-ms", d.invalidPacketGraceMillis),
                (int) sizeOf(properties, "hsaj.queue-max-size", d.queueMaxSize));
    }

    public HsaConfig withAddressSpaceSize(long bytes) {
        return new HsaConfig(bytes, Math.min(globalRegionSize, bytes / 2), waitStrategy, invalidPacketGraceMillis,
                queueMaxSize);
    }

    public HsaConfig withWaitStrategy(WaitStrategyKind kind) {
        return new HsaConfig(addressSpaceSize, globalRegionSize, kind, invalidPacketGraceMillis, queueMaxSize);
    }

    public HsaConfig withInvalidPacketGraceMillis(long millis) {
        return new HsaConfig(addressSpaceSize, globalRegionSize, waitStrategy, millis, queueMaxSize);
    }

    /** Parses sizes such as {@code 4096}, {@code 64k}, {@code 512m}, {@code 8g}. */
    static long sizeOf(Properties properties, String key, long fallback) {
        String text = properties.getProperty(key);
        if (text == null) {
            return fallback;
        }
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        if (last == 'k' || last == 'm' || last == 'g') {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(t), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("setting " + key + "='" + text
                    + "' is not a size (expected digits with an optional k, m or g)");
        }
    }
}
