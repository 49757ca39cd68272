package org.hsaj.kernels;

/**
 * The geometry of one kernel dispatch: grid and work-group sizes per axis (1 for unused axes) and the
 * dynamic group memory the packet asks for beyond the kernel's own group variables.
 */
public record Grid(int dimensions, int[] gridSize, int[] workgroupSize, int dynamicGroupBytes) {
    public Grid {
        gridSize = gridSize.clone();
        workgroupSize = workgroupSize.clone();
    }

    /** {@code items} work-items in work-groups of {@code workgroup}. */
    public static Grid linear(int items, int workgroup) {
        return new Grid(1, new int[] {items, 1, 1}, new int[] {workgroup, 1, 1}, 0);
    }

    /** {@code items} rounded up to whole work-groups of {@code workgroup}: for kernels that need full groups. */
    public static Grid wholeGroups(int items, int workgroup) {
        return linear(groups(items, workgroup) * workgroup, workgroup);
    }

    /**
     * Whole work-groups of {@code workgroup} for {@code elements} inputs at {@code perWorkItem} each: for
     * kernels whose work-items each walk several elements.
     */
    public static Grid tiled(int elements, int perWorkItem, int workgroup) {
        return wholeGroups(groups(elements, perWorkItem), workgroup);
    }

    /** An {@code x} by {@code y} grid in {@code wx} by {@code wy} work-groups. */
    public static Grid planar(int x, int y, int wx, int wy) {
        return new Grid(2, new int[] {x, y, 1}, new int[] {wx, wy, 1}, 0);
    }

    /** Work-groups of {@code workgroup} needed to cover {@code items}. */
    public static int groups(int items, int workgroup) {
        return (items + workgroup - 1) / workgroup;
    }

    @Override
    public int[] gridSize() {
        return gridSize.clone();
    }

    @Override
    public int[] workgroupSize() {
        return workgroupSize.clone();
    }
}
