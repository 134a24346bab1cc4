package io.github.fdmux;

/**
 * What a {@link Registration} watches, and so what one of its events means
 * ({@link ReadyEvents#source(int)}).
 *
 * <p>An fd reports readiness; every other source reports occurrences, once per batch: the event's
 * {@link ReadyEvents#count(int)} says how many occurred since the source last reported (timer
 * expirations, signal deliveries, triggers), the way an edge-triggered fd reports once for all the
 * data that arrived. {@link Capabilities#support(EventSource)} says per backend whether the kernel
 * provides a source or fdmux emulates it.
 */
public enum EventSource {
    /** A file descriptor or channel: {@link Poller#register(int, Interest, Mode, Object, RegisterOption...)}. */
    FD,
    /** A one-shot or periodic timer: {@link Poller#registerTimer}. */
    TIMER,
    /** A POSIX signal delivered to the process: {@link Poller#registerSignal}. */
    SIGNAL,
    /** The exit of a process: {@link Poller#registerProcess}. */
    PROCESS,
    /** An event triggered by the program itself: {@link Poller#registerUserEvent}. */
    USER
}
