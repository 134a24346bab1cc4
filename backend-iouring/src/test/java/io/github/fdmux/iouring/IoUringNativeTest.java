package io.github.fdmux.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.fdmux.NativeCallException;
import io.github.fdmux.unix.Errnos;
import org.junit.jupiter.api.Test;

/** What an io_uring_setup refusal says; runs on any host. */
class IoUringNativeTest {

    @Test
    void enosysNamesTheCallTheErrnoAndBothCauses() {
        NativeCallException e = IoUringNative.setupFailure(Errnos.ENOSYS);
        assertEquals("io_uring_setup", e.call());
        assertEquals(Errnos.ENOSYS, e.errno());
        String m = e.getMessage();
        assertTrue(m.contains("io_uring_setup") && m.contains("ENOSYS") && m.contains("5.1") && m.contains("seccomp")
                && m.contains("EPOLL"), m);
    }

    @Test
    void epermSaysWhichSettingRefusedIt() {
        assertTrue(IoUringNative.disabledHint("2").contains("kernel.io_uring_disabled=2"));
        String one = IoUringNative.disabledHint("1");
        assertTrue(one.contains("kernel.io_uring_disabled=1") && one.contains("kernel.io_uring_group"), one);
        String zero = IoUringNative.disabledHint("0");
        assertTrue(zero.contains("seccomp") && zero.contains("io_uring_disabled is 0"), zero);
        assertTrue(IoUringNative.disabledHint(null).contains("unreadable"));
        NativeCallException e = IoUringNative.setupFailure(Errnos.EPERM);
        assertTrue(e.getMessage().contains("io_uring_setup") && e.getMessage().contains("EPERM"), e.getMessage());
    }
}
