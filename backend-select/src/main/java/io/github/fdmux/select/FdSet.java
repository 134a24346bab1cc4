package io.github.fdmux.select;

import io.github.fdmux.unix.NativeBuffer;
import jnr.ffi.Pointer;

/**
 * One {@code fd_set} in native memory, in a platform's layout ({@link SelectPlatform}): the
 * {@code FD_SET}, {@code FD_CLR} and {@code FD_ISSET} macros, word access for a fast scan, and the
 * copy the classic select loop makes of its interest sets before each call (select(2) overwrites
 * the sets it is given with the ready ones).
 *
 * <p>Not thread-safe; the poller guards each set (see {@link SelectPoller}). Nothing here
 * allocates after construction.
 */
final class FdSet {
    private final SelectPlatform layout;
    private final NativeBuffer buffer;
    private final Pointer pointer;

    /**
     * @param layout the platform's fd_set layout
     */
    FdSet(SelectPlatform layout) {
        this.layout = layout;
        this.buffer = NativeBuffer.allocate(layout.fdSetBytes());
        this.pointer = buffer.pointer();
    }

    /** @return the memory, for select(2) */
    Pointer pointer() {
        return pointer;
    }

    /**
     * {@code FD_SET}.
     *
     * @param fd 0 to FD_SETSIZE - 1
     */
    void set(int fd) {
        int w = fd / layout.bitsPerWord();
        putWord(w, word(w) | bit(fd));
    }

    /**
     * {@code FD_CLR}.
     *
     * @param fd 0 to FD_SETSIZE - 1
     */
    void clear(int fd) {
        int w = fd / layout.bitsPerWord();
        putWord(w, word(w) & ~bit(fd));
    }

    /**
     * {@code FD_ISSET}.
     *
     * @param fd 0 to FD_SETSIZE - 1
     * @return whether fd is in the set
     */
    boolean isSet(int fd) {
        return (word(fd / layout.bitsPerWord()) & bit(fd)) != 0;
    }

    /**
     * @param index a word index
     * @return the word, zero-extended to 64 bits; bit {@code b} is fd {@code index * NFDBITS + b}
     */
    long word(int index) {
        long offset = (long) index * layout.wordBytes();
        return layout.wordBytes() == 8 ? pointer.getLong(offset) : pointer.getInt(offset) & 0xffff_ffffL;
    }

    private void putWord(int index, long value) {
        long offset = (long) index * layout.wordBytes();
        if (layout.wordBytes() == 8) {
            pointer.putLong(offset, value);
        } else {
            pointer.putInt(offset, (int) value);
        }
    }

    private long bit(int fd) {
        return 1L << (fd % layout.bitsPerWord());
    }

    /**
     * Copies the words that hold fds 0 to nfds - 1 into another set (the rest of it is left alone:
     * select(2) reads and writes only those).
     *
     * @param target the set to overwrite
     * @param nfds the highest fd + 1
     */
    void copyTo(FdSet target, int nfds) {
        long bytes = (long) layout.wordsFor(nfds) * layout.wordBytes();
        if (bytes > 0) {
            pointer.transferTo(0, target.pointer, 0, bytes);
        }
    }

    /** {@code FD_ZERO}. */
    void zero() {
        pointer.setMemory(0, layout.fdSetBytes(), (byte) 0);
    }

    /** Frees the memory; the set cannot be used afterwards. */
    void free() {
        buffer.free();
    }
}
