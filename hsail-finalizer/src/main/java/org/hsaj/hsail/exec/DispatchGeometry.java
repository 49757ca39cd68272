package org.hsaj.hsail.exec;

/**
 * The grid and work-group sizes of one dispatch, as the kernel dispatch packet gives them. Sizes of
 * unused dimensions are 1. The grid need not be a multiple of the work-group size: the last work-group
 * along an axis may be partial ({@link #currentWorkgroupSize}).
 */
public record DispatchGeometry(int dimensions, long gridX, long gridY, long gridZ, int workgroupX, int workgroupY,
        int workgroupZ) {
    public DispatchGeometry {
        if (dimensions < 1 || dimensions > 3) {
            throw new IllegalArgumentException("dimensions must be 1, 2 or 3, got " + dimensions);
        }
        if (gridX < 1 || gridY < 1 || gridZ < 1 || workgroupX < 1 || workgroupY < 1 || workgroupZ < 1) {
            throw new IllegalArgumentException("grid and work-group sizes must be at least 1");
        }
    }

    /** A one-dimensional dispatch. */
    public static DispatchGeometry of1D(long grid, int workgroup) {
        return new DispatchGeometry(1, grid, 1, 1, workgroup, 1, 1);
    }

    public long gridSize(int axis) {
        return axis == 0 ? gridX : axis == 1 ? gridY : gridZ;
    }

    public int workgroupSize(int axis) {
        return axis == 0 ? workgroupX : axis == 1 ? workgroupY : workgroupZ;
    }

    /** Number of work-groups along {@code axis} (HSAIL {@code gridgroups}). */
    public long gridGroups(int axis) {
        return (gridSize(axis) + workgroupSize(axis) - 1) / workgroupSize(axis);
    }

    /** Work-groups in the whole grid. */
    public long totalGroups() {
        return gridGroups(0) * gridGroups(1) * gridGroups(2);
    }

    /** Work-items of work-group {@code groupId} along {@code axis}: smaller for the last, partial group. */
    public int currentWorkgroupSize(int axis, long groupId) {
        long remaining = gridSize(axis) - groupId * workgroupSize(axis);
        return (int) Math.min(workgroupSize(axis), remaining);
    }

    /** Work-items in a full work-group. */
    public int workItemsPerGroup() {
        return workgroupX * workgroupY * workgroupZ;
    }
}
