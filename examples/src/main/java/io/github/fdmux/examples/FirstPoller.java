package io.github.fdmux.examples;

import io.github.fdmux.Interest;
import io.github.fdmux.Mode;
import io.github.fdmux.Poller;
import io.github.fdmux.Pollers;
import io.github.fdmux.ReadyEvents;
import io.github.fdmux.Registration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;

/**
 * The guide's first poller: a pipe, one registration, one poll. Prints e.g.
 * {@code EPOLL: my pipe readable=true}.
 */
public final class FirstPoller {
    private FirstPoller() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws IOException if the pipe or the poller fails
     */
    public static void main(String[] args) throws IOException {
        try (Poller poller = Pollers.open()) {                      // the best backend of this OS
            Pipe pipe = Pipe.open();
            pipe.source().configureBlocking(false);                 // pollers take non-blocking channels
            Registration r = poller.register(pipe.source(), Interest.READ, Mode.LEVEL, "my pipe");
            pipe.sink().write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
            ReadyEvents events = new ReadyEvents(64);               // reuse it: polling allocates nothing
            int n = poller.poll(events, 1000);                      // wait at most 1000 ms
            for (int i = 0; i < n; i++) {
                System.out.println(poller.backend() + ": " + events.attachment(i) + " readable=" + events.isReadable(i));
            }
            r.cancel();                                             // cancel before closing the fd
            pipe.source().close();
            pipe.sink().close();
        }
    }
}
