package org.hsaj.hsail.interp;

import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.SegmentLayout;
import org.hsaj.hsail.exec.VariableAddresses;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.hsail.ir.Linkage;
import org.hsaj.hsail.ir.Operand;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.Variable;

/**
 * The contract's addressing rules (org.hsaj.hsail.exec) for one work-group run: segment addresses of
 * variables and address expressions, and their flat addresses in the shared virtual memory: group
 * address a at groupBase + a, private address a of the work-item with flat id w at privateBase + w *
 * privateSegmentSize + a, everything else flat already. Group and private accesses must fit in the
 * dispatch's segment sizes. Immutable.
 */
final class Addressing {
    private final SegmentLayout layout;
    /** Where the loader placed global and readonly variables; null without a loader. */
    private final VariableAddresses variables;
    private final long kernargAddress;
    private final long groupBase;
    private final long groupSize;
    private final long privateBase;
    private final long privateStride;
    private final long privateItems;

    Addressing(SegmentLayout layout, VariableAddresses variables, DispatchContext dispatch, WorkGroupMemory wgm) {
        this.layout = layout;
        this.variables = variables;
        this.kernargAddress = dispatch.kernargAddress();
        this.groupBase = wgm.groupBase();
        this.groupSize = dispatch.groupSegmentSize();
        this.privateBase = wgm.privateBase();
        this.privateStride = dispatch.privateSegmentSize();
        this.privateItems = dispatch.geometry().workItemsPerGroup();
    }

    /** The segment address of variable {@code v} as activation {@code a} sees it. */
    private long symbolAddress(Activation a, Variable v) {
        return switch (v.segment()) {
            case KERNARG -> kernargAddress + v.offset();
            case GROUP -> {
                try {
                    yield layout.groupOffset(v, a.function);
                } catch (IllegalArgumentException e) {
                    throw new WorkItemFault(e.getMessage(), e);
                }
            }
            case PRIVATE, SPILL -> {
                if (v.linkage() != Linkage.FUNCTION) {
                    throw new WorkItemFault("module-scope private variable " + v.name() + " is not supported");
                }
                yield a.frameBase + a.frame.privateOffset() + v.offset();
            }
            case ARG -> argAddress(a, v);
            case GLOBAL, READONLY -> {
                if (variables == null) {
                    throw new WorkItemFault(v.segment().hsailName() + " variable " + v.name() + " has no address:"
                            + " the kernel was finalized without a loader to place it");
                }
                try {
                    yield variables.addressOf(v);
                } catch (IllegalArgumentException e) {
                    throw new WorkItemFault(e.getMessage(), e);
                }
            }
            case FLAT -> throw new WorkItemFault("a flat address cannot name a variable");
        };
    }

    /** The private segment address of an arg variable: an arg block's, or a formal argument of the running function. */
    static long argAddress(Activation a, Variable v) {
        if (v.linkage() == Linkage.ARG) {
            if (!a.argBlockOpen) {
                throw new WorkItemFault("arg variable " + v.name() + " used outside its arg block");
            }
            return a.frameBase + a.frame.argOffset() + v.offset();
        }
        if (a.function != null) {
            for (Variable in : a.function.inputs()) {
                if (in.name().equals(v.name())) {
                    return a.frameBase + a.frame.inputsOffset() + in.offset();
                }
            }
            for (Variable out : a.function.outputs()) {
                if (out.name().equals(v.name())) {
                    return a.frameBase + out.offset();
                }
            }
        }
        throw new WorkItemFault("arg variable " + v.name() + " is neither an arg block variable nor a formal"
                + " argument of this function");
    }

    /** The segment address an address expression denotes (group, private, spill and arg addresses are 32-bit). */
    long address(Activation a, Segment seg, Operand.Address addr) {
        Variable v = addr.symbol();
        if (v != null && seg == Segment.FLAT && v.segment() != Segment.GLOBAL && v.segment() != Segment.READONLY
                && v.segment() != Segment.KERNARG) {
            throw new WorkItemFault("variable " + v.name() + " is in the " + v.segment().hsailName()
                    + " segment, which a flat address cannot reach");
        }
        long base = v == null ? 0 : symbolAddress(a, v);
        long reg = addr.base() == null ? 0 : a.readRegister(addr.base());
        long sum = base + reg + addr.offset();
        return is32(seg) ? sum & 0xffffffffL : sum;
    }

    private static boolean is32(Segment seg) {
        return seg == Segment.GROUP || seg == Segment.PRIVATE || seg == Segment.SPILL || seg == Segment.ARG;
    }

    /** Flat address of this work-item's private segment address 0. */
    long privateStart(WorkItem wi) {
        return privateBase + wi.flatId * privateStride;
    }

    /**
     * The flat address of an access of {@code length} bytes at {@code address} of {@code seg}; a group or
     * private access must lie inside the dispatch's segment size.
     */
    long flat(WorkItem wi, Segment seg, long address, int length, boolean write) {
        return switch (seg) {
            case GROUP -> {
                if (address + length > groupSize) {
                    throw WorkGroupMemory.outsideSegment("group", address, length, groupSize, write);
                }
                yield groupBase + address;
            }
            case PRIVATE, SPILL, ARG -> {
                if (address + length > privateStride) {
                    throw WorkGroupMemory.outsideSegment("private", address, length, privateStride, write);
                }
                yield privateStart(wi) + address;
            }
            default -> address;
        };
    }

    /** stof: the flat address of segment address {@code s} (segment address 0 is a real address, not null). */
    long segmentToFlat(WorkItem wi, Segment seg, long s) {
        return switch (seg) {
            case GROUP -> groupBase + (s & 0xffffffffL);
            case PRIVATE -> privateStart(wi) + (s & 0xffffffffL);
            default -> s;
        };
    }

    /** ftos: the segment address of flat address {@code f}; the null pointer stays null. */
    long flatToSegment(WorkItem wi, Segment seg, long f) {
        if (f == 0) {
            return 0;
        }
        return switch (seg) {
            case GROUP -> f - groupBase;
            case PRIVATE -> f - privateStart(wi);
            default -> f;
        };
    }

    /**
     * segmentp: true when flat address {@code f} is null or in segment {@code seg} as this work-item sees
     * it: the work-group's group memory, the work-item's own private memory, or (global, readonly,
     * kernarg) neither the group memory nor any work-item's private memory.
     */
    boolean isInSegment(WorkItem wi, Segment seg, long f) {
        if (f == 0) {
            return true;
        }
        boolean group = f - groupBase >= 0 && f - groupBase < groupSize;
        boolean own = f - privateStart(wi) >= 0 && f - privateStart(wi) < privateStride;
        boolean anyPrivate = f - privateBase >= 0 && f - privateBase < privateItems * privateStride;
        return switch (seg) {
            case GROUP -> group;
            case PRIVATE -> own;
            default -> !group && !anyPrivate;
        };
    }
}
