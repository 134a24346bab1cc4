package io.github.fdmux;

/**
 * Thrown by {@link Poller#poll}, {@link Poller#register}, {@link Poller#wakeup()},
 * {@link Registration#modify(Interest)} and {@link Registration#rearm()} once the poller is closed
 * (or closing). The shape of the JDK's {@link java.nio.channels.ClosedSelectorException}: an
 * unchecked {@link IllegalStateException}. {@link Registration#cancel()} never throws it (it returns
 * false), and {@link Poller#stats()}, {@link Poller#isOpen()}, {@link Poller#backend()},
 * {@link Poller#capabilities()} and {@link Poller#selectionReason()} still answer after close.
 *
 * <p>Immutable, so safe to share between threads once thrown.
 */
public class ClosedPollerException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was attempted on which poller
     */
    public ClosedPollerException(String message) {
        super(message);
    }
}
