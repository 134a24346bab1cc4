package io.github.fdmux.iouring;

import static io.github.fdmux.iouring.IoUringLayout.CQE_FLAGS;
import static io.github.fdmux.iouring.IoUringLayout.CQE_RES;
import static io.github.fdmux.iouring.IoUringLayout.CQE_SIZE;
import static io.github.fdmux.iouring.IoUringLayout.CQE_USER_DATA;

import com.kenai.jffi.MemoryIO;
import io.github.fdmux.NativeCallException;
import io.github.fdmux.unix.Native;
import io.github.fdmux.unix.NativeBuffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One io_uring instance: its fd, its SQ and CQ rings mapped into this process, and the SQE array.
 *
 * <h2>Memory ordering</h2>
 * The rings are shared with the kernel, which follows the protocol of io_uring_setup(2) and
 * liburing ({@code src/include/liburing/barrier.h}, {@code src/queue.c}): the producer of a ring
 * writes entries, then publishes the tail with a store-release; the consumer reads the tail with a
 * load-acquire, reads the entries, then publishes its head with a store-release so the producer does
 * not overwrite entries still being read. Here the application produces SQEs and consumes CQEs.
 *
 * <p>From Java, the mapped memory is wrapped (without copying or owning it) in a direct
 * {@link ByteBuffer} ({@code MemoryIO.newDirectByteBuffer} of jffi, JNR's native layer), and the
 * four shared indexes are accessed through a {@link MethodHandles#byteBufferViewVarHandle} int
 * view with {@link VarHandle#getAcquire} and {@link VarHandle#setRelease}; entries are plain
 * absolute gets and puts. The Java memory model gives those accesses acquire and release semantics
 * with respect to every other memory access of this thread, whatever the other party is; the JIT
 * implements them as the C11 {@code memory_order_acquire}/{@code _release} that the kernel's
 * {@code smp_load_acquire}/{@code smp_store_release} pair with:
 * <ul>
 *   <li>x86_64 (TSO): loads are not reordered with later loads or stores, stores not with earlier
 *       stores, so both are plain {@code mov}s; the VarHandle modes keep the JIT from reordering
 *       them, which is all that is needed (the same as liburing's x86 barrier.h, a compiler
 *       barrier);</li>
 *   <li>aarch64 (weakly ordered): HotSpot emits {@code ldar} for getAcquire and {@code stlr} for
 *       setRelease - exactly what GCC emits for liburing's {@code __atomic_load_n(.., ACQUIRE)} and
 *       {@code __atomic_store_n(.., RELEASE)}.</li>
 * </ul>
 * The accesses are 4-byte aligned (mmap returns page-aligned memory and the kernel's offsets are
 * aligned), which atomic VarHandle modes on a ByteBuffer require. Going through JNR's
 * {@code Pointer} would not do: its getInt/putInt are plain accesses with no ordering guarantee,
 * and fences around them would be a weaker argument for the same code.
 *
 * <p>Not thread-safe: the poller calls the SQ methods under its lock and the CQ methods from the
 * polling thread. {@link #close()} only when neither runs.
 */
final class IoUringRing implements AutoCloseable {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final AtomicLong LIVE_MAPPINGS = new AtomicLong();

    private final IoUringLibrary lib;
    private final FastSyscall fast;
    private final IoUringConstants.Syscalls nr;
    private final int fd;
    private final long ringAddress;
    private final long ringSize;
    private final long sqesAddress;
    private final long sqesSize;
    private final ByteBuffer ring;
    private final ByteBuffer sqes;

    private final int sqHead;
    private final int sqTail;
    private final int sqFlags;
    private final int sqMask;
    private final int sqEntries;
    private final int cqHead;
    private final int cqTail;
    private final int cqMask;
    private final int cqEntries;
    private final int cqOverflow;
    private final int cqes;

    /** The application's copy of the SQ tail (only it writes the tail). */
    private int localSqTail;
    /** The application's copy of the CQ head (only it writes the head). */
    private int localCqHead;
    private boolean closed;

    private IoUringRing(IoUringLibrary lib, FastSyscall fast, IoUringConstants.Syscalls nr, int fd, long ringAddress,
            long ringSize, long sqesAddress, long sqesSize, Pointers off) {
        this.lib = lib;
        this.fast = fast;
        this.nr = nr;
        this.fd = fd;
        this.ringAddress = ringAddress;
        this.ringSize = ringSize;
        this.sqesAddress = sqesAddress;
        this.sqesSize = sqesSize;
        this.ring = MemoryIO.getInstance().newDirectByteBuffer(ringAddress, (int) ringSize).order(ByteOrder.nativeOrder());
        this.sqes = MemoryIO.getInstance().newDirectByteBuffer(sqesAddress, (int) sqesSize).order(ByteOrder.nativeOrder());
        this.sqHead = off.sqHead;
        this.sqTail = off.sqTail;
        this.sqFlags = off.sqFlags;
        this.sqMask = ring.getInt(off.sqMask);
        this.sqEntries = ring.getInt(off.sqEntries);
        this.cqHead = off.cqHead;
        this.cqTail = off.cqTail;
        this.cqMask = ring.getInt(off.cqMask);
        this.cqEntries = ring.getInt(off.cqEntries);
        this.cqOverflow = off.cqOverflow;
        this.cqes = off.cqes;
        // Without IORING_SETUP_NO_SQARRAY (6.6) the kernel reads SQE indexes from the SQ array: map
        // slot i to SQE i once, so that only the SQEs and the tail change afterwards.
        for (int i = 0; i < sqEntries; i++) {
            ring.putInt(off.sqArray + i * Integer.BYTES, i);
        }
        this.localSqTail = (int) INT.getAcquire(ring, sqTail);
        this.localCqHead = (int) INT.getAcquire(ring, cqHead);
    }

    /** The offsets io_uring_setup wrote into the params. */
    private static final class Pointers {
        int sqHead;
        int sqTail;
        int sqMask;
        int sqEntries;
        int sqFlags;
        int sqArray;
        int cqHead;
        int cqTail;
        int cqMask;
        int cqEntries;
        int cqOverflow;
        int cqes;
    }

    /**
     * io_uring_setup(2), then maps the rings. Releases everything it made if a step fails.
     *
     * @param lib the binding
     * @param fast the hot-path binding
     * @param nr the system call numbers
     * @param sqEntries SQ size wanted (clamped by the kernel)
     * @param cqEntries CQ size wanted (clamped by the kernel)
     * @return the ring
     * @throws NativeCallException naming the call that failed and its errno
     * @throws IllegalStateException if the kernel lacks a feature this backend needs
     */
    static IoUringRing open(IoUringLibrary lib, FastSyscall fast, IoUringConstants.Syscalls nr, int sqEntries,
            int cqEntries)
            throws NativeCallException {
        int fd;
        int features;
        Pointers off = new Pointers();
        int sqRingEntries;
        int cqRingEntries;
        try (NativeBuffer params = NativeBuffer.allocate(IoUringLayout.PARAMS_SIZE)) {
            params.pointer().putInt(IoUringLayout.PARAMS_FLAGS,
                    IoUringConstants.IORING_SETUP_CQSIZE | IoUringConstants.IORING_SETUP_CLAMP);
            params.pointer().putInt(IoUringLayout.PARAMS_CQ_ENTRIES, cqEntries);
            long r = lib.syscall(nr.setup(), sqEntries, params.pointer().address(), 0, 0, 0, 0);
            if (r < 0) {
                throw IoUringNative.setupFailure(Native.errno());
            }
            fd = (int) r;
            jnr.ffi.Pointer p = params.pointer();
            features = p.getInt(IoUringLayout.PARAMS_FEATURES);
            sqRingEntries = p.getInt(IoUringLayout.PARAMS_SQ_ENTRIES);
            cqRingEntries = p.getInt(IoUringLayout.PARAMS_CQ_ENTRIES);
            int sq = IoUringLayout.PARAMS_SQ_OFF;
            off.sqHead = p.getInt(sq + IoUringLayout.SQ_OFF_HEAD);
            off.sqTail = p.getInt(sq + IoUringLayout.SQ_OFF_TAIL);
            off.sqMask = p.getInt(sq + IoUringLayout.SQ_OFF_RING_MASK);
            off.sqEntries = p.getInt(sq + IoUringLayout.SQ_OFF_RING_ENTRIES);
            off.sqFlags = p.getInt(sq + IoUringLayout.SQ_OFF_FLAGS);
            off.sqArray = p.getInt(sq + IoUringLayout.SQ_OFF_ARRAY);
            int cq = IoUringLayout.PARAMS_CQ_OFF;
            off.cqHead = p.getInt(cq + IoUringLayout.CQ_OFF_HEAD);
            off.cqTail = p.getInt(cq + IoUringLayout.CQ_OFF_TAIL);
            off.cqMask = p.getInt(cq + IoUringLayout.CQ_OFF_RING_MASK);
            off.cqEntries = p.getInt(cq + IoUringLayout.CQ_OFF_RING_ENTRIES);
            off.cqOverflow = p.getInt(cq + IoUringLayout.CQ_OFF_OVERFLOW);
            off.cqes = p.getInt(cq + IoUringLayout.CQ_OFF_CQES);
        }
        long ringAddress = -1;
        long ringSize = 0;
        long sqesAddress = -1;
        long sqesSize = 0;
        try {
            for (int f : IoUringConstants.REQUIRED_FEATURES) {
                if ((features & f) == 0) {
                    throw new IllegalStateException("this kernel's io_uring lacks " + IoUringConstants.featureName(f)
                            + " (features 0x" + Integer.toHexString(features) + ")");
                }
            }
            // IORING_FEAT_SINGLE_MMAP: one mapping at IORING_OFF_SQ_RING holds both rings; map the larger size.
            ringSize = Math.max(IoUringLayout.sqRingSize(sqRingEntries, off.sqArray),
                    IoUringLayout.cqRingSize(cqRingEntries, off.cqes));
            ringAddress = mmap(lib, nr, fd, ringSize, IoUringConstants.IORING_OFF_SQ_RING, "IORING_OFF_SQ_RING");
            sqesSize = (long) sqRingEntries * IoUringLayout.SQE_SIZE;
            sqesAddress = mmap(lib, nr, fd, sqesSize, IoUringConstants.IORING_OFF_SQES, "IORING_OFF_SQES");
            return new IoUringRing(lib, fast, nr, fd, ringAddress, ringSize, sqesAddress, sqesSize, off);
        } catch (NativeCallException | RuntimeException | Error e) {
            if (sqesAddress != -1) {
                munmap(lib, nr, sqesAddress, sqesSize);
            }
            if (ringAddress != -1) {
                munmap(lib, nr, ringAddress, ringSize);
            }
            Native.libc().close(fd);
            throw e;
        }
    }

    private static long mmap(IoUringLibrary lib, IoUringConstants.Syscalls nr, int fd, long size, long offset,
            String what) throws NativeCallException {
        long a = lib.syscall(nr.mmap(), 0, size, IoUringConstants.PROT_READ_WRITE,
                IoUringConstants.MAP_SHARED | IoUringConstants.MAP_POPULATE, fd, offset);
        if (a == -1) {
            throw Native.exception("mmap(" + what + ", " + size + " bytes)", fd, Native.errno());
        }
        LIVE_MAPPINGS.incrementAndGet();
        return a;
    }

    private static int munmap(IoUringLibrary lib, IoUringConstants.Syscalls nr, long address, long size) {
        long r = lib.syscall(nr.munmap(), address, size, 0, 0, 0, 0);
        if (r == 0) {
            LIVE_MAPPINGS.decrementAndGet();
        }
        return (int) r;
    }

    /** @return ring mappings made by this process and not yet unmapped, for leak tests */
    static long liveMappings() {
        return LIVE_MAPPINGS.get();
    }

    /** @return the ring fd */
    int fd() {
        return fd;
    }

    /** @return CQ entries (after clamping) */
    int cqEntries() {
        return cqEntries;
    }

    /** @return the two mappings' total bytes, for tests */
    long mappedBytes() {
        return ringSize + sqesSize;
    }

    // ------------------------------------------------------------------ submission queue

    /** @return SQEs written and published but not yet consumed by the kernel */
    int sqPending() {
        return localSqTail - (int) INT.getAcquire(ring, sqHead);
    }

    /** @return whether an SQE can be written now */
    boolean sqHasSpace() {
        return sqPending() < sqEntries;
    }

    /**
     * Writes a POLL_ADD SQE and publishes it. The caller checked {@link #sqHasSpace()}.
     *
     * @param target the fd to poll
     * @param events POLL* bits
     * @param pollFlags IORING_POLL_ADD_* flags (sqe->len)
     * @param userData what the completions carry back
     */
    void pollAdd(int target, int events, int pollFlags, long userData) {
        int base = beginSqe(IoUringConstants.IORING_OP_POLL_ADD, target);
        sqes.putInt(base + IoUringLayout.SQE_LEN, pollFlags);
        sqes.putInt(base + IoUringLayout.SQE_POLL32_EVENTS, events);
        sqes.putLong(base + IoUringLayout.SQE_USER_DATA, userData);
        publishSqe();
    }

    /**
     * Writes a POLL_REMOVE SQE for the request with {@code targetUserData} and publishes it.
     *
     * @param targetUserData the user_data of the POLL_ADD to remove
     * @param userData what the removal's completion carries back
     */
    void pollRemove(long targetUserData, long userData) {
        int base = beginSqe(IoUringConstants.IORING_OP_POLL_REMOVE, -1);
        sqes.putLong(base + IoUringLayout.SQE_ADDR, targetUserData);
        sqes.putLong(base + IoUringLayout.SQE_USER_DATA, userData);
        publishSqe();
    }

    /**
     * Writes an IORING_OP_TIMEOUT SQE and publishes it: it completes with -ETIME when the time has
     * passed, or with 0 as soon as {@code count} other completions were posted after it (liburing's
     * {@code io_uring_prep_timeout(sqe, ts, count, 0)}). The kernel reads the timespec when the SQE is
     * submitted.
     *
     * @param timespecAddress a struct __kernel_timespec (relative)
     * @param count completions that end it early (0 = a pure timer)
     * @param userData what its completion carries back
     */
    void timeout(long timespecAddress, int count, long userData) {
        int base = beginSqe(IoUringConstants.IORING_OP_TIMEOUT, -1);
        sqes.putLong(base + IoUringLayout.SQE_OFF, count);
        sqes.putLong(base + IoUringLayout.SQE_ADDR, timespecAddress);
        sqes.putInt(base + IoUringLayout.SQE_LEN, 1);
        sqes.putLong(base + IoUringLayout.SQE_USER_DATA, userData);
        publishSqe();
    }

    private int beginSqe(int opcode, int target) {
        int base = (localSqTail & sqMask) * IoUringLayout.SQE_SIZE;
        for (int i = 0; i < IoUringLayout.SQE_SIZE; i += Long.BYTES) {
            sqes.putLong(base + i, 0L);
        }
        sqes.put(base + IoUringLayout.SQE_OPCODE, (byte) opcode);
        sqes.putInt(base + IoUringLayout.SQE_FD, target);
        return base;
    }

    private void publishSqe() {
        localSqTail++;
        // Release: the SQE's contents are visible before the tail that covers it (kernel: smp_load_acquire).
        INT.setRelease(ring, sqTail, localSqTail);
    }

    /** @return whether completions wait in the kernel's overflow list (IORING_SQ_CQ_OVERFLOW) */
    boolean cqOverflowed() {
        return ((int) INT.getAcquire(ring, sqFlags) & IoUringConstants.IORING_SQ_CQ_OVERFLOW) != 0;
    }

    /** @return the CQ ring's overflow counter (completions dropped: stays 0 with IORING_FEAT_NODROP) */
    int cqDropped() {
        return (int) INT.getAcquire(ring, cqOverflow);
    }

    /**
     * io_uring_enter(2) without a signal mask or extended argument (argp NULL, so the kernel ignores
     * argsz). Allocates nothing.
     *
     * @param toSubmit SQEs to submit
     * @param minComplete completions to wait for
     * @param flags IORING_ENTER_* (not EXT_ARG)
     * @return the call's result, or -1 with errno set (read it with {@link FastSyscall#errno()})
     */
    long enter(int toSubmit, int minComplete, int flags) {
        return fast.call(nr.enter(), fd, toSubmit, minComplete, flags, 0);
    }

    // ------------------------------------------------------------------ completion queue

    /** @return completions in the CQ ring not yet consumed */
    int cqReady() {
        // Acquire: the CQEs up to the tail are visible (kernel: smp_store_release of the tail).
        return (int) INT.getAcquire(ring, cqTail) - localCqHead;
    }

    /**
     * @param i 0 for the oldest unconsumed completion
     * @return its user_data
     */
    long cqeUserData(int i) {
        return ring.getLong(cqeOffset(i) + CQE_USER_DATA);
    }

    /**
     * @param i 0 for the oldest unconsumed completion
     * @return its res
     */
    int cqeRes(int i) {
        return ring.getInt(cqeOffset(i) + CQE_RES);
    }

    /**
     * @param i 0 for the oldest unconsumed completion
     * @return its flags
     */
    int cqeFlags(int i) {
        return ring.getInt(cqeOffset(i) + CQE_FLAGS);
    }

    private int cqeOffset(int i) {
        return cqes + ((localCqHead + i) & cqMask) * CQE_SIZE;
    }

    /**
     * Marks the oldest {@code n} completions consumed.
     *
     * @param n how many
     */
    void cqAdvance(int n) {
        if (n > 0) {
            localCqHead += n;
            // Release: our reads of those CQEs happen before the kernel may overwrite them.
            INT.setRelease(ring, cqHead, localCqHead);
        }
    }

    /**
     * Unmaps the rings and closes the ring fd (which cancels every request still in it). Idempotent.
     *
     * @throws NativeCallException if a release failed (the rest is released anyway)
     */
    @Override
    public void close() throws NativeCallException {
        if (closed) {
            return;
        }
        closed = true;
        NativeCallException first = null;
        if (munmap(lib, nr, sqesAddress, sqesSize) < 0) {
            first = Native.exception("munmap(IORING_OFF_SQES)", fd, Native.errno());
        }
        if (munmap(lib, nr, ringAddress, ringSize) < 0 && first == null) {
            first = Native.exception("munmap(IORING_OFF_SQ_RING)", fd, Native.errno());
        }
        try {
            Native.close(fd);
        } catch (NativeCallException e) {
            if (first == null) {
                first = e;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
