package io.github.fdmux.unix;

import io.github.fdmux.NativeCallException;
import jnr.constants.platform.RLIMIT;
import jnr.posix.POSIX;
import jnr.posix.RLimit;

/** RLIMIT_NOFILE: read it, and raise the soft limit toward the hard one for fd-hungry work. */
public final class ResourceLimits {
    private ResourceLimits() {
    }

    /**
     * @return {soft, hard} RLIMIT_NOFILE
     * @throws NativeCallException if getrlimit fails
     */
    public static long[] noFile() throws NativeCallException {
        POSIX posix = Native.posix();
        RLimit l = posix.getrlimit(RLIMIT.RLIMIT_NOFILE.intValue());
        if (l == null) {
            throw Native.exception("getrlimit(RLIMIT_NOFILE)", -1, posix.errno());
        }
        return new long[] {l.rlimCur(), l.rlimMax()};
    }

    /**
     * Raises the soft RLIMIT_NOFILE to at least {@code wanted}, if the hard limit allows.
     *
     * @param wanted the soft limit wanted
     * @return the soft limit now in force (may be below {@code wanted} if the hard limit is lower)
     * @throws NativeCallException if getrlimit or setrlimit fails
     */
    public static long raiseNoFile(long wanted) throws NativeCallException {
        long[] now = noFile();
        long soft = now[0];
        long hard = now[1];
        if (soft >= wanted || soft == hard) {
            return soft;
        }
        long target = hard < 0 ? wanted : Math.min(wanted, hard); // RLIM_INFINITY reads as -1
        POSIX posix = Native.posix();
        if (posix.setrlimit(RLIMIT.RLIMIT_NOFILE.intValue(), target, hard) < 0) {
            throw Native.exception("setrlimit(RLIMIT_NOFILE)", -1, posix.errno());
        }
        return target;
    }
}
