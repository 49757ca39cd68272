package org.hsaj.hsail.interp;

/**
 * The shape of a kernel dispatch, as an AQL kernel dispatch packet gives it: 1 to 3 dimensions, the
 * grid size in work-items and the work-group size per dimension (unused dimensions are 1). The grid
 * need not be a multiple of the work-group size: the last work-groups may be partial.
 */
public record DispatchGeometry(int dimensions, long gridX, long gridY, long gridZ, int workgroupX, int workgroupY,
                               int workgroupZ) {
    public DispatchGeometry {
        if (dimensions < 1 || dimensions > 3) {
            throw new IllegalArgumentException("dimensions must be 1, 2 or 3, got " + dimensions);
        }
        if (gridX < 1 || gridY < 1 || gridZ < 1 || workgroupX < 1 || workgroupY < 1 || workgroupZ < 1) {
            throw new IllegalArgumentException("grid and work-group sizes must be at least 1: " + gridX + "x" + gridY
                    + "x" + gridZ + " / " + workgroupX + "x" + workgroupY + "x" + workgroupZ);
        }
        if ((dimensions < 2 && (gridY != 1 || workgroupY != 1)) || (dimensions < 3 && (gridZ != 1 || workgroupZ != 1))) {
            throw new IllegalArgumentException("sizes of unused dimensions must be 1");
        }
    }

    /** A 1-dimensional dispatch. */
    public static DispatchGeometry of(long grid, int workgroup) {
        return new DispatchGeometry(1, grid, 1, 1, workgroup, 1, 1);
    }

    public long grid(int dim) {
        return switch (dim) {
            case 0 -> gridX;
            case 1 -> gridY;
            case 2 -> gridZ;
            default -> 1;
        };
    }

    public int workgroup(int dim) {
        return switch (dim) {
            case 0 -> workgroupX;
            case 1 -> workgroupY;
            case 2 -> workgroupZ;
            default -> 1;
        };
    }

    /** Number of work-groups in dimension {@code dim} (the last may be partial). */
    public long groups(int dim) {
        return (grid(dim) + workgroup(dim) - 1) / workgroup(dim);
    }

    /** Size in dimension {@code dim} of work-group {@code groupId} (smaller for a partial group). */
    public int currentWorkgroup(int dim, long groupId) {
        return (int) Math.min(workgroup(dim), grid(dim) - groupId * workgroup(dim));
    }

    public long workgroupCount() {
        return groups(0) * groups(1) * groups(2);
    }
}
