package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.hsail.text.HsailParser;
import org.junit.jupiter.api.Test;

/**
 * groupbaseptr is a group segment address (u32 only): the group segment starts at segment address 0,
 * whose flat address (stof) is where the compute unit lent the work-group its group memory.
 */
class GroupBasePointerTest {
    private static final String KERNEL = """
            module &m:1:0:$full:$large:$default;
            prog kernel &base(kernarg_u64 %out)
            {
            \tld_kernarg_u64 $d0, [%out];
            \tgroupbaseptr_u32 $s0;
            \tcvt_u64_u32 $d1, $s0;
            \tst_global_u64 $d1, [$d0];
            \tstof_group_u64_u32 $d1, $s0;
            \tst_global_u64 $d1, [$d0 + 8];
            \tret;
            };
            """;

    @Test
    void theGroupSegmentStartsAtZero() {
        try (Machine m = new Machine(HsailParser.parse("base.hsail", KERNEL), InterpreterKernelCompiler.Options.DEFAULT)) {
            CompiledKernel k = m.compile("&base");
            long out = m.alloc(16);
            DispatchContext d = m.dispatch(k, DispatchGeometry.of1D(1, 1), m.kernargs(m.kernel("&base"), out));
            WorkGroupMemory wgm = m.workGroupMemory(d);
            m.run(k, d, wgm);
            assertArrayEquals(new long[] {0, wgm.groupBase()}, m.readLongs(out, 2));
        }
    }
}
