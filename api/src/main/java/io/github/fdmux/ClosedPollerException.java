package io.github.fdmux;

/**
 * Thrown by any operation on a poller (or one of its registrations) after {@link Poller#close()}.
 * The shape of the JDK's {@link java.nio.channels.ClosedSelectorException}.
 */
public class ClosedPollerException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was attempted on which poller
     */
    public ClosedPollerException(String message) {
        super(message);
    }
}
