package io.github.fdmux.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.fdmux.Pollers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FirstPollerTest {
    @Test
    void printsOneReadableEvent() throws Exception {
        String backend;
        try (var poller = Pollers.open()) {
            backend = poller.backend().name();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            FirstPoller.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        assertEquals(backend + ": my pipe readable=true" + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
    }
}
