package io.github.fdmux;

/**
 * Thrown by {@link Registration#modify(Interest)} and {@link Registration#rearm()} on a
 * registration that was cancelled. The shape of the JDK's
 * {@link java.nio.channels.CancelledKeyException}: an unchecked {@link IllegalStateException}.
 * {@link Registration#cancel()} itself never throws it: cancelling again returns false.
 *
 * <p>Immutable, so safe to share between threads once thrown.
 */
public class CancelledRegistrationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was attempted on which registration
     */
    public CancelledRegistrationException(String message) {
        super(message);
    }
}
