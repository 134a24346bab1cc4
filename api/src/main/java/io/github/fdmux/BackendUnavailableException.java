package io.github.fdmux;

import java.io.IOException;

/**
 * A backend that was asked for cannot be used here. The message says why (wrong OS, a missing
 * symbol, a system call refused by seccomp, ...); the cause, if any, is the underlying failure.
 */
public class BackendUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    private final Backend backend;

    /**
     * @param backend the backend that cannot be used
     * @param message why
     * @param cause the underlying failure, may be null
     */
    public BackendUnavailableException(Backend backend, String message, Throwable cause) {
        super(message, cause);
        this.backend = backend;
    }

    /** @return the backend that cannot be used */
    public Backend backend() {
        return backend;
    }
}
