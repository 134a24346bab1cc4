package io.github.fdmux.cli.serve;

/** What the server speaks on each connection. */
public enum Protocol {
    /** Every byte received is sent back. */
    ECHO,
    /** HTTP/1.1 with keep-alive: every request is answered {@code 200 OK} with the body {@code hello}. */
    HTTP;

    Codec newCodec() {
        return this == ECHO ? EchoCodec.INSTANCE : new HttpCodec();
    }
}
