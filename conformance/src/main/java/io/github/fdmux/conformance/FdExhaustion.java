package io.github.fdmux.conformance;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.unix.Native;
import java.io.IOException;

/**
 * Gives the JDK's fd-exhaustion failures the shape of fdmux's own: the JDK reports EMFILE from
 * {@code Pipe.open()} or {@code SocketChannel.open()} only as {@code IOException("Too many open
 * files")}, without errno or call; fdmux's {@link NativeCallException} names both. A behaviour that
 * runs out of fds under a low {@code RLIMIT_NOFILE} (a container's {@code --ulimit nofile=64})
 * then fails with the same documented EMFILE error wherever the fd was asked for.
 *
 * <p>Everything the translation needs is loaded when this class is, so translating does not itself
 * need an fd (loading a class from a directory opens a file).
 */
final class FdExhaustion {
    private static final int EMFILE = Native.errnoValue("EMFILE");
    private static final int ENFILE = Native.errnoValue("ENFILE");
    private static final String EMFILE_TEXT = text(EMFILE, "Too many open files");
    private static final String ENFILE_TEXT = text(ENFILE, "Too many open files in system");
    private static final NativeCallException PRELOAD = Native.exception("preload", -1, EMFILE);

    private FdExhaustion() {
    }

    private static String text(int errno, String fallback) {
        String d = errno < 0 ? null : Native.errnoDescription(errno);
        return d == null ? fallback : d;
    }

    /**
     * Does nothing but make sure this class is initialised (and with it what {@link #explain}
     * needs: {@code PRELOAD}) before any exhaustion.
     */
    static void load() {
        // the call is the point: it runs the static initialiser
    }

    /** A JDK call that opens fds. */
    @FunctionalInterface
    interface Opener<T> {
        T open() throws IOException;
    }

    /**
     * Runs a JDK call that opens fds, turning fd exhaustion into an exception that names the call.
     *
     * @param call the system call and the JDK method that makes it, e.g. {@code "pipe() in Pipe.open"}
     * @param opener the call
     * @return what it returned
     * @throws IOException what it threw, {@link #explain explained}
     */
    static <T> T call(String call, Opener<T> opener) throws IOException {
        try {
            return opener.open();
        } catch (IOException e) {
            throw explain(call, e);
        }
    }

    /**
     * @param call the system call and the JDK method that made it, e.g. {@code "pipe() in Pipe.open"}
     * @param e what the JDK threw
     * @return a {@link NativeCallException} naming the call and EMFILE or ENFILE (with {@code e} as
     *     its cause) if {@code e} is fd exhaustion, else {@code e} itself
     */
    static IOException explain(String call, IOException e) {
        String m = e.getMessage();
        if (m == null) {
            return e;
        }
        int errno;
        // ENFILE's text starts with EMFILE's: test the longer one first.
        if (ENFILE >= 0 && m.startsWith(ENFILE_TEXT)) {
            errno = ENFILE;
        } else if (EMFILE >= 0 && m.startsWith(EMFILE_TEXT)) {
            errno = EMFILE;
        } else {
            return e;
        }
        NativeCallException n = Native.exception(call, -1, errno);
        n.initCause(e);
        return n;
    }
}
