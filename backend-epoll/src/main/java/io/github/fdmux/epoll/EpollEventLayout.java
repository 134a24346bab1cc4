package io.github.fdmux.epoll;

import java.util.Locale;
import jnr.ffi.Pointer;

/**
 * Where the fields of {@code struct epoll_event} are. The kernel declares it
 * {@code __attribute__((packed))} on x86_64 only (uapi/linux/eventpoll.h: {@code EPOLL_PACKED}),
 * so there it is 12 bytes with the 64-bit data at offset 4; elsewhere (aarch64, riscv64, ...) it is
 * naturally aligned: 16 bytes, data at offset 8. On 32-bit x86 natural alignment of a u64 is 4, so
 * it is 12 bytes there too.
 *
 * @param name          a label for messages and tests
 * @param size          sizeof(struct epoll_event)
 * @param eventsOffset  offset of {@code uint32_t events}
 * @param dataOffset    offset of {@code epoll_data_t data} (a u64)
 */
record EpollEventLayout(String name, int size, int eventsOffset, int dataOffset) {

    /** x86_64 (and i386): packed, 12 bytes. */
    static final EpollEventLayout PACKED = new EpollEventLayout("packed (x86_64)", 12, 0, 4);
    /** Every other architecture: natural alignment, 16 bytes. */
    static final EpollEventLayout NATURAL = new EpollEventLayout("natural (aarch64 and others)", 16, 0, 8);

    /**
     * @param osArch the {@code os.arch} value
     * @return the layout for that architecture
     */
    static EpollEventLayout forArch(String osArch) {
        switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
            case "x86":
            case "i386":
            case "i486":
            case "i586":
            case "i686":
                return PACKED;
            default:
                return NATURAL;
        }
    }

    /** @return the layout of the running JVM's architecture */
    static EpollEventLayout current() {
        return forArch(System.getProperty("os.arch", ""));
    }

    void put(Pointer array, int index, int events, long data) {
        long base = (long) index * size;
        array.putInt(base + eventsOffset, events);
        array.putLong(base + dataOffset, data);
    }

    int events(Pointer array, int index) {
        return array.getInt((long) index * size + eventsOffset);
    }

    long data(Pointer array, int index) {
        return array.getLong((long) index * size + dataOffset);
    }
}
