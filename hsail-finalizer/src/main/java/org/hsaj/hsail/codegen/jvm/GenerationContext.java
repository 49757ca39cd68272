package org.hsaj.hsail.codegen.jvm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hsaj.hsail.exec.SegmentLayout;
import org.hsaj.hsail.ir.Function;
import org.hsaj.hsail.ir.Kernel;
import org.hsaj.hsail.ir.Module;
import org.hsaj.hsail.ir.Rounding;
import org.hsaj.hsail.ir.SourcePosition;
import org.hsaj.hsail.interp.VariableAddresses;

/** What every method of one generated kernel class shares: options, layout, the site table, names. */
final class GenerationContext {
    final JvmCompilerOptions options;
    final Module module;
    final Kernel kernel;
    final SegmentLayout layout;
    /** Where the loader put global and readonly variables; null when there is no loader. */
    final VariableAddresses globals;
    final String className;
    final List<SourcePosition> sites = new ArrayList<>();
    private final Map<String, String> functionMethods = new HashMap<>();

    GenerationContext(JvmCompilerOptions options, Module module, Kernel kernel, SegmentLayout layout, String className,
            VariableAddresses globals) {
        this.options = options;
        this.module = module;
        this.kernel = kernel;
        this.globals = globals;
        this.layout = layout;
        this.className = className;
        for (Function f : layout.functions()) {
            functionMethods.put(f.name(), "fn" + functionMethods.size() + "_" + sanitize(f.name()));
        }
    }

    Module module() {
        return module;
    }

    /** Registers a source position for fault reports and returns its site number. */
    int site(SourcePosition p) {
        sites.add(p);
        return sites.size() - 1;
    }

    String functionMethod(Function f) {
        return functionMethods.get(f.name());
    }

    /**
     * The float rounding mode (a {@link FloatFormat} constant) of a modifier: the module's default when
     * the instruction has none.
     */
    int floatMode(Rounding r) {
        Rounding d = r == Rounding.DEFAULT
                ? (module().defaultFloatRounding() == Module.FloatRoundingMode.ZERO ? Rounding.ZERO : Rounding.NEAR)
                : r;
        return switch (d) {
            case ZERO -> FloatFormat.ZERO;
            case UP -> FloatFormat.UP;
            case DOWN -> FloatFormat.DOWN;
            default -> FloatFormat.NEAR;
        };
    }

    static String sanitize(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) || c == '_' ? c : '_');
        }
        return b.toString();
    }
}
