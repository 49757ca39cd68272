package org.hsaj.hsail.ir;

import java.util.List;

/**
 * The control directives of a kernel or function code block (PRM 13.4). A value of 0 (or an empty
 * list) means the directive is absent. Sizes given as {@code WAVESIZE} are stored as
 * {@link #WAVESIZE}; the agent substitutes its wavefront size.
 */
public record ControlDirectives(int enableBreakExceptions, int enableDetectExceptions, long maxDynamicGroupSize,
                                long maxFlatGridSize, long maxFlatWorkgroupSize, int requiredDim,
                                List<Long> requiredGridSize, List<Long> requiredWorkgroupSize,
                                boolean requireNoPartialWorkgroups) {
    public static final long WAVESIZE = -1;
    public static final ControlDirectives NONE = new ControlDirectives(0, 0, 0, 0, 0, 0, List.of(), List.of(), false);

    public ControlDirectives {
        requiredGridSize = List.copyOf(requiredGridSize);
        requiredWorkgroupSize = List.copyOf(requiredWorkgroupSize);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }
}
