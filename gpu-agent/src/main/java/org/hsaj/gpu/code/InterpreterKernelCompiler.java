package org.hsaj.gpu.code;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.hsail.exec.CompiledKernel;
import org.hsaj.hsail.exec.DispatchContext;
import org.hsaj.hsail.exec.KernelCompiler;
import org.hsaj.hsail.exec.KernelFault;
import org.hsaj.hsail.exec.WorkGroupMemory;
import org.hsaj.hsail.interp.DispatchGeometry;
import org.hsaj.hsail.interp.KernelDispatch;
import org.hsaj.hsail.interp.KernelFaultException;
import org.hsaj.hsail.interp.KernelInterpreter;
import org.hsaj.hsail.interp.ModuleVariables;
import org.hsaj.hsail.interp.VariableAddresses;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * The {@code interp} back end: the reference interpreter behind the back-end contract. Finalizing only
 * checks that the kernel is defined; the interpreter for a module, with its global and readonly
 * variables where the loader placed them (or allocated by itself without a loader), is made on the first
 * dispatch (the contract hands over the shared virtual
 * memory only then) and shared by every kernel of that module this compiler finalized. Work-item
 * faults come out as {@link KernelFault}s. A cancelled dispatch (watchdog, a fault in another
 * work-group) stops at the next work-group: the interpreter does not look at the flag while it runs one.
 *
 * <p>Threading: compile from any thread; the kernels run concurrently for different work-groups.
 */
final class InterpreterKernelCompiler implements KernelCompiler {
    private final Map<Module, LoadedModule> modules = new IdentityHashMap<>();

    @Override
    public String name() {
        return Backends.INTERP;
    }

    /** Compiles {@code kernel}; the interpreter places the module's global and readonly variables itself. */
    @Override
    public CompiledKernel compile(Module module, Kernel kernel) {
        return compile(module, kernel, null);
    }

    /**
     * Compiles {@code kernel} for a loader that placed the module's global and readonly variables at
     * {@code variables} (null: the interpreter places them).
     */
    CompiledKernel compile(Module module, Kernel kernel, VariableAddresses variables) {
        if (!kernel.isDefinition()) {
            throw new IllegalArgumentException("kernel " + kernel.name() + " has no body to run");
        }
        LoadedModule loaded;
        synchronized (modules) {
            loaded = modules.computeIfAbsent(module, m -> new LoadedModule(m, variables));
        }
        return new InterpretedKernel(loaded, kernel);
    }

    /** A module's interpreter over one shared virtual memory, made on first use. */
    private static final class LoadedModule {
        private final Module module;
        private final VariableAddresses variables;
        private volatile KernelInterpreter interpreter;

        LoadedModule(Module module, VariableAddresses variables) {
            this.module = module;
            this.variables = variables;
        }

        KernelInterpreter interpreter(SharedVirtualMemory memory) {
            KernelInterpreter i = interpreter;
            if (i == null) {
                synchronized (this) {
                    i = interpreter;
                    if (i == null) {
                        i = new KernelInterpreter(module, memory,
                                variables != null ? variables : ModuleVariables.allocate(module, memory));
                        interpreter = i;
                    }
                }
            }
            return i;
        }
    }

    private record InterpretedKernel(LoadedModule module, Kernel kernel) implements CompiledKernel {
        @Override
        public String name() {
            return kernel.name();
        }

        @Override
        public long kernargSegmentSize() {
            return kernel.kernargSegmentSize();
        }

        @Override
        public int kernargSegmentAlignment() {
            return kernel.kernargSegmentAlignment();
        }

        @Override
        public long groupSegmentSize() {
            return kernel.groupSegmentSize();
        }

        @Override
        public long privateSegmentSize() {
            return kernel.privateSegmentSize();
        }

        @Override
        public void runWorkGroup(DispatchContext d, WorkGroupMemory memory, long groupX, long groupY, long groupZ) {
            var g = d.geometry();
            if (d.isCancelled()) {
                // The interpreter runs a work-group to its end, so a cancelled dispatch stops between work-groups.
                throw new KernelFault(org.hsaj.runtime.api.HsaStatus.ERROR_EXCEPTION, kernel.name(),
                        new long[] {groupX * g.workgroupX(), groupY * g.workgroupY(), groupZ * g.workgroupZ()},
                        new long[] {groupX, groupY, groupZ}, "before its first instruction", d.cancellation(), null);
            }
            KernelDispatch dispatch = new KernelDispatch(new DispatchGeometry(g.dimensions(), g.gridX(), g.gridY(),
                    g.gridZ(), g.workgroupX(), g.workgroupY(), g.workgroupZ()), d.kernargAddress(),
                    d.groupSegmentSize() - kernel.groupSegmentSize(), d.packetId(), d.completionSignal());
            try {
                module.interpreter(d.memory()).runWorkGroup(kernel, dispatch, groupX, groupY, groupZ);
            } catch (KernelFaultException e) {
                throw new KernelFault(e.status(), e.kernel(), ids(e.workItem()), ids(e.workGroup()),
                        e.position().toString(), reason(e), e);
            }
        }

        private static long[] ids(List<Long> xyz) {
            return new long[] {xyz.get(0), xyz.get(1), xyz.get(2)};
        }

        /** What happened, without the kernel, ids and position the fault message starts with. */
        private static String reason(KernelFaultException e) {
            String message = e.getMessage();
            String marker = " at " + e.position() + ": ";
            int at = message.indexOf(marker);
            return at < 0 ? message : message.substring(at + marker.length());
        }
    }
}
