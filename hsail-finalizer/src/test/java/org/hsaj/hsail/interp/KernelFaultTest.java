package org.hsaj.hsail.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hsaj.hsail.TestKernels;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.DispatchGeometry;
import org.hsaj.hsail.exec.KernelFault;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.text.HsailParser;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;
import org.hsaj.runtime.memory.MemoryAccessException;
import org.junit.jupiter.api.Test;

/** Faults name the kernel, work-item, work-group and HSAIL position ({@code file:line:column}), and never hang. */
class KernelFaultTest {
    private static final String FILE = TestKernels.path("faults.hsail").toString();

    private static Machine machine() {
        return new Machine(TestKernels.parse("faults.hsail"),
                InterpreterKernelCompiler.Options.DEFAULT.withInstructionLimit(100_000));
    }

    /** The message after the status: "kernel K, work-item (..) of work-group (..), position: what". */
    private static String message(KernelFault e) {
        return e.getMessage().substring(e.getMessage().indexOf("kernel "));
    }

    @Test
    void badGlobalLoadNamesTheWorkItemAndPosition() {
        try (Machine m = machine()) {
            long unmapped = 0x0f000000L; // inside the 256 MiB address space, never mapped
            KernelFault e = assertThrows(KernelFault.class, () -> m.run("&bad_load", 8, 4, unmapped));
            assertEquals("HSA_STATUS_ERROR_EXCEPTION (0x1016): kernel &bad_load, work-item (5, 0, 0) of work-group"
                    + " (1, 0, 0), " + FILE + ":12:2: read of 4 bytes at 0xf000010: page 0xf000000 is not mapped",
                    e.getMessage());
            assertEquals(HsaStatus.ERROR_EXCEPTION, e.status());
            assertInstanceOf(MemoryAccessException.class, e.getCause());
        }
    }

    @Test
    void barrierSkippedByOneWorkItemIsAFaultNotAHang() {
        try (Machine m = machine()) {
            KernelFault e = assertThrows(KernelFault.class, () -> m.run("&early_exit", 4, 4));
            assertEquals("kernel &early_exit, work-item (1, 0, 0) of work-group (0, 0, 0), " + FILE + ":21:2: barrier"
                    + " divergence: the work-group's other work-items wait at the barrier at " + FILE + ":21:2 but"
                    + " this work-item has finished", message(e));
        }
    }

    @Test
    void debugtrapFaults() {
        try (Machine m = machine()) {
            KernelFault e = assertThrows(KernelFault.class, () -> m.run("&trap", 1, 1));
            assertEquals("kernel &trap, work-item (0, 0, 0) of work-group (0, 0, 0), " + FILE + ":28:2: debugtrap"
                    + " executed with value 7", message(e));
        }
    }

    @Test
    void divisionByZeroBreaksWhenTheKernelEnablesIt() {
        try (Machine m = machine()) {
            KernelFault e = assertThrows(KernelFault.class, () -> m.run("&break_on_divide", 1, 1, 0));
            assertEquals("kernel &break_on_divide, work-item (0, 0, 0) of work-group (0, 0, 0), " + FILE + ":36:2:"
                    + " integer division by zero (the kernel enables the break exception policy for it)", message(e));
            m.run("&break_on_divide", 1, 1, 5); // a non-zero divisor runs
        }
    }

    @Test
    void endlessLoopStopsAtTheInstructionLimit() {
        try (Machine m = machine()) {
            KernelFault e = assertThrows(KernelFault.class, () -> m.run("&spin", 1, 1));
            assertEquals("kernel &spin, work-item (0, 0, 0) of work-group (0, 0, 0), " + FILE + ":43:2: work-item"
                    + " executed more than 100000 instructions", message(e));
        }
    }

    @Test
    void groupAccessBeyondTheGroupSegment() {
        try (Machine m = machine()) {
            KernelFault e = assertThrows(KernelFault.class, () -> m.run("&group_overrun", 1, 1));
            assertEquals("kernel &group_overrun, work-item (0, 0, 0) of work-group (0, 0, 0), " + FILE + ":50:2: write"
                    + " of 4 bytes at 0x10: group segment address outside the 16 bytes of group memory", message(e));
        }
    }

    @Test
    void privateAccessBeyondThePrivateSegment() {
        try (Machine m = machine()) {
            KernelFault e = assertThrows(KernelFault.class, () -> m.run("&private_overrun", 2, 2));
            assertEquals("kernel &private_overrun, work-item (0, 0, 0) of work-group (0, 0, 0), " + FILE + ":58:2: read"
                    + " of 4 bytes at 0x10: private segment address outside the 16 bytes of private memory",
                    message(e));
        }
    }

    @Test
    void endlessRecursionRunsOutOfPrivateStack() {
        try (Machine m = machine()) {
            assertEquals(16 + 48 + 16 * 1024, m.compile("&endless_recursion").privateSegmentSize(),
                    "kernel frame, one frame of &deeper, and the recursion allowance");
            KernelFault e = assertThrows(KernelFault.class, () -> m.run("&endless_recursion", 1, 1));
            assertEquals("kernel &endless_recursion, work-item (0, 0, 0) of work-group (0, 0, 0), " + FILE + ":71:3:"
                    + " private stack overflow: the recursion needs more than the 16448 bytes of private memory per"
                    + " work-item", message(e));
        }
    }

    @Test
    void allocaBeyondItsArea() {
        try (Machine m = machine()) {
            KernelFault e = assertThrows(KernelFault.class, () -> m.run("&alloca_overrun", 1, 1));
            assertEquals("kernel &alloca_overrun, work-item (0, 0, 0) of work-group (0, 0, 0), " + FILE + ":91:2:"
                    + " alloca of 5000 bytes exceeds the 4088 bytes of alloca memory per work-item", message(e));
        }
    }

    private static final String GLOBALS = """
            module &m:1:0:$full:$large:$default;
            decl prog global_u32 &elsewhere;
            prog global_u32 &here;
            prog kernel &k()
            {
            \tld_global_u32 $s0, [&elsewhere];
            \tret;
            };
            prog kernel &uses_here()
            {
            \tst_global_u32 1, [&here];
            \tret;
            };
            """;

    @Test
    void variableWithoutDefinitionFaults() {
        try (Machine m = new Machine(HsailParser.parse("ext.hsail", GLOBALS), InterpreterKernelCompiler.Options.DEFAULT)) {
            KernelFault e = assertThrows(KernelFault.class, () -> m.run("&k", 1, 1));
            assertEquals("kernel &k, work-item (0, 0, 0) of work-group (0, 0, 0), ext.hsail:6:2: variable &elsewhere is"
                    + " not defined in the loaded module", message(e));
        }
    }

    @Test
    void withoutALoaderAGlobalVariableHasNoAddress() {
        Module module = HsailParser.parse("ext.hsail", GLOBALS);
        try (Machine m = new Machine(module, InterpreterKernelCompiler.Options.DEFAULT)) {
            CompiledKernel k = new InterpreterKernelCompiler().compile(module, module.kernel("&uses_here"));
            KernelFault e = assertThrows(KernelFault.class, () -> m.run(k, m.dispatch(k, DispatchGeometry.of1D(1, 1),
                    m.alloc(8))));
            assertEquals("kernel &uses_here, work-item (0, 0, 0) of work-group (0, 0, 0), ext.hsail:11:2: global"
                    + " variable &here has no address: the kernel was finalized without a loader to place it",
                    message(e));
        }
    }

    @Test
    void aWorkGroupOutsideTheGridOrTooLittleMemoryIsRefused() {
        try (Machine m = machine()) {
            CompiledKernel k = m.compile("&private_overrun");
            DispatchContext d = m.dispatch(k, DispatchGeometry.of1D(8, 4), m.alloc(8));
            WorkGroupMemory wgm = m.workGroupMemory(d);
            HsaException outside = assertThrows(HsaException.class, () -> k.runWorkGroup(d, wgm, 2, 0, 0));
            assertEquals(HsaStatus.ERROR_INVALID_ARGUMENT, outside.status());
            assertEquals("HSA_STATUS_ERROR_INVALID_ARGUMENT (0x1001): kernel &private_overrun: work-group (2, 0, 0) is"
                    + " outside the grid's 2 x 1 x 1 work-groups", outside.getMessage());
            WorkGroupMemory small = new WorkGroupMemory(wgm.groupBase(), wgm.groupCapacity(), wgm.privateBase(), 63);
            HsaException tooSmall = assertThrows(HsaException.class, () -> k.runWorkGroup(d, small, 0, 0, 0));
            assertEquals("HSA_STATUS_ERROR_INVALID_ARGUMENT (0x1001): kernel &private_overrun: the dispatch gives a"
                    + " private memory of 63 bytes, 4 work-items need 64", tooSmall.getMessage());
            DispatchContext noPrivate = DispatchContext.standalone(m.memory, d.geometry(), d.kernargAddress(), 0, 8);
            HsaException segment = assertThrows(HsaException.class, () -> k.runWorkGroup(noPrivate, wgm, 0, 0, 0));
            assertEquals("HSA_STATUS_ERROR_INVALID_ARGUMENT (0x1001): kernel &private_overrun: the dispatch gives a"
                    + " private segment of 8 bytes per work-item, kernel needs 16", segment.getMessage());
        }
    }

    @Test
    void aDeclaredKernelCannotBeFinalized() {
        Module module = HsailParser.parse("decl.hsail", "module &m:1:0:$full:$large:$default;\ndecl prog kernel &k();\n");
        HsaException e = assertThrows(HsaException.class, () -> new InterpreterKernelCompiler().compile(module,
                module.kernel("&k")));
        assertEquals(HsaStatus.EXT_ERROR_INVALID_MODULE, e.status());
        assertEquals("HSA_STATUS_EXT_ERROR_INVALID_MODULE (0x2001): decl.hsail:2:18: error: interp back end: kernel &k"
                + " is only declared; it has no code to run", e.getMessage());
    }
}
