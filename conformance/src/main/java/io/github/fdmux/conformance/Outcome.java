package io.github.fdmux.conformance;

/**
 * The result of one behaviour on one target.
 *
 * @param behaviour the behaviour
 * @param target    backend and mode
 * @param observed  what the check returned, or null if it failed
 * @param expected  the documented answer
 * @param failure   what went wrong (a failed assertion, an exception, a leak), or null
 * @param millis    how long it took
 */
public record Outcome(Behaviour behaviour, Target target, String observed, String expected, Throwable failure,
        long millis) {

    /** @return true if the check passed, returned the documented answer and leaked nothing */
    public boolean passed() {
        return failure == null && expected.equals(observed);
    }

    /** @return true if the check could not run here (a check threw {@link Expect.Skipped}); {@link #failure()} says why */
    public boolean skipped() {
        return failure instanceof Expect.Skipped;
    }

    /** @return the observed answer, or {@code FAILED: <message>} */
    public String display() {
        if (skipped()) {
            return "skipped: " + failure.getMessage();
        }
        if (failure != null) {
            return "FAILED: " + failure.getMessage();
        }
        return observed;
    }
}
