package io.github.fdmux.unix;

import jnr.posix.FileStat;
import jnr.posix.POSIX;

/**
 * Device and inode of the open file behind an fd: tells a registration whose fd number was closed
 * and reused apart from a genuine second registration of the same file.
 *
 * @param device st_dev
 * @param inode  st_ino
 * @param type   the S_IFMT bits of st_mode
 */
public record FileIdentity(long device, long inode, int type) {

    /**
     * fstat(2)s the fd. Also the synchronous "is this fd open" check: a closed fd gives EBADF.
     *
     * @param fd the fd
     * @return its identity
     * @throws io.github.fdmux.NativeCallException EBADF if the fd is not open
     */
    public static FileIdentity of(int fd) throws io.github.fdmux.NativeCallException {
        POSIX posix = Native.posix();
        FileStat st = posix.allocateStat();
        if (posix.fstat(fd, st) < 0) {
            throw Native.exception("fstat", fd, posix.errno());
        }
        return new FileIdentity(st.dev(), st.ino(), st.mode() & FileStat.S_IFMT);
    }

    /** @return true for a regular file */
    public boolean isRegularFile() {
        return type == FileStat.S_IFREG;
    }
}
