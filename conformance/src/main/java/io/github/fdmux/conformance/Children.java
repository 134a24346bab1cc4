package io.github.fdmux.conformance;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Child processes for the process-source behaviours: no pipe to the JVM (stdin from /dev/null,
 * output discarded), so that the fd-leak check sees only what fdmux holds; each is killed and
 * reaped when the fixture closes.
 */
final class Children {
    private Children() {
    }

    /**
     * @param f the fixture that ends it
     * @return a child that runs until it is destroyed ({@code sleep 600})
     * @throws IOException if it cannot be started
     */
    static Process running(Resources f) throws IOException {
        Process p = start(f, "sleep", "600");
        if (!p.isAlive()) {
            throw new IOException("sleep 600 exited at once with " + p.exitValue());
        }
        return p;
    }

    /**
     * @param f the fixture
     * @return a child that has exited and been reaped ({@code true})
     * @throws IOException if it cannot be started
     * @throws InterruptedException if interrupted while waiting for it
     */
    static Process exited(Resources f) throws IOException, InterruptedException {
        Process p = start(f, "true");
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            throw new IOException("`true` did not exit within 10 s");
        }
        return p;
    }

    private static Process start(Resources f, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        f.track(() -> {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        });
        return p;
    }
}
