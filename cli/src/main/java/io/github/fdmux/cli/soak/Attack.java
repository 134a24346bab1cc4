package io.github.fdmux.cli.soak;

/**
 * One hostile client behaviour from the adversarial run of issue 18, run against {@code fdmux serve}
 * on 127.0.0.1 for a bounded time. Each checks what the server must do in reply; the
 * {@link AttackRun} around it measures what it costs a well-behaved client and the server.
 *
 * @param name a short name, e.g. {@code fd-limit}
 * @param description what it does, for the report
 * @param expectsIdleServer whether the server should stay (nearly) idle during its second half: CPU is
 *     then a verdict
 * @param body what it does
 */
record Attack(String name, String description, boolean expectsIdleServer, Body body) {

    /** What an attack does. */
    @FunctionalInterface
    interface Body {
        /**
         * Attacks until {@code deadlineNanos} ({@link System#nanoTime()}), then releases everything it opened.
         *
         * @param target the server
         * @param deadlineNanos when to stop
         * @return what the server did, and whether that is right
         * @throws Exception if the attack itself cannot run (not a server failure)
         */
        Outcome run(Target target, long deadlineNanos) throws Exception;
    }

    /**
     * Runs the attack ({@link Body#run}).
     *
     * @param target the server
     * @param deadlineNanos when to stop
     * @return what the server did, and whether that is right
     * @throws Exception if the attack itself cannot run (not a server failure)
     */
    Outcome run(Target target, long deadlineNanos) throws Exception {
        return body.run(target, deadlineNanos);
    }

    /** The server under attack and its settings. */
    record Target(ServerProcess server, int bufferBytes, long requestTimeoutMillis) {
    }

    /**
     * @param ok whether the server answered the attack as it must
     * @param detail what was seen, e.g. {@code "412 oversized requests: 412 × one 431 then close"}
     */
    record Outcome(boolean ok, String detail) {
    }
}
