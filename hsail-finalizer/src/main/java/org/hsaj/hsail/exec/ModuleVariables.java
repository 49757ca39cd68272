package org.hsaj.hsail.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.hsail.ir.Body;
import org.hsaj.hsail.ir.FrameLayout;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Linkage;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.ModuleStatement;
import org.hsaj.hsail.ir.Segment;
import org.hsaj.hsail.ir.Variable;
import org.hsaj.runtime.memory.PageTable;
import org.hsaj.runtime.memory.SharedVirtualMemory;

/**
 * Allocates and initialises every global and readonly variable definition of a module (module scope
 * and code block scope) in shared virtual memory, the way an executable loader does: each at its
 * alignment, initialised from its initializer or left zero, in one mapped block.
 *
 * <p>Immutable after {@link #allocate}; safe to share between threads.
 */
public final class ModuleVariables implements VariableAddresses {
    private final Map<String, Long> moduleScope = new HashMap<>();
    private final Map<Variable, Long> codeScope = new HashMap<>();
    private final SharedVirtualMemory memory;
    private final long base;
    private final long size;

    private ModuleVariables(SharedVirtualMemory memory, long base, long size) {
        this.memory = memory;
        this.base = base;
        this.size = size;
    }

    /** True when the module defines a global or readonly variable, at module scope or in a code block. */
    public static boolean defines(Module module) {
        return !definitions(module).isEmpty();
    }

    /** Allocates the module's global and readonly definitions. */
    public static ModuleVariables allocate(Module module, SharedVirtualMemory memory) {
        List<Variable> all = definitions(module);
        FrameLayout layout = new FrameLayout();
        List<Variable> placed = all.stream().map(layout::place).toList();
        long size = Math.max(PageTable.PAGE_SIZE, FrameLayout.alignUp(layout.size(), PageTable.PAGE_SIZE));
        long base = memory.allocator().reserve(size, Math.max(PageTable.PAGE_SIZE, layout.alignment()), 0);
        if (base == 0) {
            throw new IllegalStateException("no room in shared virtual memory for " + size
                    + " bytes of module variables");
        }
        memory.map(base, size, PageTable.READ | PageTable.WRITE);
        ModuleVariables mv = new ModuleVariables(memory, base, size);
        for (int i = 0; i < placed.size(); i++) {
            Variable v = all.get(i);
            long address = base + placed.get(i).offset();
            v.initializer().ifPresent(init -> memory.write(address, init.bytes(), 0, init.size()));
            if (v.linkage() == Linkage.FUNCTION) {
                mv.codeScope.put(v, address);
            } else {
                mv.moduleScope.put(v.name(), address);
            }
        }
        return mv;
    }

    /** The global and readonly definitions of a module: module scope and every code block, in source order. */
    private static List<Variable> definitions(Module module) {
        List<Variable> all = new ArrayList<>();
        for (ModuleStatement s : module.statements()) {
            switch (s) {
                case Variable v when v.isDefinition() && isGlobal(v) -> all.add(v);
                case Kernel k -> k.body().ifPresent(b -> addCodeScope(b, all));
                case Function f -> f.body().ifPresent(b -> addCodeScope(b, all));
                default -> {
                }
            }
        }
        return all;
    }

    private static boolean isGlobal(Variable v) {
        return v.segment() == Segment.GLOBAL || v.segment() == Segment.READONLY;
    }

    private static void addCodeScope(Body b, List<Variable> out) {
        b.variables().stream().filter(ModuleVariables::isGlobal).forEach(out::add);
    }

    @Override
    public long addressOf(Variable v) {
        Long a = v.linkage() == Linkage.FUNCTION ? codeScope.get(v) : moduleScope.get(v.name());
        if (a == null) {
            throw new IllegalArgumentException("variable " + v.name() + " is not defined in the loaded module");
        }
        return a;
    }

    /** Unmaps and releases the variables' memory. */
    public void release() {
        memory.unmap(base, size);
        memory.allocator().release(base, size);
    }
}
