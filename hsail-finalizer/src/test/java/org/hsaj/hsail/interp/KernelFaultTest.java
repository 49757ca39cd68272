package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.hsaj.hsail.TestKernels;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.MemoryAccessException;
import org.junit.jupiter.api.Test;

/** Faults name the kernel, work-item, work-group and HSAIL line, and never hang. */
class KernelFaultTest {
    private static final String FILE = TestKernels.path("faults.hsail").toString();

    private static Machine machine() {
        return new Machine(TestKernels.parse("faults.hsail"),
                KernelInterpreter.Options.DEFAULT.withInstructionLimit(100_000));
    }

    @Test
    void badGlobalLoadNamesTheWorkItemAndLine() {
        try (Machine m = machine()) {
            long unmapped = 0x0f000000L; // inside the 256 MiB address space, never mapped
            KernelFaultException e = assertThrows(KernelFaultException.class, () -> m.run("&bad_load", 8, 4, unmapped));
            assertEquals("HSA_STATUS_ERROR_EXCEPTION (0x1016): kernel &bad_load faulted in work-item (5,0,0) of"
                    + " work-group (1,0,0) at " + FILE + ":12:2: read of 4 bytes at 0xf000010: page 0xf000000 is not mapped",
                    e.getMessage());
            assertEquals(List.of(5L, 0L, 0L), e.workItem());
            assertEquals(List.of(1L, 0L, 0L), e.workGroup());
            assertEquals(12, e.position().line());
            assertEquals(HsaStatus.ERROR_EXCEPTION, e.status());
            assertInstanceOf(MemoryAccessException.class, e.getCause());
        }
    }

    @Test
    void barrierSkippedByOneWorkItemIsAFaultNotAHang() {
        try (Machine m = machine()) {
            KernelFaultException e = assertThrows(KernelFaultException.class, () -> m.run("&early_exit", 4, 4));
            assertEquals("HSA_STATUS_ERROR_EXCEPTION (0x1016): kernel &early_exit faulted in work-item (0,0,0) of"
                    + " work-group (0,0,0) at " + FILE + ":21:2: work-item (1,0,0) finished without reaching this"
                    + " barrier, which every work-item of the work-group must execute", e.getMessage());
        }
    }

    @Test
    void debugtrapFaults() {
        try (Machine m = machine()) {
            KernelFaultException e = assertThrows(KernelFaultException.class, () -> m.run("&trap", 1, 1));
            assertEquals("HSA_STATUS_ERROR_EXCEPTION (0x1016): kernel &trap faulted in work-item (0,0,0) of work-group"
                    + " (0,0,0) at " + FILE + ":28:2: debugtrap executed with value 7", e.getMessage());
        }
    }

    @Test
    void divisionByZeroBreaksWhenTheKernelEnablesIt() {
        try (Machine m = machine()) {
            KernelFaultException e = assertThrows(KernelFaultException.class, () -> m.run("&break_on_divide", 1, 1, 0));
            assertEquals(36, e.position().line());
            assertEquals("kernel &break_on_divide faulted in work-item (0,0,0) of work-group (0,0,0) at " + FILE
                    + ":36:2: integer division by zero (the kernel enables the break exception policy for it)",
                    e.getMessage().substring(e.getMessage().indexOf("kernel")));
            m.run("&break_on_divide", 1, 1, 5); // a non-zero divisor runs
        }
    }

    @Test
    void endlessLoopStopsAtTheInstructionLimit() {
        try (Machine m = machine()) {
            KernelFaultException e = assertThrows(KernelFaultException.class, () -> m.run("&spin", 1, 1));
            assertEquals("kernel &spin faulted in work-item (0,0,0) of work-group (0,0,0) at " + FILE + ":43:2:"
                    + " work-item executed more than 100000 instructions",
                    e.getMessage().substring(e.getMessage().indexOf("kernel")));
        }
    }

    @Test
    void variableWithoutDefinitionFaults() {
        org.hsaj.hsail.ir.Module module = org.hsaj.hsail.text.HsailParser.parse("ext.hsail",
                "module &m:1:0:$full:$large:$default;\ndecl prog global_u32 &elsewhere;\n"
                + "prog kernel &k()\n{\n\tld_global_u32 $s0, [&elsewhere];\n\tret;\n};\n");
        try (Machine m = new Machine(module, KernelInterpreter.Options.DEFAULT)) {
            KernelFaultException e = assertThrows(KernelFaultException.class, () -> m.run("&k", 1, 1));
            assertEquals("kernel &k faulted in work-item (0,0,0) of work-group (0,0,0) at ext.hsail:5:2: variable"
                    + " &elsewhere is not defined in the loaded module",
                    e.getMessage().substring(e.getMessage().indexOf("kernel")));
        }
    }

    @Test
    void flatAccessBeyondGroupMemory() {
        try (Machine m = machine()) {
            KernelFaultException e = assertThrows(KernelFaultException.class, () -> m.run("&group_overrun", 1, 1));
            assertEquals("kernel &group_overrun faulted in work-item (0,0,0) of work-group (0,0,0) at " + FILE
                    + ":51:2: 4-byte access at group segment address 0x10 is outside its 16 bytes",
                    e.getMessage().substring(e.getMessage().indexOf("kernel")));
        }
    }
}
