package org.hsaj.hsail.analysis;

import java.util.List;
import java.util.stream.Collectors;
import org.hsaj.runtime.api.HsaException;
import org.hsaj.runtime.api.HsaStatus;

/**
 * An HSAIL module that cannot be finalized, with every diagnostic found (in source order). Its
 * message lists them one per line. The HSA status is {@code HSA_EXT_STATUS_ERROR_INVALID_MODULE}.
 */
public final class HsailException extends HsaException {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> diagnostics;

    public HsailException(List<Diagnostic> diagnostics) {
        super(HsaStatus.EXT_ERROR_INVALID_MODULE, diagnostics.stream().map(Diagnostic::toString)
                .collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
